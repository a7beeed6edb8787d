"""The archive sources skillcert holds below records (REC-03): notice, plans, registrations
with proofs, papers, results and pass list, issue registers and signature lists, equipment
used. Loaded from RecordsConfig.ready; parts A/B add their own through `archive_source`."""

from pathlib import PurePosixPath

from django.core.files.storage import default_storage

from skillcert.arrangement.models import SittingStaffing
from skillcert.certificates.models import IssueRegister
from skillcert.itembank.models import Paper
from skillcert.plans.models import Announcement, Registration
from skillcert.plans.plan.services import ANNOUNCEMENT_FIELDS
from skillcert.scoring.models import Result

from ..handover.selectors import signature_list_pdf
from ..models import ArchiveItem, EquipmentUse
from ..pdf import table_pdf
from .sources import Entry, archive_source, sitting_day

C = ArchiveItem


@archive_source("notice", "认定公告")
def _notice(sitting):
    notice = Announcement.objects.filter(sitting=sitting).first()
    if notice is None:
        return []

    def content():
        text = "\n\n".join(
            f"{label}：\n{getattr(notice, f)}" for f, label in ANNOUNCEMENT_FIELDS.items()
        )
        return f"notice-{notice.pk}.txt", text.encode("utf-8")

    day = notice.published_at.date() if notice.published_at else sitting_day(sitting)
    return [
        Entry(
            f"announcement-{notice.pk}",
            f"认定公告：{notice.title}",
            C.ELECTRONIC,
            day,
            content=content,
        )
    ]


@archive_source("plan", "认定计划与实施方案")
def _plans(sitting):
    entries = []
    if sitting.plan_id:
        plan = sitting.plan
        entries.append(
            Entry(
                f"plan-{plan.pk}",
                f"{plan.year}年度认定计划（审批件）",
                C.PERMANENT,
                plan.made_on,
                paper=True,
            )
        )
    staffing = SittingStaffing.objects.filter(sitting=sitting).first()
    if staffing is not None:
        entries.append(
            Entry(
                f"staffing-{staffing.pk}",
                "考务实施方案（人员安排）",
                C.ELECTRONIC,
                sitting_day(sitting),
            )
        )
    return entries


@archive_source("registrations", "报名名册与证明材料")
def _registrations(sitting):
    regs = list(
        Registration.objects.filter(sitting=sitting).select_related("person").order_by("pk")
    )
    if not regs:
        return []
    day = sitting_day(sitting)

    def roster():
        rows = [
            (str(i), r.person.name, r.get_status_display(), r.class_name or "")
            for i, r in enumerate(regs, 1)
        ]
        pdf = table_pdf(
            title="报名名册",
            lines=(f"批次：{sitting}",),
            headers=("序号", "姓名", "审核状态", "班级"),
            rows=rows,
            widths=(4, 10, 8, 12),
        )
        return "registrations.pdf", pdf

    entries = [Entry("roster", f"报名名册（{len(regs)}人）", C.PERMANENT, day, content=roster)]
    entries += [
        Entry(f"proof-{r.pk}", f"证明材料：{r.person.name}", C.PROOF, day, content=_proof(r))
        for r in regs
        if r.previous_certificate
    ]
    return entries


def _proof(registration):
    """The uploaded proof itself goes into the package (REC-03 "registrations with proofs"):
    it is electronic, kept its PROOF year (REC-01), not a paper item located by box."""

    def content():
        name = registration.previous_certificate.name
        with default_storage.open(name, "rb") as fh:
            return f"proof-{registration.pk}{PurePosixPath(name).suffix}", fh.read()

    return content


@archive_source("papers", "试卷")
def _papers(sitting):
    papers = Paper.objects.filter(sitting=sitting).order_by("pk")
    return [
        Entry(f"paper-{p.pk}", f"试卷：{p}", C.EXAM_PAPER, sitting_day(sitting), paper=True)
        for p in papers
    ]


@archive_source("results", "成绩与合格名单")
def _results(sitting):
    results = list(
        Result.objects.filter(registration__sitting=sitting)
        .select_related("registration__person")
        .order_by("registration_id")
    )
    if not results:
        return []
    day = sitting_day(sitting)

    def scores():
        rows = [
            (
                r.registration.person.name,
                "缺考" if r.theory_absent else str(r.theory_score or ""),
                "缺考" if r.practical_absent else str(r.practical_score or ""),
                {True: "合格", False: "不合格"}.get(r.passed, "待定"),
            )
            for r in results
        ]
        return "results.pdf", table_pdf(
            title="成绩登记表",
            lines=(f"批次：{sitting}",),
            headers=("姓名", "理论成绩", "技能成绩", "结论"),
            rows=rows,
            widths=(10, 6, 6, 6),
        )

    passed = [r for r in results if r.passed]

    def pass_list():
        rows = [(str(i), r.registration.person.name) for i, r in enumerate(passed, 1)]
        return "pass-list.pdf", table_pdf(
            title="合格人员名单",
            lines=(f"批次：{sitting}",),
            headers=("序号", "姓名"),
            rows=rows,
            widths=(4, 12),
        )

    return [
        Entry("scores", f"成绩登记表（{len(results)}人）", C.ELECTRONIC, day, content=scores),
        Entry("pass-list", f"合格人员名单（{len(passed)}人）", C.PERMANENT, day, content=pass_list),
    ]


@archive_source("certificates", "证书核发名册与领取签收表")
def _certificates(sitting):
    entries = []
    registers = IssueRegister.objects.filter(sitting=sitting, status=IssueRegister.ISSUED)
    for register in registers.select_related("institution", "sitting").order_by("pk"):
        day = register.issued_on or sitting_day(sitting)
        entries.append(
            Entry(f"register-{register.pk}", f"证书核发名册（{register.pk}）", C.PERMANENT, day)
        )

        def signatures(register=register):
            return f"signatures-{register.pk}.pdf", signature_list_pdf(register=register)

        entries.append(
            Entry(
                f"signatures-{register.pk}",
                f"证书领取签收表（名册{register.pk}）",
                C.PERMANENT,
                day,
                paper=True,
                content=signatures,
            )
        )
    return entries


@archive_source("equipment", "实操设备使用记录")
def _equipment(sitting):
    uses = EquipmentUse.objects.filter(sitting=sitting).select_related("equipment")
    if not uses:
        return []
    names = "、".join(str(u.equipment) for u in uses)
    return [Entry("equipment", f"实操工位设备：{names}"[:200], C.ELECTRONIC, sitting_day(sitting))]
