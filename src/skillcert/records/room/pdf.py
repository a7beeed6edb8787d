"""The room record printed as the form (考场情况记录表, REC-10): A4, Kai font embedded."""

import io

from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdfcanvas

from skillcert.core.pdf import font_name, wrap

from ..models import RoomRecord
from .selectors import attendance_of, incidents_of, violations_of

PAGE_W, PAGE_H = A4
LEFT, RIGHT, BOTTOM = 18 * mm, PAGE_W - 18 * mm, 20 * mm


def room_record_pdf(record: RoomRecord) -> bytes:
    font = font_name()
    buf = io.BytesIO()
    c = pdfcanvas.Canvas(buf, pagesize=A4, pageCompression=1, initialFontName=font)
    c.setTitle(f"考场情况记录表 {record.room}")
    c.setAuthor("skillcert")
    y = PAGE_H - 22 * mm

    def line(text: str, size: float = 10.5, gap: float = 6.2 * mm, x: float = LEFT) -> None:
        nonlocal y
        for part in wrap(text, font, size, RIGHT - x) or [""]:
            if y < BOTTOM:
                c.showPage()
                y = PAGE_H - 22 * mm
            c.setFont(font, size)
            c.drawString(x, y, part)
            y -= gap

    c.setFont(font, 18)
    c.drawCentredString(PAGE_W / 2, y, "考场情况记录表")
    y -= 12 * mm
    sitting = record.sitting
    line(f"评价机构：{record.institution.name}    批次：{sitting.name}")
    line(f"考场：{record.room}    职业（工种）：{sitting.occupation.name}  {sitting.level}级")
    counts = record.counts()
    line(
        f"应到{sum(counts.values())}人，实到{counts['present']}人，缺考{counts['absent']}人，"
        f"迟到拒入{counts['late']}人，未登记{counts['pending']}人"
    )
    y -= 2 * mm
    line("座位号  准考证号          姓名          签到情况", size=10)
    for row in attendance_of(record=record):
        line(
            f"{row.seat_no:>4}    {row.ticket_number:<16}  {row.registration.person.name:<10}  "
            f"{row.get_status_display()}",
            size=10,
            gap=5.4 * mm,
        )
    y -= 2 * mm
    line("违纪情况：")
    rows = list(violations_of(record=record))
    for rv in rows:
        v = rv.violation
        sign = "考生已签字确认" if rv.candidate_signed else f"考生拒绝签字：{rv.candidate_refusal}"
        line(
            f"{v.registration.person.name}  {timezone.localtime(v.occurred_at):%H:%M}  "
            f"{v.get_category_display()}（{v.rule}）  "
            f"监考员：{_name(rv.proctor_signed_by)}；{sign}",
            x=LEFT + 6 * mm,
        )
    if not rows:
        line("无", x=LEFT + 6 * mm)
    line("突发事件：")
    for text in (record.incidents or "无").splitlines():
        line(text, x=LEFT + 6 * mm)
    for i in incidents_of(record=record):  # REC-05 reports filed for this room
        line(
            f"{timezone.localtime(i.occurred_at):%H:%M}  {i.get_category_display()}"
            f"（{i.get_severity_display()}，{i.get_status_display()}）突发事件报告第{i.pk}号",
            x=LEFT + 6 * mm,
        )
    y -= 2 * mm
    if record.status == RoomRecord.SEALED:
        line(
            f"收回试卷（答题卡）{record.papers_collected}份，密封袋编号{record.seal_number}，"
            f"封存时间{timezone.localtime(record.sealed_at):%Y-%m-%d %H:%M}"
        )
        line(f"监考员签字：{_name(record.sealed_by)}")
    else:
        line("（记录中，尚未封存）")
    c.showPage()
    c.save()
    return buf.getvalue()


def _name(user) -> str:
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()
