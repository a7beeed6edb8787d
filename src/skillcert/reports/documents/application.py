"""The 鉴定申请表 with the 花名册 of one sitting (002 §6–§7), one workbook of two sheets in
the authority's layout: the application (unit, occupation, level, numbers, dates, place,
contact) and the roster of the candidates who meet the conditions (approved registrations).

Full ID numbers, as for the certificate data (certificates/export.py): the authority
re-checks candidates by their number (PLAN-11), so a masked one is of no use upward. The
file is therefore for the institution's managers only, and each download is audited
(views); screens show the masked number (`roster_lines(full=False)`)."""

import io
from dataclasses import dataclass
from datetime import date

from skillcert.catalog.models import LEVEL_LABELS
from skillcert.core.xlsx import workbook
from skillcert.plans.models import Registration, Sitting

from .sittings import days
from .word import zh

APPLICATION_SHEET = "鉴定申请表"
ROSTER_SHEET = "花名册"
ROSTER_HEADER = [
    "序号",
    "姓名",
    "性别",
    "证件类型",
    "证件号码",
    "职业（工种）",
    "级别",
    "文化程度/申报条件",
    "单位/班级",
    "联系电话",
]
SEX = {"M": "男", "F": "女"}


@dataclass(frozen=True)
class RosterLine:
    n: int
    name: str
    sex: str
    id_type: str
    id_number: str
    subject: str
    level: str
    condition: str
    unit: str
    phone: str


def _condition(r: Registration) -> str:
    """申报条件: the school level and graduating year of a student (PLAN-04/10), the title of
    a member of staff (PLAN-05)."""
    if r.school_level:
        year = f"（{r.graduating_year}届）" if r.graduating_year else ""
        return r.get_school_level_display() + year
    if r.staff_title:
        years = f"{r.title_years}年" if r.title_years else ""
        return f"{r.get_staff_title_display()}{years}"
    return ""


def roster_lines(sitting: Sitting, *, full: bool) -> list[RosterLine]:
    regs = (
        Registration.objects.filter(sitting=sitting, status=Registration.APPROVED)
        .select_related("person")
        .order_by("id")
    )
    job = f"（{sitting.job_type.name}）" if sitting.job_type_id else ""
    subject = sitting.occupation.name + job
    unit = sitting.institution.name
    return [
        RosterLine(
            n,
            r.person.name,
            SEX.get(r.person.sex, ""),
            r.person.get_id_type_display(),
            r.person.id_number if full else r.person.id_masked,
            subject,
            LEVEL_LABELS[sitting.level],
            _condition(r),
            f"{unit}/{r.class_name}" if r.class_name else unit,
            r.phone or r.person.phone,
        )
        for n, r in enumerate(regs, start=1)
    ]


def application_fields(sitting: Sitting, *, count: int, on: date) -> list[tuple[str, str]]:
    institution = sitting.institution
    first, last = days(sitting)
    return [
        ("申报单位", institution.name),
        ("机构备案号", institution.filing_number),
        ("职业编码", sitting.occupation.code),
        ("职业名称", sitting.occupation.name),
        ("工种/职业方向", sitting.job_type.name if sitting.job_type_id else ""),
        ("级别", LEVEL_LABELS[sitting.level]),
        ("评价方式", sitting.get_mode_display()),
        ("批次", sitting.name),
        ("申报人数", str(count)),
        ("理论知识考试日期", zh(sitting.theory_on)),
        ("操作技能考核日期", zh(sitting.practical_on)),
        ("认定起止日期", f"{zh(first)}至{zh(last)}" if first else ""),
        ("考点（地点）", sitting.place),
        ("联系人", institution.contact_person),
        ("联系电话", institution.phone),
        ("填报日期", zh(on)),
    ]


def application_xlsx(sitting: Sitting, *, on: date) -> bytes:
    """The workbook sent upward (full ID numbers: managers only)."""
    lines = roster_lines(sitting, full=True)
    out = io.BytesIO()
    book = workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet(APPLICATION_SHEET)
    sheet.write(0, 0, "职业技能等级认定申请表", bold)
    for r, (label, value) in enumerate(application_fields(sitting, count=len(lines), on=on), 1):
        sheet.write_string(r, 0, label, bold)
        sheet.write_string(r, 1, value)
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, 1, 40)
    roster = book.add_worksheet(ROSTER_SHEET)
    roster.write_row(0, 0, ROSTER_HEADER, bold)
    for r, line in enumerate(lines, start=1):
        values = list(vars(line).values())
        roster.write_number(r, 0, values[0])
        for c, value in enumerate(values[1:], start=1):
            roster.write_string(r, c, value)
    roster.set_column(0, len(ROSTER_HEADER) - 1, 16)
    book.close()
    return out.getvalue()
