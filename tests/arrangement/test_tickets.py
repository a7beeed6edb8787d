"""ARR-02: ticket numbers follow one coding rule; tickets carry photo, seal and data;
door lists and sign-in sheets as PDF and .xlsx."""

import io
import subprocess

import openpyxl
import pytest
from pypdf import PdfReader

from skillcert.arrangement import documents
from skillcert.arrangement.models import Seat
from skillcert.arrangement.tickets import TICKET_RE, ticket_number, ticket_parse, ticket_prefix
from skillcert.core.errors import DomainError

from .helpers import arrange_approved, set_classes, theory_rooms, venue


@pytest.fixture
def arranged(institution, sitting, enrol):
    set_classes(enrol(sitting, 35), ["1班", "2班"])
    rooms = theory_rooms(venue(institution), 2, start=7)
    return arrange_approved(sitting, rooms, seed=11)


def test_ticket_numbers_follow_the_coding_rule_and_are_unique_ARR_02(arranged, institution):
    seats = list(Seat.objects.filter(arrangement=arranged).select_related("room"))
    numbers = [s.ticket_number for s in seats]
    assert len(set(numbers)) == len(numbers) == 35
    for s in seats:
        assert TICKET_RE.match(s.ticket_number) and len(s.ticket_number) == 15
        parts = ticket_parse(s.ticket_number)
        assert parts == {
            "year": 26,
            "site_sequence": institution.cert_sequence,
            "sitting_id": arranged.sitting_id,
            "room_number": s.room.number,
            "seat_no": s.seat_no,
        }
    assert {p["room_number"] for p in map(ticket_parse, numbers)} == {7, 8}


def test_ticket_parts_out_of_range_are_refused_not_cut_ARR_02():
    prefix = ticket_prefix(year=2026, site_sequence="9001", sitting_id=42)
    assert ticket_number(prefix, 7, 15) == "269001004200715"
    for bad in (
        lambda: ticket_prefix(year=2026, site_sequence="", sitting_id=1),
        lambda: ticket_prefix(year=2026, site_sequence="9001", sitting_id=10000),
        lambda: ticket_number(prefix, 1000, 1),
        lambda: ticket_number(prefix, 1, 100),
        lambda: ticket_parse("26900100420071"),
        lambda: ticket_parse("26900100420071X"),
        lambda: ticket_parse("269001004200700"),
    ):
        with pytest.raises(DomainError) as exc:
            bad()
        assert exc.value.rule == "ARR-02"


