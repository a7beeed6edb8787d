"""The written notice to a complainant as a PDF (REC-04), for printing, mailing and the archive."""

from ..models.complaints import ComplaintNotice
from ..pdf import Document
from .notices import zh_date


def notice_pdf(notice: ComplaintNotice, *, issuer: str) -> bytes:
    doc = Document(notice.get_kind_display(), author=issuer)
    doc.text(notice.text, size=13)
    doc.text(f"联系方式：{notice.complaint.contact}", size=13)
    doc.right(issuer, zh_date(notice.issued_on))
    return doc.bytes()
