"""Demo rows of records' archives part: the equipment of the first sitting's practical
(REC-07), certificates handed over and a void notice (CERT-09/10), and the sitting's archive
assembled, a paper item located, a borrowing approved and the package built (REC-01..03)."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from skillcert.certificates.models import Certificate
from skillcert.records.archives import services as archives
from skillcert.records.archives.package import package_render
from skillcert.records.equipment import services as equipment
from skillcert.records.handover import services as handover
from skillcert.records.models import ArchiveItem


def seed_archives(sitting, kaowu, director) -> None:
    caliper = equipment.equipment_add(
        actor=kaowu,
        institution=sitting.institution,
        occupation=sitting.occupation,
        name="游标卡尺",
        model="0-150mm/0.02",
        quantity=30,
        purchased_on=date(2024, 3, 1),
        price=Decimal("185.00"),
        parameters="分度值0.02mm",
        work_items="1.2 零件尺寸测量；3.1 精度检验",
        measuring=True,
        calibration_due=date(2027, 3, 1),
    )
    equipment.equipment_add(
        actor=kaowu,
        institution=sitting.institution,
        occupation=sitting.occupation,
        name="数控车床",
        model="CK6140",
        quantity=15,
        purchased_on=date(2022, 9, 1),
        price=Decimal("98000.00"),
        parameters="最大回转直径400mm，FANUC 0i-TF",
        work_items="2.1 轴类零件加工；2.2 螺纹加工",
    )
    equipment.equipment_assign(actor=kaowu, sitting=sitting, equipment=caliper)
    certs = list(Certificate.objects.filter(register__sitting=sitting).order_by("number")[:3])
    today = timezone.localdate()
    if len(certs) == 3:
        handover.handover_sign(actor=kaowu, certificate=certs[0], signer="holder", signed_on=today)
        handover.handover_sign(
            actor=kaowu,
            certificate=certs[1],
            signer="agent",
            agent_name="王老师",
            agent_relation="班主任",
            signed_on=today,
        )
        handover.void_notice_record(
            actor=kaowu,
            certificate=certs[2],
            medium="platform",
            publication="技能人才评价证书全国联网查询平台",
            published_on=today,
        )
    archives.archive_assemble(actor=kaowu, sitting=sitting)
    paper = ArchiveItem.objects.filter(sitting=sitting, paper=True).first()
    if paper is not None:
        archives.archive_locate(actor=kaowu, item=paper, box="2026-001", shelf="A-01-3")
        access = archives.access_request(
            actor=kaowu, item=paper, kind="borrow", borrower="督导员李某", purpose="质量督导检查"
        )
        archives.access_decide(actor=director, access=access, approve=True)
    job = archives.package_create(actor=kaowu, sitting=sitting)
    package_render(job_id=job.pk)
