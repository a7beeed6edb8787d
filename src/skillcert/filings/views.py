"""Pages of filing: the public registration (INST-01), the institution's applications under
/i/<iid>/filings/ (draft, checklist, submit, state and history) and the authority's queue
and decisions under /authority/filings/ (preliminary review, confirmation)."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from skillcert.core.errors import DomainError
from skillcert.core.web import bind, form_submit, found_or_404, rule_messages
from skillcert.institutions.models import Institution
from skillcert.institutions.web import institution_for

from . import sections as sec
from . import selectors, services
from .forms import (
    AttachmentForm,
    CommitmentForm,
    DecisionForm,
    IdentityForm,
    OpenForm,
    RegisterForm,
    ScopeItemForm,
    SectionsForm,
)
from .models import FilingApplication as A
from .web import REGISTER_LIMITED, attachment_response, register_limit


def register(request):
    """INST-01: open an account and the institution's record; the registrant is its director."""
    form = bind(request, RegisterForm)
    if request.method == "POST" and register_limit().hit(request):
        form.is_valid()
        form.add_error(None, REGISTER_LIMITED)
        return render(request, "filings/register.html", {"form": form}, status=429)

    def register_and_login(d):
        user, institution = services.institution_register(**d)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return institution

    done = form_submit(
        request,
        form,
        register_and_login,
        success=lambda institution: f"{institution.name}已注册，请填写备案申请",
        then=lambda institution: ("filing_list", institution.pk),
    )
    return done or render(request, "filings/register.html", {"form": form})


# --- the institution's side --------------------------------------------------------------------


def _application(request, iid, fid, *, manage=False):
    institution = institution_for(request, iid, manage=manage)
    return found_or_404(selectors.application_of(institution, fid), "未找到该备案申请")


@login_required
def filing_list(request, iid: int):
    institution = institution_for(request, iid, manage=request.method == "POST")
    form = bind(request, OpenForm)
    done = form_submit(
        request,
        form,
        lambda d: services.application_open(
            actor=request.user, institution=institution, kind=d["kind"]
        ),
        then=lambda application: ("filing_detail", iid, application.pk),
    )
    return done or render(
        request,
        "filings/list.html",
        {
            "institution": institution,
            "applications": selectors.applications_of(institution),
            "form": form,
        },
    )


def _detail_context(request, application, **forms):
    institution = application.institution
    content = application.sections or {}
    return {
        "institution": institution,
        "application": application,
        "missing": selectors.missing_items(application),
        "sections": [
            {"section": s, "rows": sec.display_rows(s.key, content.get(s.key, []))}
            for s in sec.SECTIONS
        ],
        "texts": [
            (label, content.get("texts", {}).get(key, "")) for key, label in sec.TEXTS.items()
        ],
        "items": application.scope_items.select_related(
            "occupation", "job_type", "standard", "swap_out"
        ),
        "attachments": application.attachments.all(),
        "steps": application.steps.select_related("by"),
        "can_edit": application.editable and selectors.may_manage(request.user, application),
        "sections_form": forms.get("sections_form") or SectionsForm(application=application),
        "identity_form": forms.get("identity_form") or IdentityForm(instance=institution),
        "identity_editable": institution.status == Institution.DRAFT,
        "scope_form": forms.get("scope_form") or ScopeItemForm(application=application),
        "attachment_form": forms.get("attachment_form") or AttachmentForm(),
        "commitment_form": forms.get("commitment_form")
        or CommitmentForm(initial={"signed_by": institution.legal_rep}),
    }


@login_required
@require_safe
def filing_detail(request, iid: int, fid: int):
    application = _application(request, iid, fid)
    return render(request, "filings/detail.html", _detail_context(request, application))


def _form_post(request, application, name: str, form, act, done: str):
    """A form of the detail page: valid and accepted by the service, back to the page with
    `done`; else the page again with the form's errors (the service's on its field), 400."""
    saved = form_submit(
        request,
        form,
        act,
        success=done,
        then=("filing_detail", application.institution_id, application.pk),
    )
    return saved or render(
        request,
        "filings/detail.html",
        _detail_context(request, application, **{name: form}),
        status=400,
    )


@login_required
@require_POST
def filing_sections(request, iid: int, fid: int):
    application = _application(request, iid, fid, manage=True)
    form = SectionsForm(request.POST, application=application)
    return _form_post(
        request,
        application,
        "sections_form",
        form,
        lambda d: services.application_save(
            actor=request.user,
            application=application,
            sections=form.sections(),
            texts=form.texts(),
            school_type=d["school_type"],
        ),
        "草稿已保存",
    )


@login_required
@require_POST
def filing_identity(request, iid: int, fid: int):
    """INST-01: complete the institution's record (before its first filing only)."""
    application = _application(request, iid, fid, manage=True)
    form = IdentityForm(request.POST, instance=Institution(pk=application.institution_id))
    return _form_post(
        request,
        application,
        "identity_form",
        form,
        lambda d: services.application_save(
            actor=request.user, application=application, identity=d
        ),
        "机构信息已保存",
    )


