"""CERT-03: the certificate PDF read back with real tools (poppler, zbar, pypdf)."""

import io
import subprocess
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from pypdf import PdfReader

from skillcert.certificates.models import Certificate
from skillcert.certificates.pdf import draw_qr, qr_runs, render_certificates
from skillcert.certificates.selectors import certificates_for_pdf
from skillcert.certificates.verification import verify_url

from .conftest import issue

LABELS = [
    "姓名",
    "Name",
    "证件类型",
    "ID Type",
    "证件号码",
    "ID No.",
    "职业名称",
    "Occupation",
    "工种/职业方向",
    "Job Type",
    "职业技能等级",
    "Skill Level",
    "证书编号",
    "Certificate No.",
    "发证机构",
    "Issued by",
    "发证日期",
    "Date of Issue",
]


@pytest.fixture
def certificate(sitting):
    (cert,) = issue(sitting, 1)
    return certificates_for_pdf(Certificate.objects.filter(pk=cert.pk)).get()


def _render(certs, tmp_path):
    out = tmp_path / "certs.pdf"
    with out.open("wb") as fh:
        pages = render_certificates(certs, fh)
    return out, pages


def test_cert03_pdf_text_has_holder_number_full_id_and_bilingual_labels(
    certificate, tmp_path, tool
):
    pdftotext = tool("pdftotext")
    path, pages = _render([certificate], tmp_path)
    assert pages == 1
    text = subprocess.run(
        [pdftotext, "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert certificate.holder_name in text
    assert certificate.number in text
    # The certificate itself carries the full number (screens never do).
    assert certificate.person.id_number in text
    for label in LABELS:
        assert label in text, label
    assert "职业技能等级证书" in text and "Certificate of Occupational Skill Level" in text
    assert "数控车床" in text and "四级/中级工" in text and certificate.issuer_name in text
    assert "2025年7月1日" in text
    assert f"{settings.SITE_URL}/verify/" in text  # the verification address


def test_cert03_qr_decodes_to_the_verification_url_which_says_valid(
    certificate, tmp_path, tool, client
):
    pdftoppm, zbarimg = tool("pdftoppm"), tool("zbarimg")
    path, _ = _render([certificate], tmp_path)
    subprocess.run(
        [pdftoppm, "-png", "-r", "200", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")],
        check=True,
    )
    (png,) = tmp_path.glob("page*.png")
    decoded = subprocess.run(
        [zbarimg, "--raw", "-q", str(png)], capture_output=True, text=True
    ).stdout.strip()
    assert decoded == verify_url(certificate.number)
    response = client.get(urlsplit(decoded).path)
    assert response.status_code == 200
    body = response.content.decode()
    assert "有效" in body and certificate.number in body
    assert certificate.person.id_number not in body and certificate.id_masked in body


def test_cert03_fonts_are_embedded_as_subsets_and_qr_is_not_an_image(certificate, tmp_path):
    path, _ = _render([certificate], tmp_path)
    reader = PdfReader(str(path))
    fonts, images = {}, 0

    def walk(resources):
        nonlocal images
        resources = resources.get_object() if resources else {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
        for xobj in (resources.get("/XObject") or {}).values():
            xobj = xobj.get_object()
            if xobj.get("/Subtype") == "/Image":
                images += 1
            elif "/Resources" in xobj:
                walk(xobj["/Resources"])

    walk(reader.pages[0]["/Resources"])
    assert fonts, "no fonts found"
    for name, font in fonts.items():
        base = str(name).lstrip("/")
        prefix, _, _ = base.partition("+")
        assert len(prefix) == 6 and prefix.isupper() and "+" in base, base
        descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0]["/FontDescriptor"]
        assert any(k in descriptor.get_object() for k in ("/FontFile2", "/FontFile3"))
    assert images == 0  # no photo, and the QR is vectors


def test_cert03_batch_renders_one_page_per_certificate(sitting, tmp_path, tool):
    certs = certificates_for_pdf(
        Certificate.objects.filter(pk__in=[c.pk for c in issue(sitting, 5)])
    )
    path, pages = _render(certs, tmp_path)
    assert pages == 5 and len(PdfReader(str(path)).pages) == 5
    text = subprocess.run(
        [tool("pdftotext"), "-f", "4", "-l", "4", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    assert list(certs)[3].number in text
    # Every page's QR reads back to its own certificate (fixed mask, merged rectangles).
    subprocess.run(
        [tool("pdftoppm"), "-png", "-r", "200", str(path), str(tmp_path / "p")], check=True
    )
    zbarimg = tool("zbarimg")
    decoded = [
        subprocess.run(
            [zbarimg, "--raw", "-q", str(png)], capture_output=True, text=True
        ).stdout.strip()
        for png in sorted(tmp_path.glob("p-*.png"))
    ]
    assert decoded == [verify_url(c.number) for c in certs]


def test_cert03_photo_is_printed_when_the_person_has_one(certificate, tmp_path):
    from django.core.files.base import ContentFile
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (120, 160), (200, 30, 30)).save(buf, "JPEG")
    person = certificate.person
    person.photo.save("p.jpg", ContentFile(buf.getvalue()), save=True)
    path, _ = _render([certificate], tmp_path)
    page = PdfReader(str(path)).pages[0]
    assert len(page.images) == 1


def test_cert03_sealed_photo_is_decrypted_onto_the_certificate_item14(
    certificate, tmp_path, settings
):
    """Issue 16 item 14 (CERT-03): a photo stored sealed by photo_set still prints."""
    from skillcert.people.photos import photo_set
    from tests.plans.test_registration_support import image_bytes

    settings.MEDIA_ROOT = str(tmp_path)
    photo_set(person=certificate.person, data=image_bytes())
    path, _ = _render([certificate], tmp_path)
    assert len(PdfReader(str(path)).pages[0].images) == 1


@pytest.mark.parametrize(
    "data",
    [
        "http://example.org/verify/q/X/abc/",
        "http://127.0.0.1:8000/verify/q/Y000041019001221000001/0123456789abcdef/",
    ],
)
def test_qr_rectangles_cover_exactly_the_dark_modules(data):
    """The merged vector rectangles redraw the symbol module for module."""
    import segno

    from skillcert.certificates.pdf import QR_MASK, qr_rects

    n, runs = qr_runs(data)
    assert (0, 0, 7) in runs  # the top-left finder pattern starts the first row
    rects = qr_rects(n, runs)
    assert len(rects) < len(runs) < sum(length for *_, length in runs)  # merged both ways
    drawn = [[0] * n for _ in range(n)]
    for col, top, w, h in rects:
        for r in range(top, top + h):
            for c in range(col, col + w):
                assert not drawn[r][c], "overlap"
                drawn[r][c] = 1
    expected = segno.make(data, error="m", micro=False, mask=QR_MASK).matrix
    assert drawn == [[int(bool(b)) for b in row] for row in expected]


def test_qr_is_drawn_as_path_operators_not_an_image():
    ops = []

    class Canvas:
        def addLiteral(self, s):
            ops.append(s)

    draw_qr(Canvas(), "http://example.org/", 10, 20, 80)
    (stream,) = ops
    assert stream.startswith("q 0 g") and stream.endswith("f Q") and " re" in stream
    assert "Do" not in stream and "BI" not in stream


def test_cert03_item_10_a_seal_change_after_issue_leaves_issued_pdfs_as_they_were(
    sitting, tmp_path, monkeypatch
):
    """Issue 16 item 10 (CERT-03, REC-09): the certificate keeps the seal text it was issued
    with; changing the institution's seal later (e.g. in the admin) alters only what is
    issued afterwards, never the PDF of a certificate already issued."""
    from skillcert.certificates import pdf

    institution = sitting.institution
    institution.seal_text = "河南示范职业技术学院职业技能等级认定中心"
    institution.save(update_fields=["seal_text"])
    (cert,) = issue(sitting, 1)
    institution.seal_text = "改过的印章"
    institution.save(update_fields=["seal_text"])
    stamped = []
    real_seal = pdf.seal
    monkeypatch.setattr(
        pdf,
        "seal",
        lambda c, font, text, **kw: stamped.append(text) or real_seal(c, font, text, **kw),
    )
    _render(certificates_for_pdf(Certificate.objects.filter(pk=cert.pk)), tmp_path)
    assert stamped == ["河南示范职业技术学院职业技能等级认定中心"]
