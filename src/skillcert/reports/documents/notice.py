"""The 任务通知书 of a sitting (002 §8: occupation, level, numbers, question source, dates and
place; §9–§11: rooms, staff) as Word, for the office to complete and send: the staff come
from the sitting's staffing plan (ARR), the rules from the rule settings."""

from datetime import date
from functools import cache

from skillcert.catalog.models import LEVEL_LABELS
from skillcert.core.rules import rules
from skillcert.plans.models import Registration, Sitting

from . import word
from .sittings import staff_lines

TITLE = "职业技能等级认定任务通知书"


def notice_context(sitting: Sitting, *, on: date) -> dict:
    institution = sitting.institution
    count = Registration.objects.filter(sitting=sitting, status=Registration.APPROVED).count()
    plan = sitting.plan
    source = plan.get_item_source_display() if plan is not None else ""
    r = rules()
    return {
        "title": TITLE,
        "institution": institution.name,
        "sitting": sitting.name,
        "occupation": sitting.occupation.name,
        "code": sitting.occupation.code,
        "job_type": sitting.job_type.name if sitting.job_type_id else "",
        "level": LEVEL_LABELS[sitting.level],
        "mode": sitting.get_mode_display(),
        "count": count,
        "source": source or "按认定计划",
        "theory_on": word.zh(sitting.theory_on) or "—",
        "practical_on": word.zh(sitting.practical_on) or "—",
        "place": sitting.place or "—",
        "staff": staff_lines(sitting),
        "rules": [
            f"理论知识考试和操作技能考核均达到{r.pass_mark}分及以上为合格（SCORE-01）。",
            f"理论考场一人一桌，每个考场不超过{r.room_capacity}人（ARR-01）；"
            "监考员、考评员按规定回避（ARR-08）。",
            "试卷双人双锁保管，启用、印制和交接均须登记（EXAM-04）。",
            "违纪违规行为当场记录并按规定处理（VIOL-01..06）；"
            f"突发事件{r.incident_first_report_minutes}分钟内首报（REC-05）。",
        ],
        "contact": institution.contact_person,
        "phone": institution.phone,
        "date": word.zh(on),
    }


@cache
def _template() -> bytes:
    doc = word.new_document("{{ title }}")
    doc.add_paragraph("{{ institution }}：")
    doc.add_paragraph(
        "    根据认定计划，现下达{{ sitting }}职业技能等级认定任务，请按以下要求做好考场、"
        "考位和考务工作人员安排。"
    )
    info = [
        ("职业（编码）", "{{ occupation }}（{{ code }}）"),
        ("工种/职业方向", "{{ job_type }}"),
        ("级别", "{{ level }}"),
        ("评价方式", "{{ mode }}"),
        ("认定人数", "{{ count }}"),
        ("命题方式", "{{ source }}"),
        ("理论知识考试", "{{ theory_on }}"),
        ("操作技能考核", "{{ practical_on }}"),
        ("考点（地点）", "{{ place }}"),
    ]
    grid = doc.add_table(rows=len(info), cols=2)
    grid.style = "Table Grid"
    for k, (label, value) in enumerate(info):
        grid.cell(k, 0).text = label
        grid.cell(k, 1).text = value
    doc.add_paragraph("工作人员")
    word.table(doc, ["岗位", "人数", "人员"], "s in staff", ["s.role", "s.count", "s.names"])
    doc.add_paragraph("考务要求")
    doc.add_paragraph("{%p for line in rules %}")
    doc.add_paragraph("    {{ line }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("联系人：{{ contact }}    联系电话：{{ phone }}")
    doc.add_paragraph("{{ date }}")
    return word.saved(doc)


def notice_docx(sitting: Sitting, *, on: date) -> bytes:
    return word.render(_template(), notice_context(sitting, on=on))