def test_ticket_pdf_reads_back_number_name_and_has_seal_ARR_02(arranged, tool, tmp_path):
    seats = list(Seat.objects.filter(arrangement=arranged).select_related("registration__person"))
    buf = io.BytesIO()
    assert documents.render_tickets(arranged, buf) == 35
    reader = PdfReader(io.BytesIO(buf.getvalue()))
    assert len(reader.pages) == 18  # two tickets a page
    path = tmp_path / "tickets.pdf"
    path.write_bytes(buf.getvalue())
    text = subprocess.run(
        [tool("pdftotext"), str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    for s in seats:
        assert s.ticket_number in text and s.registration.person.name in text
        assert s.registration.person.id_masked in text  # masked, never the clear number
        assert s.registration.person.id_number not in text
    assert "职业技能等级认定准考证" in text and "照片" in text
    assert "职业技能等级认定专用章" in text  # the seal, drawn as vectors (ARR-02)
    assert "四级/中级工" in text and "数控车床" in text and "2026年06月01日" in text
    first = reader.pages[0].extract_text()
    assert seats[0].ticket_number in text and "准考证号" in first


def test_door_list_and_sign_in_sheet_in_seat_order_pdf_and_xlsx(arranged, tool, tmp_path):
    seats = list(
        Seat.objects.filter(arrangement=arranged)
        .select_related("registration__person", "room")
        .order_by("room__number", "seat_no")
    )
    for kind in (documents.DOOR, documents.SIGN_IN):
        buf = io.BytesIO()
        assert documents.render_list_pdf(arranged, kind, buf) == 2  # one page per room
        path = tmp_path / f"{kind}.pdf"
        path.write_bytes(buf.getvalue())
        text = subprocess.run(
            [tool("pdftotext"), "-layout", str(path), "-"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout
        positions = [text.index(s.ticket_number) for s in seats]
        assert positions == sorted(positions)  # seat order, room by room
        book = openpyxl.load_workbook(io.BytesIO(documents.render_list_xlsx(arranged, kind)))
        assert book.sheetnames == ["007", "008"]
        rows = [r for ws in book for r in ws.iter_rows(min_row=5, values_only=True)]
        assert [r[1] for r in rows] == [s.ticket_number for s in seats]
        assert [r[2] for r in rows] == [s.registration.person.name for s in seats]


def test_ticket_carries_the_candidate_photo_when_there_is_one_ARR_02(
    institution, sitting, enrol, settings, tmp_path
):
    from django.core.files.base import ContentFile
    from PIL import Image

    settings.MEDIA_ROOT = str(tmp_path)
    (reg,) = enrol(sitting, 1)
    png = io.BytesIO()
    Image.new("RGB", (60, 84), (200, 30, 30)).save(png, "PNG")
    reg.person.photo.save("p.png", ContentFile(png.getvalue()))
    arr = arrange_approved(sitting, theory_rooms(venue(institution), 1), seed=1)
    buf = io.BytesIO()
    documents.render_tickets(arr, buf)
    page = PdfReader(io.BytesIO(buf.getvalue())).pages[0]
    assert len(page.images) == 1  # the photo; without one only the empty frame is drawn


def _one_ticket(institution, sitting, enrol, *, photo: bytes | None = None):
    from skillcert.people.photos import photo_set

    (reg,) = enrol(sitting, 1)
    if photo is not None:
        photo_set(person=reg.person, data=photo)  # stored sealed, as uploads are
    arr = arrange_approved(sitting, theory_rooms(venue(institution), 1), seed=1)
    buf = io.BytesIO()
    documents.render_tickets(arr, buf)
    return buf.getvalue()


def _green_photo() -> bytes:
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (600, 840), (0, 200, 0)).save(png, "PNG")
    return png.getvalue()


def test_ticket_prints_the_sealed_photo_ARR_02_item26(
    institution, sitting, enrol, settings, tmp_path
):
    """Issue 16 items 14 and 26 (ARR-02): a photo uploaded through photo_set (sealed at
    rest) is decrypted onto the ticket, not replaced by the empty frame."""
    settings.MEDIA_ROOT = str(tmp_path)
    pdf = _one_ticket(institution, sitting, enrol, photo=_green_photo())
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 1


def test_ticket_prints_the_theory_exam_time_ARR_02_item26(
    institution, sitting, enrol, tool, tmp_path
):
    """Issue 16 item 26 (ARR-02): the ticket gives the exam's start and end time, and the
    entry minutes from the rule settings."""
    from django.utils import timezone

    from tests.exams.helpers import make_exam

    enrol(sitting, 1)
    arr = arrange_approved(sitting, theory_rooms(venue(institution), 1), seed=1)  # INST-13
    exam = make_exam(sitting, starts_in_minutes=60 * 24, duration=90)
    buf = io.BytesIO()
    documents.render_tickets(arr, buf)
    path = tmp_path / "t.pdf"
    path.write_bytes(buf.getvalue())
    text = subprocess.run(
        [tool("pdftotext"), str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    start = timezone.localtime(exam.starts_at)
    end = timezone.localtime(exam.starts_at + timezone.timedelta(minutes=90))
    assert f"2026年06月01日 {start:%H:%M}—{end:%H:%M}" in text
    assert "开考前20分钟入场" in text and "开考30分钟后不得入场" in text


def test_ticket_seal_leaves_the_face_of_the_photo_clear_ARR_02_item26(
    institution, sitting, enrol, settings, tmp_path, tool
):
    """Issue 16 item 26 (ARR-02, 002 §9): the seal touches the photo's lower corner but no
    red lands on the upper two thirds of the photo (the face); read back from the pixels."""
    from PIL import Image

    settings.MEDIA_ROOT = str(tmp_path)
    path = tmp_path / "t.pdf"
    path.write_bytes(_one_ticket(institution, sitting, enrol, photo=_green_photo()))
    dpi = 100
    subprocess.run(
        [
            tool("pdftoppm"),
            "-r",
            str(dpi),
            "-f",
            "1",
            "-l",
            "1",
            "-png",
            str(path),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    (png,) = tmp_path.glob("p-*.png")
    page = Image.open(png).convert("RGB")
    scale = dpi / 72
    px = documents.PAGE_W - 20 * documents.mm - 10 * documents.mm - documents.PHOTO_W
    top = documents.PAGE_H - 40 * documents.mm  # the photo's top edge (PDF points, from below)
    h = documents.PHOTO_H

    def red(x0, y0, x1, y1):  # PDF points (origin bottom-left) → count of seal-red pixels
        box = (
            int(x0 * scale),
            int((documents.PAGE_H - y1) * scale),
            int(x1 * scale),
            int((documents.PAGE_H - y0) * scale),
        )
        return sum(
            1 for r, g, b in page.crop(box).get_flattened_data() if r > 150 and g < 100 and b < 100
        )

    assert red(px + 2, top - h * 2 / 3, px + documents.PHOTO_W - 2, top - 2) == 0  # the face
    assert red(px, top - h, px + documents.PHOTO_W, top) > 0  # the seal is on the photo
