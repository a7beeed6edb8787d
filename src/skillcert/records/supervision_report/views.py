"""The supervision report page (REC-06): read by the institution; written and signed only by
the sitting's three supervisors, each with their own login (others: 403)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from skillcert.core.web import bind, download, form_submit, found_or_404, rule_messages
from skillcert.institutions.web import institution_for
from skillcert.plans.web import sitting_get

from . import selectors, services
from .forms import ReportForm
from .pdf import report_pdf


def _group_member(request, sitting):
    if services.member_of_group(request.user, sitting) is None:
        raise PermissionDenied("只有本批次督导组成员可以填写和签署督导报告")


@login_required
def supervision_report(request, iid, sid):
    institution = institution_for(request, iid)
    sitting = sitting_get(institution, sid)
    report = selectors.report_of(sitting=sitting)
    member = services.member_of_group(request.user, sitting)
    if request.method == "POST":
        _group_member(request, sitting)
    form = bind(request, ReportForm, report=report)
    done = form_submit(
        request,
        form,
        lambda d: services.supervision_report_save(
            actor=request.user,
            institution=institution,
            sitting=sitting,
            plan=d["plan"],
            checklist=form.checklist(),
            findings=d["findings"],
        ),
        success="已保存督导报告",
        then=("supervision_report", institution.pk, sitting.pk),
    )
    if done:
        return done
    signed = {s.person_id: s for s in report.signatures.all()} if report else {}
    return render(
        request,
        "records/supervision_report.html",
        {
            "institution": institution,
            "sitting": sitting,
            "report": report,
            "form": form,
            "group": [(p, signed.get(p.pk)) for p in services.group_of(sitting)],
            "member": member,
            "editable": member is not None and (report is None or report.status == "draft"),
            "may_sign": member is not None and report is not None and member.pk not in signed,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def supervision_report_sign(request, iid, sid):
    institution = institution_for(request, iid)
    sitting = sitting_get(institution, sid)
    _group_member(request, sitting)
    report = selectors.report_of(sitting=sitting)
    if report is None:
        messages.error(request, "督导报告尚未填写")
    else:
        with rule_messages(request):
            services.supervision_report_sign(actor=request.user, report=report)
            messages.success(request, "已签名")
    return redirect("supervision_report", institution.pk, sitting.pk)


@login_required
@require_safe
def supervision_report_pdf(request, iid, sid):
    institution = institution_for(request, iid)
    sitting = sitting_get(institution, sid)
    report = found_or_404(selectors.report_of(sitting=sitting), "督导报告尚未填写")
    data = report_pdf(report, issuer=institution.name)
    return download(data, "application/pdf", f"质量督导报告-{sitting.name}.pdf")
