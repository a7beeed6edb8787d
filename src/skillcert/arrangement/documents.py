"""Admission tickets (ARR-02), door lists and sign-in sheets as PDF and .xlsx.

Tickets: A4 portrait, two per page (half a page each), one batch file per sitting. Each
carries the candidate's photo (or an empty 1-inch frame), name, masked ID number, ticket
number, occupation and level, room, seat and dates, and the institution's seal drawn as
vectors over the photo's corner (002 §9: 准考证照片处加盖鉴定专用章). The Kai font and the
seal come from certificates.pdf, registered and drawn the same way as on certificates.
"""

import io
import logging
from datetime import timedelta

from django.utils import timezone
from reportlab.lib.colors import black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas as pdfcanvas

from skillcert.core.pdf import GREY, binary_streams, font_name, seal
from skillcert.core.rules import rules
from skillcert.core.xlsx import workbook
from skillcert.people.photos import photo_bytes
from skillcert.plans.models import Sitting

from .hooks import theory_exam_window
from .implementation.gate import sitting_check
from .models import Seat, SeatArrangement
from .selectors import seats_by_room, seats_of
from .tickets import TICKET_RULE

log = logging.getLogger(__name__)

PAGE_W, PAGE_H = A4
PHOTO_W, PHOTO_H = 25 * mm, 35 * mm  # 1寸


def _canvas(fileobj, title: str):
    font = font_name()
    c = pdfcanvas.Canvas(
        fileobj,
        pagesize=A4,
        pageCompression=1,
        initialFontName=font,
        initialFontSize=12,
        lang="zh-CN",
    )
    c.setTitle(title)
    c.setAuthor("skillcert")
    return c, font


def _theory_time(sitting: Sitting) -> str:
    """' 09:00—10:30' from the sitting's online exam (EXAM-05), or '' without one."""
    window = theory_exam_window(sitting=sitting)
    if window is None:
        return ""
    starts_at, minutes = window
    start = timezone.localtime(starts_at)
    end = start + timedelta(minutes=minutes)
    return f" {start:%H:%M}—{end:%H:%M}"


def _dates(sitting: Sitting) -> list[tuple[str, str]]:
    """Dates, and the theory exam's start and end when an online exam is scheduled (ARR-02:
    a candidate must know when to come, entry closes soon after the start)."""
    out = []
    if sitting.theory_on:
        out.append(("理论考试", f"{sitting.theory_on:%Y年%m月%d日}{_theory_time(sitting)}"))
    if sitting.practical_on:
        out.append(("技能考核", f"{sitting.practical_on:%Y年%m月%d日}"))
    return out or [("考试日期", "另行通知")]


def seal_over_photo(px: float, py: float) -> tuple[float, float, float]:
    """Centre and radius of the seal on the photo's lower-left corner (002 §9: 准考证照片处
    加盖鉴定专用章): it overlaps the photo's corner, as a stamp on paper does, but never the
    face in the upper part of the photo."""
    r = 12 * mm
    # Centred just below the corner: what lands on the photo stays in its lower quarter.
    return px + 2 * mm, py - 3 * mm, r


def _photo(c, seat: Seat, font: str, x: float, y: float) -> None:
    c.setStrokeColor(GREY)
    c.setLineWidth(0.6)
    c.rect(x, y, PHOTO_W, PHOTO_H)
    person = seat.registration.person
    if person.photo:
        try:
            image = ImageReader(io.BytesIO(photo_bytes(person)))  # sealed at rest
            c.drawImage(image, x, y, PHOTO_W, PHOTO_H, preserveAspectRatio=True, anchor="c")
            return
        except Exception:  # a missing file must not stop the batch: print the frame
            log.warning("photo of ticket %s unreadable; printing the frame", seat.ticket_number)
    c.setFillColor(GREY)
    c.setFont(font, 9)
    c.drawCentredString(x + PHOTO_W / 2, y + PHOTO_H / 2, "照片")


def _ticket(c, seat: Seat, sitting: Sitting, font: str, top: float) -> None:
    institution = sitting.institution
    left, right = 20 * mm, PAGE_W - 20 * mm
    bottom = top - PAGE_H / 2 + 12 * mm
    c.setStrokeColor(black)
    c.setLineWidth(1)
    c.rect(left, bottom, right - left, top - bottom - 10 * mm)
    c.setFillColor(black)
    c.setFont(font, 18)
    c.drawCentredString(PAGE_W / 2, top - 24 * mm, "职业技能等级认定准考证")
    c.setFont(font, 10)
    c.drawCentredString(PAGE_W / 2, top - 30 * mm, institution.name)
    person = seat.registration.person
    rows = [
        ("准考证号", seat.ticket_number),
        ("姓　　名", person.name),
        ("证件号码", person.id_masked),
        (
            "职业（工种）",
            sitting.occupation.name
            + (f"（{sitting.job_type.name}）" if sitting.job_type_id else ""),
        ),
        ("等　　级", sitting.get_level_display()),
        ("考　　点", seat.room.venue.name),
        ("考　　场", f"第{seat.room.number:03d}考场 {seat.room.name}"),
        ("座 位 号", f"{seat.seat_no:02d}"),
    ] + _dates(sitting)
    y = top - 42 * mm
    for label, value in rows:
        c.setFont(font, 11)
        c.drawString(left + 10 * mm, y, f"{label}：")
        c.setFont(font, 12)
        c.drawString(left + 40 * mm, y, value)
        y -= 7 * mm
    px, py = right - 10 * mm - PHOTO_W, top - 40 * mm - PHOTO_H
    _photo(c, seat, font, px, py)
    cx, cy, r = seal_over_photo(px, py)
    seal(c, font, institution.seal_text or institution.name, cx, cy, r)
    c.setFillColor(GREY)
    c.setFont(font, 8)
    c.drawString(
        left + 10 * mm,
        bottom + 5 * mm,
        f"请持准考证和有效身份证件于开考前{rules().exam_entry_before_minutes}分钟入场；"
        f"开考{rules().exam_entry_close_minutes}分钟后不得入场（EXAM-05）。",
    )
    c.drawString(left + 10 * mm, bottom + 1.5 * mm, f"准考证号编码规则：{TICKET_RULE}")


