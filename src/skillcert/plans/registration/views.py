"""Pages of candidate sign-up, application (live eligibility) and staff review (PLAN-04..09)."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from skillcert.core.ratelimit import RateLimit
from skillcert.core.rules import rules
from skillcert.core.web import bind, form_submit, found_or_404, safe_next
from skillcert.institutions.web import institution_for
from skillcert.people.photos import photo_bytes, photo_set

from ..web import sitting_get
from .forms import ApplyForm, DecisionForm, SignUpForm
from .selectors import open_sitting_for_apply, pending_of, registration_in_sitting
from .services import (
    registration_apply,
    registration_findings,
    registrations_decide,
)
from .signup import candidate_sign_up

SIGNUP_DONE = (
    "注册成功。如您已在评价机构登记过（报名、考评员等），请在首页输入机构提供的认领码，"
    "关联本人档案后即可查看成绩、提出复核"
)
SIGNUP_LIMITED = "注册过于频繁，请稍后再试"


def _signup_limit() -> RateLimit:
    r = rules()
    return RateLimit("signup", r.signup_rate_limit, r.signup_rate_minutes * 60)


def register(request):
    """Candidate sign-up (PEOPLE-01, issue 16 item 2): rate limited per address, the same
    answer whatever is on file; linking to a person on file needs a claim code."""
    form = bind(request, SignUpForm)
    if request.method == "POST" and _signup_limit().hit(request):
        form.is_valid()
        form.add_error(None, SIGNUP_LIMITED)
        return render(request, "plans/registration_signup.html", {"form": form}, status=429)

    def sign_up(d):
        user = candidate_sign_up(
            username=d["username"],
            password=d["password"],
            name=d["name"],
            id_type=d["id_type"],
            id_number=d["id_number"],
            phone=d["phone"],
            claim_code=d["claim_code"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")

    done = form_submit(
        request, form, sign_up, success=SIGNUP_DONE, then=lambda _: safe_next(request, "home")
    )
    return done or render(request, "plans/registration_signup.html", {"form": form})


def _person_or_none(request):
    return getattr(request.user, "person", None)


def _verdict(form: ApplyForm, sitting, person):
    d = form.cleaned_data
    return registration_findings(
        sitting=sitting,
        person=person,
        school_level=d.get("school_level") or "",
        graduating_year=d.get("graduating_year"),
        onex_level=d.get("onex_level") or "",
        staff_title=d.get("staff_title") or "",
        title_years=d.get("title_years"),
        absence_share=form.absence_share(),
        has_photo=bool(person and person.photo) or bool(d.get("photo")),
        has_previous_certificate=bool(d.get("previous_certificate")),
        own_member=form.declared_own_member(),
    )


@login_required
def apply(request, sitting_id):
    """Apply to a sitting with a published announcement; the result waits for review."""
    sitting = found_or_404(open_sitting_for_apply(sitting_id), "未找到该批次或其公告尚未发布")
    person = _person_or_none(request)
    if person is None:
        # Signed in (login_required) but not linked: a person on file is claimed with the
        # institution's code (issue 16 item 2), a staff account has no person to apply as.
        messages.error(
            request, "您的账号尚未关联本人档案：请在首页输入评价机构提供的认领码（PEOPLE-01）"
        )
        return redirect("home")
    initial = {"phone": person.phone}
    form = bind(request, ApplyForm, initial=initial, sitting=sitting)

    def apply_now(d):
        if d.get("photo"):
            photo_set(person=person, data=d["photo"].read())
        registration_apply(
            actor=request.user,
            sitting=sitting,
            person=person,
            phone=d.get("phone") or "",
            school_level=d.get("school_level") or "",
            graduating_year=d.get("graduating_year"),
            onex_level=d.get("onex_level") or "",
            staff_title=d.get("staff_title") or "",
            title_years=d.get("title_years"),
            class_name=d.get("class_name") or "",
            absence_share=form.absence_share(),
            previous_certificate=d.get("previous_certificate"),
            own_member=form.declared_own_member(),
        )

    done = form_submit(
        request,
        form,
        apply_now,
        success=f"已提交“{sitting.name}”的报名，请等待审核",
        then="home",
        show_rule=True,
    )
    return done or render(
        request,
        "plans/registration_apply.html",
        {"sitting": sitting, "form": form, "person": person},
    )


@login_required
@require_POST
def apply_check(request, sitting_id):
    """htmx: the live eligibility verdict for what the form holds now (PLAN-04..07, 09)."""
    sitting = found_or_404(open_sitting_for_apply(sitting_id), "未找到该批次或其公告尚未发布")
    person = _person_or_none(request)
    form = ApplyForm(request.POST, request.FILES or None, sitting=sitting)
    verdict = _verdict(form, sitting, person) if form.is_valid() else None
    return render(
        request,
        "plans/registration_verdict.html",
        {"verdict": verdict, "form": form, "sitting": sitting},
    )


# --- staff review (PLAN-08) -------------------------------------------------------------------


@login_required
def review(request, iid, sid):
    institution = institution_for(request, iid)
    sitting = sitting_get(institution, sid)
    pending = list(pending_of(sitting))
    form = bind(request, DecisionForm, registration_ids=[r.pk for r in pending])
    if request.method == "POST":
        institution_for(request, iid, manage=True)  # readers get 403

    def approve() -> bool:
        return form.cleaned_data["decision"] == DecisionForm.APPROVE

    done = form_submit(
        request,
        form,
        lambda d: registrations_decide(
            actor=request.user,
            institution=institution,
            sitting=sitting,
            registration_ids=d["ids"],
            approve=approve(),
            reason=d["reason"],
        ),
        success=lambda decided: f"已{'通过' if approve() else '驳回'}{len(decided)}条报名",
        then=("registration_review", institution.pk, sitting.pk),
    )
    if done:
        return done
    rows = [(r, _row_verdict(r)) for r in pending]
    return render(
        request,
        "plans/review_queue.html",
        {"institution": institution, "sitting": sitting, "rows": rows, "form": form},
    )


def _row_verdict(r):
    return registration_findings(
        sitting=r.sitting,
        person=r.person,
        school_level=r.school_level,
        graduating_year=r.graduating_year,
        onex_level=r.onex_level,
        staff_title=r.staff_title,
        title_years=r.title_years,
        absence_share=r.absence_share,
        has_photo=bool(r.person.photo),
        has_previous_certificate=bool(r.previous_certificate),
    )


@login_required
@require_safe  # it only shows: a POST is 405 (issue 16 Proof)
def review_photo(request, iid, sid, rid):
    """The candidate photo for the review queue, to staff of the institution only."""
    institution = institution_for(request, iid)
    sitting = sitting_get(institution, sid)
    reg = registration_in_sitting(sitting=sitting, registration_id=rid)
    if reg is None or not reg.person.photo:
        raise Http404("未找到照片")
    response = HttpResponse(photo_bytes(reg.person), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response
