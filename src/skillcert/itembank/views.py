"""Pages of the item bank, blueprints, assembly and paper custody (EXAM-01..04).

Bank, blueprint and assembly pages are exam-affairs pages (manage=True). A paper's page, a
handover confirmation and the unlock steps are open to every member of the institution: the
receiver of a handover or the second key holder need not be an exam-affairs officer; the
services check who may act. Naming the second key holder is a manager's step (manage=True).
Another institution's ids are a 404.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from skillcert.core.errors import DomainError
from skillcert.core.web import download, form_error, rule_messages
from skillcert.institutions.selectors import can_manage
from skillcert.institutions.web import institution_for
from skillcert.plans.models import Sitting

from . import assembly, custody, item_import, pdf, selectors, services
from .forms import (
    AssembleForm,
    BlueprintForm,
    HandoverForm,
    ImportForm,
    ItemForm,
    KeyHolderForm,
    UnlockForm,
)
from .item_import import _answer
from .kinds import KIND_LABELS
from .models import Item

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILTERS = ("occupation", "level", "kind", "status", "source", "q")


def _filters(request) -> dict:
    out = {}
    for key in FILTERS:
        value = request.GET.get(key, "").strip()[:100]
        if key in ("occupation", "level") and value and not value.isdigit():
            value = ""
        if value:
            out[key] = value
    return out


@login_required
def bank(request, iid):
    institution = institution_for(request, iid, manage=True)
    filters = _filters(request)
    items = selectors.items_of(institution, **filters).order_by("-updated_at", "-id")
    page = Paginator(items, 100).get_page(request.GET.get("page"))
    scope = {k: v for k, v in filters.items() if k in ("occupation", "level")}
    return render(
        request,
        "itembank/bank.html",
        {
            "institution": institution,
            "page": page,
            "filters": filters,
            "query": "&".join(f"{k}={v}" for k, v in filters.items()),
            "renewal": selectors.renewal_by_year(selectors.items_of(institution, **scope)),
            "kinds": KIND_LABELS.items(),
            "statuses": Item.STATUSES,
            "occupations": {i.occupation for i in page.object_list},
        },
    )


def _item_values(form) -> dict:
    data = form.cleaned_data
    kind = data["kind"]
    options = [o.strip() for o in data["options"].splitlines() if o.strip()]
    try:
        answer = _answer(kind, data["answer"], max(2, len(options)))
    except ValueError as exc:
        raise DomainError("item_invalid", str(exc), field="answer") from None
    return {
        "occupation": data["occupation"],
        "job_type": data.get("job_type"),
        "level": data["level"],
        "kind": kind,
        "stem": data["stem"],
        "options": options,
        "answer": answer,
        "knowledge_point": data["knowledge_point"],
        "difficulty": data["difficulty"],
        "source": data["source"],
        "author": data.get("author", ""),
    }


@login_required
def item_new(request, iid):
    institution = institution_for(request, iid, manage=True)
    form = ItemForm(request.POST or None, institution=institution)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create(
                actor=request.user, institution=institution, **_item_values(form)
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, f"已添加试题 {item.pk}（草稿，审核后才能组卷）")
            return redirect("itembank_item", institution.pk, item.pk)
    return render(
        request, "itembank/item.html", {"institution": institution, "form": form, "item": None}
    )


@login_required
def item_edit(request, iid, item_id):
    institution = institution_for(request, iid, manage=True)
    item = selectors.item_get(institution, item_id)
    form = ItemForm(
        request.POST or None,
        initial=ItemForm.initial_for(item),
        institution=institution,
        keep=item.occupation,
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_update(actor=request.user, item=item, **_item_values(form))
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, f"已保存，当前为第{item.version}版")
            return redirect("itembank_item", institution.pk, item.pk)
    return render(
        request,
        "itembank/item.html",
        {
            "institution": institution,
            "form": form,
            "item": item,
            "versions": selectors.versions_of(item),
        },
    )


@login_required
@require_POST
def item_status(request, iid, item_id):
    institution = institution_for(request, iid, manage=True)
    item = selectors.item_get(institution, item_id)
    with rule_messages(request):
        item = services.item_set_status(
            actor=request.user, item=item, status=request.POST.get("status", "")
        )
        messages.success(request, f"试题状态：{item.get_status_display()}")
    return redirect("itembank_item", institution.pk, item.pk)


@login_required
def item_import_page(request, iid):
    institution = institution_for(request, iid, manage=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = item_import.items_import(
                actor=request.user,
                institution=institution,
                data=upload.read(),
                filename=upload.name,
            )
        except DomainError as exc:
            form_error(form, exc)
    return render(
        request,
        "itembank/import.html",
        {
            "institution": institution,
            "form": form,
            "report": report,
            "error_lines": item_import.errors_text(report) if report else [],
        },
    )


@login_required
def item_template(request, iid):
    institution_for(request, iid, manage=True)
    return download(item_import.template_xlsx(), XLSX, "题库导入模板.xlsx")


@login_required
def item_export(request, iid):
    institution = institution_for(request, iid, manage=True)
    items = selectors.items_of(institution, **_filters(request)).order_by("id")
    return download(item_import.export_xlsx(items), XLSX, "题库导出.xlsx")


@login_required
def blueprints(request, iid):
    institution = institution_for(request, iid, manage=True)
    form = BlueprintForm(request.POST or None, institution=institution)
    if request.method == "POST" and form.is_valid():
        try:
            bp = services.blueprint_create(
                actor=request.user, institution=institution, **form.blueprint_values()
            )
        except DomainError as exc:
            form_error(form, exc)
        except ValidationError as exc:  # a knowledge-point line that is not "name:count"
            form.add_error("knowledge_points", exc)
        else:
            messages.success(request, f"已创建蓝图“{bp.name}”")
            return redirect("itembank_blueprint", institution.pk, bp.pk)
    return render(
        request,
        "itembank/blueprints.html",
        {
            "institution": institution,
            "blueprints": selectors.blueprints_of(institution),
            "paper_sets": selectors.paper_sets_of(institution)[:50],
            "form": form,
        },
    )


@login_required
def blueprint_page(request, iid, bid):
    institution = institution_for(request, iid, manage=True)
    bp = selectors.blueprint_get(institution, bid)
    sittings = Sitting.objects.filter(institution=institution)
    form = AssembleForm(request.POST or None, sittings=sittings)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ps = assembly.paper_set_assemble(
                actor=request.user,
                blueprint=bp,
                forms=data["n_forms"],
                seed=data.get("seed"),
                sitting=data.get("sitting"),
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, f"已组卷 {ps.forms} 套并密封保管")
            return redirect("itembank_paper_set", institution.pk, ps.pk)
    return render(
        request,
        "itembank/blueprint.html",
        {
            "institution": institution,
            "bp": bp,
            "sections": [(KIND_LABELS[k], s["count"], s["points"]) for k, s in bp.sections.items()],
            "total": services.blueprint_total_points(bp),
            "available": assembly.bank_items(bp).count(),
            "source": assembly.source_for(bp),
            "form": form,
        },
    )


@login_required
def paper_set_page(request, iid, sid):
    institution = institution_for(request, iid, manage=True)
    ps = selectors.paper_set_get(institution, sid)
    if request.method == "POST":
        try:
            sitting = Sitting.objects.get(institution=institution, pk=int(request.POST["sitting"]))
            assembly.paper_set_attach_sitting(actor=request.user, paper_set=ps, sitting=sitting)
            messages.success(request, f"已指定批次“{sitting.name}”")
        except (Sitting.DoesNotExist, KeyError, ValueError):
            messages.error(request, "请选择本机构的认定批次")
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("itembank_paper_set", institution.pk, ps.pk)
    papers = list(ps.papers.all())
    rows = [(p, ps.overlap[n] if n < len(ps.overlap) else []) for n, p in enumerate(papers)]
    return render(
        request,
        "itembank/paper_set.html",
        {
            "institution": institution,
            "ps": ps,
            "rows": rows,
            "limit_pct": round(100 * ps.max_overlap / ps.items_per_form)
            if ps.items_per_form
            else 0,
            "sittings": Sitting.objects.filter(institution=institution),
        },
    )


def _members(institution):
    return get_user_model().objects.filter(memberships__institution=institution).distinct()


def _paper_render(request, institution, paper, **bound):
    """The paper page with its custody forms; a bound form with errors makes it a 400."""
    members = _members(institution)
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
            "handovers": paper.handovers.select_related("from_user", "to_user"),
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
    if form.is_valid():
        try:
            messages.success(request, act(form.cleaned_data))
            return redirect("itembank_paper", institution.pk, paper.pk)
        except DomainError as exc:
            form_error(form, exc)
    return _paper_render(request, institution, paper, **{slot: form})


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
    paper = selectors.paper_get(institution, pid)
    if request.method != "POST":
        return _paper_render(request, institution, paper)
    form = HandoverForm(request.POST, users=_members(institution).exclude(pk=request.user.pk))

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
    paper = selectors.paper_get(institution, pid)
    form = KeyHolderForm(request.POST, users=_members(institution))

    def act(data):
        done = custody.key_holder_set(actor=request.user, paper=paper, user=data["user"])
        return f"第二把钥匙保管人：{custody.person_name(done.key_holder)}"

    return _paper_post(request, institution, paper, form, "key_form", act)


@login_required
@require_POST
def paper_unlock(request, iid, pid):
    """The custodian asks to take the paper out today; the second key holder confirms."""
    institution = institution_for(request, iid)
    paper = selectors.paper_get(institution, pid)

    def act(data):
        unlock = custody.unlock_request(actor=request.user, paper=paper, purpose=data["purpose"])
        holder = custody.person_name(unlock.key_holder)
        return f"已申请开锁，等待第二把钥匙保管人 {holder} 登录确认"

    return _paper_post(request, institution, paper, UnlockForm(request.POST), "unlock_form", act)


@login_required
@require_POST
def unlock_decide(request, iid, uid, action):
    institution = institution_for(request, iid)
    unlock = selectors.unlock_get(institution, uid)

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
    handover = selectors.handover_get(institution, hid)

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
    paper = selectors.paper_get(institution, pid)
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
