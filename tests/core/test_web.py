"""core.web.download: file names with Chinese characters reach the browser as a proper
RFC 6266 header (attachment, UTF-8 name), not an RFC 2047-encoded header."""

from skillcert.core.web import download


def test_download_with_a_chinese_name_is_an_attachment_with_the_utf8_name():
    r = download(b"%PDF", "application/pdf", "试卷12.pdf")
    header = r["Content-Disposition"]
    assert header.startswith("attachment; filename*=utf-8''")
    assert "%E8%AF%95%E5%8D%B712.pdf" in header and "=?utf-8?" not in header


def test_inline_download_and_an_ascii_name():
    r = download(b"%PDF", "application/pdf", "41000012026400001.pdf", inline=True)
    assert r["Content-Disposition"] == 'inline; filename="41000012026400001.pdf"'
