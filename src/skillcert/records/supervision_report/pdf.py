"""The supervision report as a PDF (REC-06, 004: 纸质质量督导报告并有全体成员签名): the plan,
the checklist of 002 质量监督机制, the findings and the group's signatures with their times
and the SHA-256 of the text each signed."""

from django.utils import timezone

from ..models.supervision_report import SupervisionReport
from ..pdf import Document
from .checklist import SECTIONS
from .services import group_of


def report_pdf(report: SupervisionReport, *, issuer: str) -> bytes:
    sitting = report.sitting
    doc = Document("职业技能等级认定质量督导报告", author=issuer)
    doc.text(f"评价机构：{issuer}")
    doc.text(f"认定批次：{sitting.name}（{sitting.theory_on or ''} {sitting.practical_on or ''}）")
    doc.text(
        f"提交期限：{report.due_on}　状态：{report.get_status_display()}"
        + ("（逾期提交）" if report.late else "")
    )
    doc.heading("一、内部质量督导计划")
    doc.text(report.plan)
    doc.heading("二、质量监督检查表（002 质量监督机制）")
    for title, items in SECTIONS:
        doc.text(title)
        for code, label in items:
            answer = report.checklist.get(code, {})
            mark = "符合" if answer.get("ok") else "不符合"
            note = f"（{answer['note']}）" if answer.get("note") else ""
            doc.text(f"{label}：{mark}{note}", size=10.5, indent=12)
    doc.heading("三、督导意见")
    doc.text(report.findings)
    doc.heading("四、督导组签名")
    signed = {s.person_id: s for s in report.signatures.all()}
    for person in group_of(sitting):
        s = signed.get(person.pk)
        when = timezone.localtime(s.signed_at).strftime("%Y-%m-%d %H:%M") if s else "未签名"
        doc.text(f"{person.name}：{when}")
    if report.content_sha256:
        doc.text(f"所签内容摘要（SHA-256）：{report.content_sha256}", size=8)
    return doc.bytes()
