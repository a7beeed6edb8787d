from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from skillcert.core.errors import DomainError
from skillcert.core.web import download, form_error
from skillcert.institutions.models import ScopeRow
from skillcert.institutions.selectors import can_manage, can_score
from skillcert.institutions.web import institution_for
from skillcert.scoring.selectors import sitting_summary

from . import roster
from .deadlines import deadlines_context
from .forms import RosterUploadForm, SittingForm
from .selectors import date_order_warning, registrations_of, roster_import_get, sitting_get
from .services import sitting_create

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    return download(content, XLSX, filename)


@login_required
def sitting_new(request, iid):
    institution = institution_for(request, iid, manage=True)
    form = SittingForm(request.POST or None, institution=institution)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        row_id, level = data["subject"].split(":")
        row = ScopeRow.objects.select_related("occupation", "job_type").get(
            pk=row_id, institution=institution
        )
        try:
            sitting = sitting_create(
                actor=request.user,
                institution=institution,
                name=data["name"],
                occupation=row.occupation,
                job_type=row.job_type,
                level=int(level),
                mode=data["mode"],
                theory_on=data["theory_on"],
                practical_on=data["practical_on"],
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, f"已创建批次“{sitting.name}”")
            if warning := date_order_warning(sitting):  # item 24: said, not refused
                messages.warning(request, warning)
            return redirect("sitting_detail", institution.pk, sitting.pk)
    return render(request, "plans/sitting_new.html", {"institution": institution, "form": form})


@login_required
@require_safe  # it only shows: a POST is 405 (issue 16 Proof)
def sitting_detail(request, iid, sid):
    institution = institution_for(request, iid)
    sitting = sitting_get(institution, sid)
    return render(
        request,
        "plans/sitting_detail.html",
        {
            "institution": institution,
            "sitting": sitting,
            "registrations": registrations_of(sitting),
            "imports": sitting.roster_imports.all()[:10],
            "summary": sitting_summary(sitting),
            "upload_form": RosterUploadForm(),
            "can_manage": can_manage(request.user, institution),
            "can_score": can_score(request.user, institution),
            "date_warning": date_order_warning(sitting),
            **deadlines_context(sitting, timezone.localdate()),
        },
    )


@login_required
@require_POST
def roster_upload(request, iid, sid):
    institution = institution_for(request, iid, manage=True)
    sitting = sitting_get(institution, sid)
    form = RosterUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return redirect("sitting_detail", institution.pk, sitting.pk)
    try:
        job = roster.roster_import_create(
            actor=request.user, sitting=sitting, uploaded_file=form.cleaned_data["file"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("sitting_detail", institution.pk, sitting.pk)
    return redirect("roster_import", institution.pk, job.pk)


@login_required
@require_safe  # it only shows: a POST is 405 (issue 16 Proof)
def roster_import_page(request, iid, import_id):
    institution = institution_for(request, iid)
    job = roster_import_get(institution, import_id)
    template = "plans/_import_status.html" if request.htmx else "plans/roster_import.html"
    return render(
        request, template, {"institution": institution, "job": job, "sitting": job.sitting}
    )


@login_required
def roster_errors_download(request, iid, import_id):
    # The error workbook carries clear ID numbers so rows can be fixed: managers only.
    institution = institution_for(request, iid, manage=True)
    job = roster_import_get(institution, import_id)
    return xlsx_response(roster.roster_errors_xlsx(job), f"roster-errors-{job.pk}.xlsx")


@login_required
@require_safe  # it only shows: a POST is 405 (issue 16 Proof)
def roster_template_download(request, iid):
    institution_for(request, iid)
    return xlsx_response(roster.roster_template_xlsx(), "roster-template.xlsx")
