"""Pages of sittings: create one, and its page (roster, review and scores link from it)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from skillcert.core.web import bind, form_submit
from skillcert.institutions.selectors import can_manage, can_score
from skillcert.institutions.web import institution_for

from .deadlines import deadlines_context
from .forms import SittingForm
from .hooks import sitting_summary
from .roster.forms import RosterUploadForm
from .roster.selectors import roster_imports_of
from .selectors import date_order_warning, registrations_of, scope_subject
from .services import sitting_create
from .web import sitting_get


@login_required
def sitting_new(request, iid):
    institution = institution_for(request, iid, manage=True)
    form = bind(request, SittingForm, institution=institution)

    def create(data):
        row, level = scope_subject(institution=institution, choice=data["subject"])
        return sitting_create(
            actor=request.user,
            institution=institution,
            name=data["name"],
            occupation=row.occupation,
            job_type=row.job_type,
            level=level,
            mode=data["mode"],
            theory_on=data["theory_on"],
            practical_on=data["practical_on"],
        )

    done = form_submit(
        request,
        form,
        create,
        success=lambda sitting: f"已创建批次“{sitting.name}”",
        warning=date_order_warning,  # item 24: said, not refused
        then=lambda sitting: ("sitting_detail", institution.pk, sitting.pk),
    )
    return done or render(
        request, "plans/sitting_new.html", {"institution": institution, "form": form}
    )


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
            "imports": roster_imports_of(sitting=sitting)[:10],
            "summary": sitting_summary(sitting=sitting),
            "upload_form": RosterUploadForm(),
            "can_manage": can_manage(request.user, institution),
            "can_score": can_score(request.user, institution),
            "date_warning": date_order_warning(sitting),
            **deadlines_context(sitting, timezone.localdate()),
        },
    )