def render_tickets(arrangement: SeatArrangement, fileobj) -> int:
    """One PDF with a half page per candidate, in door-list order; returns the count."""
    return render_ticket_seats(seats_of(arrangement), arrangement.sitting, fileobj)


def render_ticket_seats(seats, sitting: Sitting, fileobj) -> int:
    """Tickets of these seats of `sitting` (all of a sitting, or a candidate's own); only
    once the implementation plan is approved (INST-13) and, for levels 2 and 1, the level
    (INST-16): otherwise the DomainError of `implementation.gate`."""
    sitting_check(sitting)
    c, font = _canvas(fileobj, f"{sitting.name} 准考证")
    n = 0
    for seat in seats:
        top = PAGE_H if n % 2 == 0 else PAGE_H / 2
        _ticket(c, seat, sitting, font, top)
        n += 1
        if n % 2 == 0:
            c.showPage()
        else:
            c.setDash(3, 3)
            c.setStrokeColor(GREY)
            c.line(10 * mm, PAGE_H / 2, PAGE_W - 10 * mm, PAGE_H / 2)
            c.setDash()
    if n % 2:
        c.showPage()
    with binary_streams():
        c.save()
    return n


SIGN_IN, DOOR = "signin", "door"
TITLES = {DOOR: "考场门贴（考生名单）", SIGN_IN: "考生签到表"}


def _columns(kind: str) -> list[tuple[str, float]]:
    cols = [("座位号", 18 * mm), ("准考证号", 42 * mm), ("姓名", 30 * mm), ("证件号码", 48 * mm)]
    if kind == SIGN_IN:
        cols.append(("签名", 32 * mm))
    return cols


def render_list_pdf(arrangement: SeatArrangement, kind: str, fileobj) -> int:
    """Door list or sign-in sheet: one page (or more) per room, seats in order."""
    sitting = arrangement.sitting
    c, font = _canvas(fileobj, f"{sitting.name} {TITLES[kind]}")
    cols = _columns(kind)
    step = 7.5 * mm if kind == SIGN_IN else 7 * mm  # a room of 30 fits one page
    pages = 0
    for room, seats in seats_by_room(arrangement):
        i = 0
        while i < len(seats) or i == 0:
            c.setFillColor(black)
            c.setFont(font, 15)
            c.drawCentredString(PAGE_W / 2, PAGE_H - 20 * mm, f"{sitting.name} {TITLES[kind]}")
            c.setFont(font, 11)
            c.drawString(
                20 * mm,
                PAGE_H - 30 * mm,
                f"{room.venue.name} 第{room.number:03d}考场 {room.name}  {sitting.subject_label}",
            )
            y = PAGE_H - 42 * mm
            x = 20 * mm
            for title, width in cols:
                c.drawString(x + 2, y, title)
                x += width
            c.line(20 * mm, y - 2 * mm, x, y - 2 * mm)
            y -= step
            while i < len(seats) and y > 20 * mm:
                s = seats[i]
                values = [
                    f"{s.seat_no:02d}",
                    s.ticket_number,
                    s.registration.person.name,
                    s.registration.person.id_masked,
                ]
                x = 20 * mm
                for value, (_, width) in zip(values, cols, strict=False):
                    c.drawString(x + 2, y, value)
                    x += width
                c.setStrokeColor(GREY)
                c.line(20 * mm, y - 2 * mm, x + (cols[-1][1] if kind == SIGN_IN else 0), y - 2 * mm)
                y -= step
                i += 1
            c.setFont(font, 9)
            c.drawString(20 * mm, 12 * mm, f"本考场考生{len(seats)}人")
            c.showPage()
            pages += 1
            if not seats:
                break
    with binary_streams():
        c.save()
    return pages


def render_list_xlsx(arrangement: SeatArrangement, kind: str) -> bytes:
    """Door list or sign-in sheet as a workbook, one sheet per room."""
    buf = io.BytesIO()
    book = workbook(buf, {"in_memory": True})
    bold = book.add_format({"bold": True, "border": 1})
    cell = book.add_format({"border": 1})
    sitting = arrangement.sitting
    cols = _columns(kind)
    for room, seats in seats_by_room(arrangement):
        sheet = book.add_worksheet(f"{room.number:03d}")
        sheet.write(0, 0, f"{sitting.name} {TITLES[kind]}")
        sheet.write(1, 0, f"{room.venue.name} 第{room.number:03d}考场 {room.name}")
        for j, (title, _) in enumerate(cols):
            sheet.write(3, j, title, bold)
        sheet.set_column(0, 0, 8)
        sheet.set_column(1, 1, 18)
        sheet.set_column(2, 2, 12)
        sheet.set_column(3, 3, 22)
        sheet.set_column(4, 4, 16)
        for i, s in enumerate(seats, start=4):
            sheet.write_string(i, 0, f"{s.seat_no:02d}", cell)
            sheet.write_string(i, 1, s.ticket_number, cell)
            sheet.write_string(i, 2, s.registration.person.name, cell)
            sheet.write_string(i, 3, s.registration.person.id_masked, cell)
            if kind == SIGN_IN:
                sheet.write_blank(i, 4, None, cell)
    book.close()
    return buf.getvalue()