@login_required
@require_POST
def filing_scope_add(request, iid: int, fid: int):
    application = _application(request, iid, fid, manage=True)
    return _form_post(
        request,
        application,
        "scope_form",
        ScopeItemForm(request.POST, application=application),
        lambda d: services.scope_item_add(actor=request.user, application=application, **d),
        "已增加申报职业",
    )


@login_required
@require_POST
def filing_scope_remove(request, iid: int, fid: int, sid: int):
    application = _application(request, iid, fid, manage=True)
    item = found_or_404(selectors.scope_item_of(application, sid), "未找到该申报职业")
    with rule_messages(request):
        services.scope_item_remove(actor=request.user, item=item)
    return redirect("filing_detail", iid=iid, fid=fid)


@login_required
@require_POST
def filing_attachment_add(request, iid: int, fid: int):
    application = _application(request, iid, fid, manage=True)
    return _form_post(
        request,
        application,
        "attachment_form",
        AttachmentForm(request.POST, request.FILES),
        lambda d: services.attachment_add(
            actor=request.user,
            application=application,
            kind=d["kind"],
            name=d["file"].name,
            data=d["file"].read(),
        ),
        "材料已上传",
    )


@login_required
@require_safe
def filing_attachment(request, iid: int, fid: int, aid: int):
    """The applicant's own download (authority staff use theirs under /authority/)."""
    application = _application(request, iid, fid)
    if not selectors.may_manage(request.user, application):
        raise PermissionDenied("只有申请机构的负责人、考务人员和备案部门可以下载申请材料")
    attachment = found_or_404(selectors.attachment_of(application, aid), "未找到该材料")
    return attachment_response(attachment)


@login_required
@require_POST
def filing_attachment_remove(request, iid: int, fid: int, aid: int):
    application = _application(request, iid, fid, manage=True)
    attachment = found_or_404(selectors.attachment_of(application, aid), "未找到该材料")
    with rule_messages(request):
        services.attachment_remove(actor=request.user, attachment=attachment)
    return redirect("filing_detail", iid=iid, fid=fid)


@login_required
@require_POST
def filing_commitment(request, iid: int, fid: int):
    application = _application(request, iid, fid, manage=True)
    return _form_post(
        request,
        application,
        "commitment_form",
        CommitmentForm(request.POST),
        lambda d: services.commitment_sign(
            actor=request.user, application=application, signed_by=d["signed_by"]
        ),
        "承诺书已签署",
    )


@login_required
@require_POST
def filing_submit(request, iid: int, fid: int):
    application = _application(request, iid, fid, manage=True)
    try:
        services.application_submit(actor=request.user, application=application)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "申请已提交，等待初审")
    return redirect("filing_detail", iid=iid, fid=fid)


# --- the authority's side ----------------------------------------------------------------------


def _authority_applications(request, state: str = ""):
    found = selectors.authority_applications(request.user, state=state)
    if found is None:
        raise PermissionDenied("只有人社部门工作人员可以办理备案")
    return found


@login_required
@require_safe
def authority_queue(request):
    state = request.GET.get("state", "")
    state = state if state in dict(A.STATES) else ""
    everything = _authority_applications(request)
    return render(
        request,
        "filings/authority_queue.html",
        {
            "applications": everything.filter(state=state) if state else everything,
            "counts": selectors.state_counts(everything),
            "state": state,
        },
    )


def _authority_application(request, fid):
    _authority_applications(request)  # 403 for a user who is not authority staff
    return found_or_404(selectors.authority_application(request.user, fid), "未找到该备案申请")


@login_required
def authority_detail(request, fid: int):
    application = _authority_application(request, fid)
    form = bind(request, DecisionForm, initial={"step": application.state})
    done = form_submit(
        request,
        form,
        lambda d: services.authority_decide(
            actor=request.user,
            application=application,
            step=d["step"],
            decision=d["decision"],
            reasons=d["reasons"],
        ),
        success="已办理",
        then=("authority_filing", fid),
    )
    if done:
        return done
    context = _detail_context(request, application)
    context.update(
        {
            "decision_form": form,
            "can_decide": application.state in services.AUTHORITY_STEPS,
            "step_label": services.AUTHORITY_STEPS.get(application.state, ""),
            "authority_view": True,
        }
    )
    status = 400 if request.method == "POST" else 200
    return render(request, "filings/authority_detail.html", context, status=status)


@login_required
@require_safe
def authority_attachment(request, fid: int, aid: int):
    application = _authority_application(request, fid)
    attachment = found_or_404(selectors.attachment_of(application, aid), "未找到该材料")
    return attachment_response(attachment)
