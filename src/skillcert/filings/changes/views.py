"""Pages of INST-08 change applications: the institution's /i/<iid>/record-changes/ and the
authority's /authority/changes/ (queue, decision, documents, quarterly report)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from skillcert.core.errors import NotFound
from skillcert.core.web import bind, download, form_submit, found_or_404
from skillcert.core.xlsx import xlsx_response
from skillcert.institutions.web import institution_for

from . import selectors, services
from .forms import ChangeDecisionForm, ChangeForm, QuarterForm
from .report import quarter_workbook


@login_required
def change_list(request, iid: int):
    institution = institution_for(request, iid, manage=request.method == "POST")
    form = bind(request, ChangeForm)
    done = form_submit(
        request,
        form,
        lambda d: services.change_submit(
            actor=request.user,
            institution=institution,
            kind=d["kind"],
            new_value=d["new_value"],
            reason=d["reason"],
            documents=form.documents(),
        ),
        success="变更申请已提交，经人社部门批准后生效",
        then=("record_changes", iid),
    )
    status = 400 if request.method == "POST" else 200
    return done or render(
        request,
        "filings/changes/list.html",
        {"institution": institution, "changes": selectors.changes_of(institution), "form": form},
        status=status,
    )


@login_required
@require_safe
def change_detail(request, iid: int, cid: int):
    institution = institution_for(request, iid)
    change = found_or_404(selectors.change_of(institution, cid), "未找到该变更申请")
    return render(request, "filings/changes/detail.html", {"change": change})


def _authority_changes(request):
    found = selectors.authority_changes(request.user)
    if found is None:
        raise NotFound("未找到")
    return found


@login_required
@require_safe
def authority_changes(request):
    return render(
        request,
        "filings/changes/authority_list.html",
        {"changes": _authority_changes(request), "quarter_form": QuarterForm()},
    )


@login_required
def authority_change(request, cid: int):
    _authority_changes(request)
    change = found_or_404(selectors.authority_change(request.user, cid), "未找到该变更申请")
    form = bind(request, ChangeDecisionForm)

    def decide(d):
        if d["decision"] == "approve":
            return services.change_approve(actor=request.user, application=change, note=d["note"])
        return services.change_reject(actor=request.user, application=change, note=d["note"])

    done = form_submit(
        request, form, decide, success="已审核", then=("authority_change", change.pk)
    )
    status = 400 if request.method == "POST" else 200
    return done or render(
        request,
        "filings/changes/authority_detail.html",
        {"change": change, "form": form},
        status=status,
    )


@login_required
@require_safe
def authority_change_document(request, cid: int, did: int):
    _authority_changes(request)
    change = found_or_404(selectors.authority_change(request.user, cid), "未找到该变更申请")
    document = found_or_404(selectors.document_of(change, did), "未找到该材料")
    return download(services.document_bytes(document), document.content_type, document.name)


@login_required
@require_safe
def quarter_report(request):
    found = _authority_changes(request)
    form = QuarterForm(request.GET)
    if not form.is_valid():
        return render(
            request,
            "filings/changes/authority_list.html",
            {"changes": found, "quarter_form": form},
            status=400,
        )
    year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
    start, end = services.quarter_bounds(year, quarter)
    rows = selectors.quarter_changes(found, start, end)
    title = f"{year}年第{quarter}季度评价机构变更情况"
    return xlsx_response(quarter_workbook(rows, title=title), f"{title}.xlsx")
