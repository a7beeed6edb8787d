"""Reads of a sitting's archive (REC-01..03), scoped to a resolved institution."""

from django.db.models import QuerySet

from skillcert.institutions.models import Institution
from skillcert.plans.models import Sitting

from ..models import ArchiveAccess, ArchiveItem, ArchivePackage, DestructionRequest
from ..pdf import table_pdf


def sitting_get(*, institution: Institution, sitting_id: int) -> Sitting | None:
    return Sitting.objects.filter(institution=institution, pk=sitting_id).first()


def sittings_for(*, institution: Institution) -> QuerySet[Sitting]:
    return Sitting.objects.filter(institution=institution).select_related("occupation")


def items_of(*, sitting: Sitting) -> QuerySet[ArchiveItem]:
    return ArchiveItem.objects.filter(sitting=sitting)


def item_get(*, institution: Institution, item_id: int) -> ArchiveItem | None:
    return (
        ArchiveItem.objects.filter(institution=institution, pk=item_id)
        .select_related("sitting")
        .first()
    )


def accesses_of(*, sitting: Sitting) -> QuerySet[ArchiveAccess]:
    return ArchiveAccess.objects.filter(item__sitting=sitting).select_related(
        "item", "requested_by", "decided_by"
    )


def access_get(*, institution: Institution, access_id: int) -> ArchiveAccess | None:
    return (
        ArchiveAccess.objects.filter(institution=institution, pk=access_id)
        .select_related("item")
        .first()
    )


def destructions_of(*, sitting: Sitting) -> QuerySet[DestructionRequest]:
    return DestructionRequest.objects.filter(sitting=sitting).prefetch_related("items")


def destruction_get(*, institution: Institution, request_id: int) -> DestructionRequest | None:
    return (
        DestructionRequest.objects.filter(institution=institution, pk=request_id)
        .select_related("sitting")
        .first()
    )


def packages_of(*, sitting: Sitting) -> QuerySet[ArchivePackage]:
    return ArchivePackage.objects.filter(sitting=sitting)


def package_get(*, institution: Institution, job_id: int) -> ArchivePackage | None:
    return ArchivePackage.objects.filter(institution=institution, pk=job_id).first()


def inventory_pdf(*, request: DestructionRequest) -> bytes:
    """The destruction inventory (档案销毁清册, REC-02) of a request."""
    rows = [
        (
            str(n),
            i.title,
            i.get_retention_class_display(),
            i.dated_on.isoformat(),
            i.destroy_after.isoformat() if i.destroy_after else "永久",
            i.location,
        )
        for n, i in enumerate(request.items.order_by("pk"), 1)
    ]
    return table_pdf(
        title="档案销毁清册",
        lines=(
            f"批次：{request.sitting}　申请编号：{request.pk}",
            f"销毁理由：{request.reason}　状态：{request.get_status_display()}",
        ),
        headers=("序号", "档案名称", "保管类别", "形成日期", "最早销毁日期", "存放位置"),
        rows=rows,
        widths=(4, 30, 8, 9, 10, 12),
        footer=("申请人：　　　　审批人：　　　　监销人：　　　　销毁日期：",),
    )
