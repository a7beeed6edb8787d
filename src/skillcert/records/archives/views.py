"""Pages of a sitting's archive (REC-01..03): items, locations, borrowing, destruction and
the package job with its progress bar (htmx-polled)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from skillcert.certificates.sealing import sealed_response
from skillcert.core.errors import DomainError
from skillcert.core.web import bind, download, form_error, found_or_404, rule_messages
from skillcert.institutions.selectors import can_manage
from skillcert.institutions.web import institution_for

from ..models import ArchivePackage
from . import selectors, services
from .forms import AccessForm, DestructionForm, LocateForm


@login_required
@require_safe
def archive_list(request, iid: int):
    institution = institution_for(request, iid)
    return render(
        request,
        "records/archive_list.html",
        {"institution": institution, "sittings": selectors.sittings_for(institution=institution)},
    )


def _sitting(request, iid, sid, *, manage=False):
    institution = institution_for(request, iid, manage=manage)
    sitting = found_or_404(
        selectors.sitting_get(institution=institution, sitting_id=sid), "未找到该批次"
    )
    return institution, sitting


def _page(request, institution, sitting, *, destruction=None, status=200):
    items = selectors.items_of(sitting=sitting)
    return render(
        request,
        "records/archive.html",
        {
            "institution": institution,
            "sitting": sitting,
            "items": items,
            "accesses": selectors.accesses_of(sitting=sitting),
            "destructions": selectors.destructions_of(sitting=sitting),
            "job": selectors.packages_of(sitting=sitting).first(),
            "destruction_form": destruction or DestructionForm(items=items),
            "access_kinds": AccessForm.base_fields["kind"].choices,
            "can_manage": can_manage(request.user, institution),
        },
        status=status,
    )


@login_required
@require_safe
def archive_page(request, iid: int, sid: int):
    institution, sitting = _sitting(request, iid, sid)
    return _page(request, institution, sitting)


@login_required
@require_POST
def archive_assemble(request, iid: int, sid: int):
    _, sitting = _sitting(request, iid, sid, manage=True)
    with rule_messages(request):
        added = services.archive_assemble(actor=request.user, sitting=sitting)
        messages.success(request, f"已归集档案，新增{added}件")
    return redirect("records_archive", iid, sid)


@login_required
@require_POST
def archive_destruction(request, iid: int, sid: int):
    """REC-02: a destruction request; refused before the retention date, never for permanent."""
    institution, sitting = _sitting(request, iid, sid, manage=True)
    form = DestructionForm(request.POST, items=selectors.items_of(sitting=sitting))
    if form.is_valid():
        try:
            services.destruction_request(actor=request.user, sitting=sitting, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, "已提交销毁申请，待审批")
            return redirect("records_archive", iid, sid)
    return _page(request, institution, sitting, destruction=form, status=400)


@login_required
@require_POST
def archive_package(request, iid: int, sid: int):
    _, sitting = _sitting(request, iid, sid, manage=True)
    with rule_messages(request):
        services.package_start(actor=request.user, sitting=sitting)
        messages.success(request, "已开始生成档案包")
    return redirect("records_archive", iid, sid)


@login_required
@require_POST
def item_locate(request, iid: int, item_id: int):
    institution = institution_for(request, iid, manage=True)
    item = found_or_404(
        selectors.item_get(institution=institution, item_id=item_id), "未找到该档案"
    )
    form = bind(request, LocateForm)
    with rule_messages(request):
        if not form.is_valid():
            raise DomainError("location", "请填写盒号和架位", field="box")
        services.archive_locate(actor=request.user, item=item, **form.cleaned_data)
        messages.success(request, "已登记存放位置")
    return redirect("records_archive", iid, item.sitting_id)


@login_required
@require_POST
def item_access(request, iid: int, item_id: int):
    institution = institution_for(request, iid, manage=True)
    item = found_or_404(
        selectors.item_get(institution=institution, item_id=item_id), "未找到该档案"
    )
    form = bind(request, AccessForm)
    with rule_messages(request):
        if not form.is_valid():
            raise DomainError("access", "请选择类别并填写借阅人和用途", field="borrower")
        services.access_request(actor=request.user, item=item, **form.cleaned_data)
        messages.success(request, "已提交借阅/复制申请，待审批")
    return redirect("records_archive", iid, item.sitting_id)


ACCESS_ACTIONS = {
    "approve": lambda actor, a: services.access_decide(actor=actor, access=a, approve=True),
    "refuse": lambda actor, a: services.access_decide(actor=actor, access=a, approve=False),
    "return": lambda actor, a: services.access_return(actor=actor, access=a),
}
DESTRUCTION_ACTIONS = {
    "approve": lambda actor, r: services.destruction_decide(actor=actor, request=r, approve=True),
    "refuse": lambda actor, r: services.destruction_decide(actor=actor, request=r, approve=False),
    "execute": lambda actor, r: services.destruction_execute(actor=actor, request=r),
}


@login_required
@require_POST
def access_action(request, iid: int, aid: int, action: str):
    institution = institution_for(request, iid, manage=True)
    access = found_or_404(
        selectors.access_get(institution=institution, access_id=aid), "未找到该申请"
    )
    act = found_or_404(ACCESS_ACTIONS.get(action), "未知操作")
    with rule_messages(request):
        act(request.user, access)
        messages.success(request, "已办理")
    return redirect("records_archive", iid, access.item.sitting_id)


@login_required
@require_POST
def destruction_action(request, iid: int, did: int, action: str):
    institution = institution_for(request, iid, manage=True)
    req = found_or_404(
        selectors.destruction_get(institution=institution, request_id=did), "未找到该销毁申请"
    )
    act = found_or_404(DESTRUCTION_ACTIONS.get(action), "未知操作")
    with rule_messages(request):
        act(request.user, req)
        messages.success(request, "已办理")
    return redirect("records_archive", iid, req.sitting_id)


@login_required
@require_safe
def destruction_inventory(request, iid: int, did: int):
    institution = institution_for(request, iid)
    req = found_or_404(
        selectors.destruction_get(institution=institution, request_id=did), "未找到该销毁申请"
    )
    return download(
        selectors.inventory_pdf(request=req), "application/pdf", f"档案销毁清册-{req.pk}.pdf"
    )


@login_required
@require_safe
def package_status(request, iid: int, jid: int):
    institution = institution_for(request, iid)
    job = found_or_404(selectors.package_get(institution=institution, job_id=jid), "未找到该任务")
    return render(
        request,
        "records/_package_job.html",
        {
            "institution": institution,
            "job": job,
            "can_manage": can_manage(request.user, institution),
        },
    )


@login_required
@require_safe
def package_download(request, iid: int, jid: int):
    institution = institution_for(request, iid, manage=True)
    job = found_or_404(selectors.package_get(institution=institution, job_id=jid), "未找到该任务")
    if job.status != ArchivePackage.DONE or not job.file:
        raise Http404("档案包尚未生成")

    return sealed_response(
        job.file.name, f"archive-sitting-{job.sitting_id}.zip", "application/zip"
    )
