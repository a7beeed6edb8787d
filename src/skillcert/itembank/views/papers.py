"""Paper custody pages (EXAM-04): a paper's page, handovers, the second key holder, the
two-key unlock and printing. Open to every member of the institution: the receiver of a
handover or the second key holder need not be an exam-affairs officer; the services check
who may act. Naming the second key holder is a manager's step (manage=True)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from skillcert.core.errors import DomainError
from skillcert.core.web import download, form_submit, found_or_404, rule_messages
from skillcert.institutions.selectors import can_manage
from skillcert.institutions.web import institution_for

from .. import custody, pdf, selectors
from ..forms import HandoverForm, KeyHolderForm, UnlockForm


def _paper_render(request, institution, paper, **bound):
    """The paper page with its custody forms; a bound form with errors makes it a 400."""
    members = selectors.members_of(institution=institution)
    forms = {
        "form": HandoverForm(users=members.exclude(pk=request.user.pk)),
        "key_form": KeyHolderForm(users=members, initial={"user": paper.key_holder_id}),
        "unlock_form": UnlockForm(),
    } | bound
    return render(
        request,
        "itembank/paper.html",
        {
            "institution": institution,
            "paper": paper,
            "log": selectors.custody_log(paper),
            "handovers": selectors.handovers_of(paper),
            "unlocks": selectors.unlocks_today(paper),
            "today": custody._today(),
            "is_custodian": paper.custodian_id == request.user.pk,
            "opens_on": custody.opens_on(paper),
            "print_from": custody.print_from(paper),
            "can_manage": can_manage(request.user, institution),
            **forms,
        },
        status=400 if any(f.errors for f in bound.values()) else 200,
    )


def _paper_post(request, institution, paper, form, slot: str, act):
    """One custody form of the paper page: `act(cleaned_data)` calls the service and returns
    the success message; a DomainError goes on the form, shown again in `slot` (a 400)."""
    done = form_submit(
        request,
        form,
        act,
        success=lambda text: text,
        then=("itembank_paper", institution.pk, paper.pk),
    )
    return done or _paper_render(request, institution, paper, **{slot: form})


def _decide(request, institution, paper_id: int, action: str, steps: dict):
    """Confirm or cancel a pending handover or unlock: steps[action]() returns the message."""
    if action not in steps:
        raise Http404("未找到")
    with rule_messages(request):
        messages.success(request, steps[action]())
    return redirect("itembank_paper", institution.pk, paper_id)


@login_required
def paper_page(request, iid, pid):
    institution = institution_for(request, iid)
    paper = found_or_404(selectors.paper_get(institution=institution, paper_id=pid), "未找到该试卷")
    if request.method != "POST":
        return _paper_render(request, institution, paper)
    form = HandoverForm(
        request.POST,
        users=selectors.members_of(institution=institution).exclude(pk=request.user.pk),
    )

    def act(data):
        custody.handover_request(
            actor=request.user, paper=paper, to_user=data["to_user"], note=data["note"]
        )
        return "已确认交出，等待接收人登录确认"

    return _paper_post(request, institution, paper, form, "form", act)


@login_required
@require_POST
def paper_key_holder(request, iid, pid):
    """Managers (director, exam affairs) name the second key holder (双人双锁, EXAM-04)."""
    institution = institution_for(request, iid, manage=True)
    paper = found_or_404(selectors.paper_get(institution=institution, paper_id=pid), "未找到该试卷")
    form = KeyHolderForm(request.POST, users=selectors.members_of(institution=institution))

    def act(data):
        done = custody.key_holder_set(actor=request.user, paper=paper, user=data["user"])
        return f"第二把钥匙保管人：{custody.person_name(done.key_holder)}"

    return _paper_post(request, institution, paper, form, "key_form", act)


@login_required
@require_POST
def paper_unlock(request, iid, pid):
    """The custodian asks to take the paper out today; the second key holder confirms."""
    institution = institution_for(request, iid)
    paper = found_or_404(selectors.paper_get(institution=institution, paper_id=pid), "未找到该试卷")

    def act(data):
        unlock = custody.unlock_request(actor=request.user, paper=paper, purpose=data["purpose"])
        holder = custody.person_name(unlock.key_holder)
        return f"已申请开锁，等待第二把钥匙保管人 {holder} 登录确认"

    return _paper_post(request, institution, paper, UnlockForm(request.POST), "unlock_form", act)


@login_required
@require_POST
def unlock_decide(request, iid, uid, action):
    institution = institution_for(request, iid)
    unlock = found_or_404(
        selectors.unlock_get(institution=institution, unlock_id=uid), "未找到该开锁申请"
    )

    def confirm():
        custody.unlock_confirm(actor=request.user, unlock=unlock)
        return f"已确认开锁：今日可{unlock.get_purpose_display()}"

    def cancel():
        custody.unlock_cancel(actor=request.user, unlock=unlock)
        return "已撤回开锁申请"

    steps = {"confirm": confirm, "cancel": cancel}
    return _decide(request, institution, unlock.paper_id, action, steps)


@login_required
@require_POST
def handover_decide(request, iid, hid, action):
    institution = institution_for(request, iid)
    handover = found_or_404(
        selectors.handover_get(institution=institution, handover_id=hid), "未找到该交接"
    )

    def confirm():
        custody.handover_confirm(actor=request.user, handover=handover)
        return "已确认接收，试卷由您保管"

    def cancel():
        custody.handover_cancel(actor=request.user, handover=handover)
        return "已撤回交接"

    steps = {"confirm": confirm, "cancel": cancel}
    return _decide(request, institution, handover.paper_id, action, steps)


@login_required
@require_safe  # it only shows: a POST is 405 (issue 16 Proof)
def paper_pdf(request, iid, pid, kind):
    institution = institution_for(request, iid)
    paper = found_or_404(selectors.paper_get(institution=institution, paper_id=pid), "未找到该试卷")
    if kind not in ("paper", "key"):
        raise Http404("未找到")
    key = kind == "key"
    try:
        content = custody.paper_for_print(actor=request.user, paper=paper, answer_key=key)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("itembank_paper", institution.pk, paper.pk)
    sitting = paper.sitting
    title = f"{sitting.subject_label} 理论知识考试试卷（{paper.form_label}卷）"
    subtitle = f"{institution.name} · {sitting.name} · {sitting.theory_on:%Y年%m月%d日}"
    render_pdf = pdf.answer_key_pdf if key else pdf.paper_pdf
    data = render_pdf(title=title, subtitle=subtitle, questions=content["questions"])
    name = f"试卷{paper.pk}{'答案' if key else ''}.pdf"
    return download(data, "application/pdf", name)
