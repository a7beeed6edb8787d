"""Pages a clerk uses for the people services that had none (issue 16 item 21): an
examiner's annual evaluation (PEOPLE-06) and renewal (PEOPLE-05), recusal relations
(ARR-08), and opening a login for a person (开通账号). Thin: tenancy, permission, a service."""

from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from skillcert.core.errors import DomainError
from skillcert.core.web import bind, form_error, form_submit
from skillcert.institutions.selectors import can_manage
from skillcert.institutions.web import institution_for

from . import selectors, services
from .accounts import account_first_password, person_account_open
from .forms import AccountForm, EvaluationForm, RelativeForm, RenewalForm, TaughtClassForm


def _submit_either(request, *pairs, then):
    """A page with two forms, the POST's `action` binding one: that one's pair (form, act)
    goes through form_submit; `act` returns the success message."""
    for form, act in pairs:
        if form.is_bound:
            return form_submit(
                request, form, act, success=lambda text: text, then=then, show_rule=True
            )
    return None


@login_required
def examiner_detail(request, iid, eid):
    """An examiner: evaluations by year with the grade (PEOPLE-06), renewal (PEOPLE-05)."""
    manage = request.method == "POST"
    institution = institution_for(request, iid, manage=manage)
    examiner = selectors.examiner_get_or_404(institution, eid)
    evaluation = EvaluationForm(request.POST if request.POST.get("action") == "evaluate" else None)
    renewal = RenewalForm(request.POST if request.POST.get("action") == "renew" else None)

    def evaluate(d):
        done = services.examiner_evaluate(
            actor=request.user,
            examiner=examiner,
            year=d["year"],
            score=d["score"],  # None: the mean of the year's ratings (PEOPLE-11)
            assignments=d["assignments"],
            missed_in_row=d["missed_in_row"] or 0,
        )
        return f"已登记{done.year}年度考核：{done.get_grade_display()}"

    def renew(d):
        services.examiner_renew(
            actor=request.user,
            examiner=examiner,
            card_number=d["card_number"],
            card_issued_on=d["card_issued_on"],
            training_hours=d["training_hours"],
            assessment_passed=d["assessment_passed"],
            contract_start=d["contract_start"],
        )
        return "已换发考评员证"

    done = _submit_either(
        request,
        (evaluation, evaluate),
        (renewal, renew),
        then=("examiner_detail", institution.pk, examiner.pk),
    )
    if done:
        return done
    examiner.refresh_from_db()
    return render(
        request,
        "people/examiner.html",
        {
            "institution": institution,
            "examiner": examiner,
            "valid": services.examiner_valid_on(examiner, _today()),
            "evaluations": examiner.evaluations.order_by("-year"),
            "rating_years": _rating_years(examiner),
            "evaluation_form": evaluation,
            "renewal_form": renewal,
            "can_manage": can_manage(request.user, institution),
        },
    )


def _rating_years(examiner) -> list[tuple[int, services.YearRatings]]:
    """This year's and last year's 认定表 scores, what the evaluation takes (PEOPLE-11)."""
    year = _today().year
    return [(y, services.year_ratings(examiner=examiner, year=y)) for y in (year, year - 1)]


def _today():
    from datetime import date

    return date.today()


def _next_url(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@login_required
def person_account(request, iid, pid):
    """开通账号: a login for a person of the institution, with the examiner role; the
    temporary password is shown once, here, and must be changed at the first login."""
    institution = institution_for(request, iid, manage=True)
    person = selectors.person_get(institution, pid)
    form = AccountForm(request.POST or None)
    opened = None
    if request.method == "POST" and form.is_valid():
        try:
            user, password = person_account_open(
                actor=request.user,
                institution=institution,
                person=person,
                username=form.cleaned_data["username"],
            )
        except DomainError as exc:
            form_error(form, exc, show_rule=True)
        else:
            opened = {"username": user.username, "password": password}
    return render(
        request,
        "people/account.html",
        {
            "institution": institution,
            "person": person,
            "form": form,
            "opened": opened,
            "next": _next_url(request, ""),
        },
    )


@login_required
def recusal_page(request, iid):
    """ARR-08 回避: relatives of the institution's people and the classes they teach."""
    manage = request.method == "POST"
    institution = institution_for(request, iid, manage=manage)
    members = list(selectors.persons_of(institution))
    action = request.POST.get("action")
    relative = RelativeForm(request.POST if action == "relative" else None, members=members)
    taught = TaughtClassForm(request.POST if action == "class" else None, members=members)
    by_pk = {p.pk: p for p in members}

    @transaction.atomic
    def relative_add(d):
        other = services.person_get_or_create(
            name=d["name"], id_type=d["id_type"], id_number=d["id_number"]
        )
        services.relative_add(
            actor=request.user,
            institution=institution,
            person=by_pk[d["member"]],
            relative=other,
            kind=d["kind"],
        )
        return f"已登记亲属关系：{by_pk[d['member']].name}—{other.name}"

    def class_add(d):
        services.taught_class_add(
            actor=request.user,
            institution=institution,
            teacher=by_pk[d["teacher"]],
            class_name=d["class_name"],
        )
        return f"已登记任课班级：{d['class_name']}"

    done = _submit_either(
        request,
        (relative, relative_add),
        (taught, class_add),
        then=("people_recusal", institution.pk),
    )
    if done:
        return done
    return render(
        request,
        "people/recusal.html",
        {
            "institution": institution,
            "relatives": selectors.relatives_of(institution),
            "classes": selectors.taught_classes_of(institution),
            "relative_form": relative,
            "class_form": taught,
            "can_manage": can_manage(request.user, institution),
        },
    )


@login_required
def first_password(request):
    """The first login with a temporary password: choose one's own (issue 16 item 21)."""
    from django import forms

    class FirstPasswordForm(forms.Form):
        old_password = forms.CharField(label="临时密码", widget=forms.PasswordInput)
        new_password = forms.CharField(label="新密码", widget=forms.PasswordInput)

    form = bind(request, FirstPasswordForm)

    def change(d):
        account_first_password(
            user=request.user, old_password=d["old_password"], new_password=d["new_password"]
        )
        update_session_auth_hash(request, request.user)

    done = form_submit(request, form, change, success="密码已修改", then="home")
    if done:
        return done
    return render(request, "people/first_password.html", {"form": form})
