"""Pages of the people registers: thin; tenancy and permission, then a service."""

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from skillcert.core.errors import DomainError
from skillcert.core.web import bind, download, form_submit, rule_messages
from skillcert.institutions.selectors import can_manage
from skillcert.institutions.web import institution_for

from . import claims, selectors, services
from .forms import ExaminerForm, ExpertForm, ImportForm, StaffForm, SupervisorForm
from .models import ClaimCode
from .registers import examiner_template_xlsx, examiners_import

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_safe  # it only shows: a POST is 405 (issue 16 Proof)
def people_home(request, iid):
    institution = institution_for(request, iid)
    today = date.today()
    examiners = [
        {
            "e": e,
            "valid": services.examiner_valid_on(e, today),
            "card_expired": e.card_valid_until <= today,
            "contract_expired": e.contract_until <= today,
        }
        for e in selectors.examiners_of(institution)
    ]
    supervisors = [
        {"s": s, "valid": services.supervisor_valid_on(s, today)}
        for s in selectors.supervisors_of(institution)
    ]
    experts = [
        {"x": x, "expired": x.term_until <= today} for x in selectors.experts_of(institution)
    ]
    return render(
        request,
        "people/home.html",
        {
            "institution": institution,
            "today": today,
            "examiners": examiners,
            "supervisors": supervisors,
            "experts": experts,
            "staff": selectors.staff_of(institution),
            "shortages": selectors.occupations_short_of_examiners(institution, today),
            "staffing_gaps": selectors.staffing_gaps(institution),
            "can_manage": can_manage(request.user, institution),
        },
    )


def _add_page(request, iid, *, form_class, title, save):
    """A form page for one register; a DomainError shows on the form (its field, if any)."""
    institution = institution_for(request, iid, manage=True)
    form = bind(request, form_class)

    @transaction.atomic
    def add(d):
        save(institution, services.person_get_or_create(**form.person_values()), d)

    done = form_submit(
        request,
        form,
        add,
        success=lambda _: f"已登记{title}：{form.cleaned_data['name']}",
        then=("people_home", institution.pk),
        show_rule=True,
    )
    return done or render(
        request, "people/add.html", {"institution": institution, "form": form, "title": title}
    )


@login_required
def examiner_new(request, iid):
    def save(institution, person, data):
        services.examiner_add(
            actor=request.user,
            institution=institution,
            person=person,
            **ExaminerForm.examiner_values(data),
        )

    return _add_page(request, iid, form_class=ExaminerForm, title="考评员", save=save)


@login_required
def supervisor_new(request, iid):
    def save(institution, person, d):
        services.supervisor_add(
            actor=request.user,
            institution=institution,
            person=person,
            kind=d["kind"],
            assessment_since=d["assessment_since"],
            card_number=d["card_number"],
            card_issued_on=d["card_issued_on"],
        )

    return _add_page(request, iid, form_class=SupervisorForm, title="质量督导员", save=save)


@login_required
def expert_new(request, iid):
    def save(institution, person, d):
        services.expert_add(
            actor=request.user,
            institution=institution,
            person=person,
            occupation=d["occupation"],
            degree=d["degree"],
            skill_level=d["skill_level"],
            title=d["title"],
            assessment_since=d["assessment_since"],
            term_start=d["term_start"],
            is_group_leader=d["is_group_leader"],
            examiner_since=d["examiner_since"],
            is_senior_examiner=d["is_senior_examiner"],
            on=date.today(),
        )

    return _add_page(request, iid, form_class=ExpertForm, title="专家", save=save)


@login_required
def staff_new(request, iid):
    def save(institution, person, d):
        services.staff_add(
            actor=request.user,
            institution=institution,
            person=person,
            role=d["role"],
            title=d["title"] or "",
        )

    return _add_page(request, iid, form_class=StaffForm, title="考务人员", save=save)


@login_required
def examiner_import(request, iid):
    institution = institution_for(request, iid, manage=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = examiners_import(
                actor=request.user, institution=institution, data=form.cleaned_data["file"].read()
            )
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            if report.ok:
                messages.success(request, f"已导入{report.created}名考评员")
                return redirect("people_home", institution.pk)
    return render(
        request,
        "people/import.html",
        {"institution": institution, "form": form, "report": report},
    )


@login_required
@require_safe  # it only shows: a POST is 405 (issue 16 Proof)
def examiner_template(request, iid):
    institution_for(request, iid)
    return download(examiner_template_xlsx(), XLSX, "examiner-template.xlsx")


# --- claim codes (认领码, PEOPLE-01, issue 16 item 2) ---------------------------------------


@login_required
def person_page(request, iid, pid):
    """A person the institution knows: masked details, whether an account is linked, and
    (for managers) a one-time claim code to hand over. The code is shown once, on this
    answer only: it is neither stored in clear nor put in a message or a redirect."""
    institution = institution_for(request, iid)
    person = claims.person_of_institution(institution, pid)
    code, claim = "", None
    if request.method == "POST":
        institution = institution_for(request, iid, manage=True)
        purpose = ClaimCode.RESET if request.POST.get("purpose") == "reset" else ClaimCode.CLAIM
        with rule_messages(request):
            claim, code = claims.claim_code_issue(
                actor=request.user, institution=institution, person=person, purpose=purpose
            )
    return render(
        request,
        "people/person.html",
        {
            "institution": institution,
            "person": person,
            "code": code,
            "claim": claim,
            "can_manage": can_manage(request.user, institution),
        },
    )


@login_required
@require_POST
def person_claim(request):
    """The signed-in user enters the claim code the institution gave them."""
    with rule_messages(request):
        person = claims.person_claim(user=request.user, code=request.POST.get("claim_code", ""))
        messages.success(request, f"已关联本人档案：{person.name}（{person.id_masked}）")
    return redirect("home")


class ResetByCodeForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    code = forms.CharField(label="重置码", max_length=20, help_text="由评价机构提供，一次有效")
    password = forms.CharField(label="新密码", widget=forms.PasswordInput, max_length=128)
    password2 = forms.CharField(label="确认新密码", widget=forms.PasswordInput, max_length=128)

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", "两次输入的密码不一致")
        return data


def password_reset_code(request):
    """Issue 16 item 16: reset a password without e-mail, with the institution's code."""
    form = bind(request, ResetByCodeForm)
    done = form_submit(
        request,
        form,
        lambda d: claims.password_reset_by_code(
            username=d["username"], code=d["code"], password=d["password"]
        ),
        success="密码已重置，请用新密码登录",
        then="login",
    )
    return done or render(request, "people/reset_code.html", {"form": form})
