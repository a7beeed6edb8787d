"""Pages of roster imports (PLAN-04..08 checked row by row): upload, progress, errors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from skillcert.core.errors import DomainError
from skillcert.core.xlsx import xlsx_response
from skillcert.institutions.web import institution_for

from ..web import roster_import_get, sitting_get
from . import services as roster
from .forms import RosterUploadForm


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
