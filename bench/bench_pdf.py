"""Certificate PDFs (CERT-03): N certificates into one batch file, against a bare baseline.

Baseline, same run: a bare ReportLab page per certificate with the same Kai font (subset
embedded) and the same vector QR code, nothing else. Goal: >= 100 pages/s on one core.

What users would pick instead (issue 14): the same certificate layout as HTML/CSS rendered
by WeasyPrint (bench/pdf_html.py: same data, text, page size, Kai font embedded via
@font-face, QR as SVG from segno), BENCH_PDF_HTML_N of the same certificates (default all)
in one document, the same run. Goal: skillcert >= 10x WeasyPrint's pages/s.
"""

import io
import os
import time

N = int(os.environ.get("BENCH_PDF_N", "500"))
HTML_N = min(N, int(os.environ.get("BENCH_PDF_HTML_N", str(N))))
GOAL_VS_HTML = 10.0


def _certificates(n: int):
    from skillcert.certificates import services
    from skillcert.certificates.models import Certificate
    from skillcert.certificates.selectors import certificates_for_pdf
    from tests import factories as f

    institution = f.filed_institution("基准测试学院")
    sitting = f.sitting(institution, level=4)
    f.registrations_with_results(sitting, n)
    register = services.issue_register_create(actor=None, sitting=sitting)
    services.issue_register_review(actor=None, register=register)
    services.issue_register_issue(actor=None, register=register)  # dated today (CERT-03)
    return list(certificates_for_pdf(Certificate.objects.filter(register=register)))


def _baseline(certs, fileobj) -> int:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas as pdfcanvas

    from skillcert.certificates.pdf import _binary_streams, draw_qr, font_name
    from skillcert.certificates.verification import verify_url

    font = font_name()
    c = pdfcanvas.Canvas(
        fileobj, pagesize=landscape(A4), pageCompression=1, initialFontName=font, initialFontSize=12
    )
    for cert in certs:
        c.setFont(font, 14)
        c.drawString(72, 500, cert.holder_name)
        c.drawString(72, 480, cert.number)
        draw_qr(c, verify_url(cert.number), 700, 50, 80)
        c.showPage()
    with _binary_streams():  # same stream encoding as the certificates, a fair comparison
        c.save()
    return len(certs)


def run() -> None:
    from skillcert.certificates.pdf import font_name, render_certificates

    font_name()  # registering the font is a one-off per process, not per batch
    certs = _certificates(N)
    # Warm up both paths once (imports, glyph tables), then time.
    _baseline(certs[:5], io.BytesIO())
    render_certificates(certs[:5], io.BytesIO())

    buf = io.BytesIO()
    started = time.perf_counter()
    _baseline(certs, buf)
    base_s = time.perf_counter() - started
    base_size = buf.tell()

    buf = io.BytesIO()
    started = time.perf_counter()
    pages = render_certificates(certs, buf)
    ours_s = time.perf_counter() - started
    size = buf.tell()

    base_rate, rate = N / base_s, pages / ours_s
    print(
        f"   baseline (bare page, same font + vector QR): {N} pages in {base_s:.2f} s "
        f"= {base_rate:.0f} pages/s, {base_size / 1024:.0f} KiB"
    )
    print(
        f"   certificates (full layout, batch):           {pages} pages in {ours_s:.2f} s "
        f"= {rate:.0f} pages/s, {size / 1024:.0f} KiB"
    )
    print(
        f"   ratio certificates/baseline: {rate / base_rate:.2f}  (goal >= 100 pages/s: "
        f"{'met' if rate >= 100 else 'NOT met'})"
    )
    _versus_html(certs[:HTML_N], rate)


def _pdf_text(data: bytes) -> str:
    """The first page's text as pdftotext reads it ('' without poppler-utils)."""
    import shutil
    import subprocess

    if not shutil.which("pdftotext"):
        return ""
    out = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-", "-"], input=data, capture_output=True, check=True
    )
    return out.stdout.decode()


def _versus_html(certs, rate: float) -> None:
    """WeasyPrint on the same layout and data; the ratio to skillcert's pages/s."""
    try:
        from bench.pdf_html import render_html_pdf
    except ImportError:
        print("   WeasyPrint: not installed (make bench installs the bench extra)")
        return
    render_html_pdf(certs[:2], io.BytesIO())  # warm up: fonts, CSS parser
    buf = io.BytesIO()
    started = time.perf_counter()
    pages = render_html_pdf(certs, buf)
    html_s = time.perf_counter() - started
    html_rate = pages / html_s
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(buf.getvalue()))
    if os.environ.get("BENCH_PDF_KEEP"):  # look at both: var/bench/certificates-*.pdf
        from django.conf import settings

        from skillcert.certificates.pdf import render_certificates

        (settings.VAR_DIR / "bench" / "certificates-weasyprint.pdf").write_bytes(buf.getvalue())
        with open(settings.VAR_DIR / "bench" / "certificates-skillcert.pdf", "wb") as out:
            render_certificates(certs[:3], out)
    text = _pdf_text(buf.getvalue())
    same = all(s in text for s in (certs[0].holder_name, certs[0].number, "职业技能等级证书"))
    print(
        f"   WeasyPrint (same layout as HTML/CSS, same data, Kai via @font-face, SVG QR): "
        f"{pages} pages in {html_s:.2f} s = {html_rate:.1f} pages/s, "
        f"{buf.tell() / 1024:.0f} KiB, {len(reader.pages)} pages"
        + ("; text checked" if same else ("; TEXT DIFFERS" if text else ""))
    )
    ratio = rate / html_rate
    print(
        f"   ratio certificates/WeasyPrint: {ratio:.1f}x (goal >= {GOAL_VS_HTML:.0f}x: "
        f"{'met' if ratio >= GOAL_VS_HTML else 'NOT met'})"
    )
