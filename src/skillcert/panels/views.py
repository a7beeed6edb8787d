"""Pages of practical scoring by panels (SCORE-03, EXAM-09, ARR-09).

- set-up (managers): the panel from the staffing plan, modules and items, work numbers;
- status (managers and the panel): who signed what; pending changes are 待全体签名，未生效;
- scoring grid (members): work numbers × items, save, sign with the password;
- tally (the checker) and summary (the leader), each signed with the password;
- absences (the leader and managers): work numbers recorded as 缺考 before the summary.
Before the summary locks the scores nobody sees candidate names here, only work numbers.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from skillcert.arrangement.models import StaffAssignment
from skillcert.core.errors import DomainError
from skillcert.core.web import form_error
from skillcert.institutions.web import institution_for
from skillcert.plans.web import sitting_get

from .forms import AbsenceForm, ModuleForm, PasswordForm
from .selectors import (
    absences_of,
    checker_from,
    examiners_without_login,
    member_persons,
    module_get,
    modules_of,
    panel_access,
    panel_board,
    panels_for_person,
    panels_of_sitting,
    plan_staff,
    summary_state,
    work_numbers_of,
)
from .services import (
    ScoreEntry,
    absence_mark,
    absence_undo,
    module_create,
    module_delete,
    panel_create,
    scores_enter,
    summary_sign,
    tally_confirm,
    versions_sign,
    work_numbers_assign,
)


@login_required
def panel_setup(request, iid, sid):
    """Managers: set up the panel from the staffing plan, the modules and their items."""
    institution = institution_for(request, iid, manage=True)
    sitting = sitting_get(institution, sid)
    panel = panels_of_sitting(sitting).first()
    form = ModuleForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "create_panel" and panel is None:
                checker = checker_from(request.POST.get("checker", ""))
                panel = panel_create(actor=request.user, sitting=sitting, checker=checker)
                messages.success(request, "已设置考评组，并为考生编制了作品号")
            elif action == "add_module" and panel is not None:
                form = ModuleForm(request.POST)
                if form.is_valid():
                    module_create(
                        actor=request.user,
                        panel=panel,
                        name=form.cleaned_data["name"],
                        weight=form.cleaned_data["weight"],
                        items=form.cleaned_data["items"],
                    )
                    messages.success(request, f"已添加考核模块“{form.cleaned_data['name']}”")
                else:
                    messages.error(request, "考核模块填写有误，未保存")
                    return _setup_page(request, institution, sitting, panel, form)
            elif action == "delete_module" and panel is not None:
                module = module_get(panel, request.POST.get("module", ""))
                module_delete(actor=request.user, module=module)
                messages.success(request, f"已删除考核模块“{module.name}”")
            elif action == "work_numbers":
                n = work_numbers_assign(actor=request.user, sitting=sitting)
                messages.success(request, f"已为{n}名考生补编作品号")
            else:
                raise DomainError("action", "无效的操作")
        except DomainError as exc:
            messages.error(request, exc.message)
            if action == "add_module":
                return _setup_page(request, institution, sitting, panel, form)
        return redirect("panel_setup", institution.pk, sitting.pk)
    return _setup_page(request, institution, sitting, panel, form)


def _setup_page(request, institution, sitting, panel, form):
    return render(
        request,
        "panels/setup.html",
        {
            "institution": institution,
            "sitting": sitting,
            "panel": panel,
            "members": member_persons(panel) if panel else [],
            "modules": list(modules_of(panel)) if panel else [],
            "staff": plan_staff(sitting),
            "without_login": [] if panel else examiners_without_login(sitting),
            "examiner_role": StaffAssignment.EXAMINER,
            "form": form,
        },
    )


def _names(persons) -> dict[int, str]:
    return {p.pk: p.name for p in persons}


@login_required
def panel_status(request, iid, pid):
    """Managers and the panel: every candidate (work number) × module, who signed what."""
    access = panel_access(request.user, iid, pid)
    board = panel_board(access.panel)
    context = {
        "access": access,
        "panel": access.panel,
        "board": board,
        "names": _names(board.members),
        "state": summary_state(access.panel),
    }
    if request.htmx:
        return render(request, "panels/_board.html", context)
    return render(request, "panels/status.html", context)


def _entries(post, board) -> list[ScoreEntry]:
    entries = []
    items = [i for m in board.modules for i in m.items.all()]
    for row in board.rows:
        if row.absence:
            continue  # 缺考: nothing to score (SCORE-01)
        for item in items:
            raw = post.get(f"p_{row.work.number}_{item.pk}", "").strip()
            if raw:
                entries.append(ScoreEntry(row.work.number, item.pk, raw[:20]))
    return entries


@login_required
def panel_grid(request, iid, pid, mid):
    """A member's scoring grid for one module: work numbers × items, then sign (SCORE-03)."""
    access = panel_access(request.user, iid, pid)
    if not access.member:
        raise Http404("您不是本考评组的考评员")
    panel = access.panel
    module = module_get(panel, mid)
    sign_form = PasswordForm()
    typed = None
    if request.method == "POST":
        try:
            if request.POST.get("action") == "sign":
                sign_form = PasswordForm(request.POST)
                if not sign_form.is_valid():
                    raise DomainError("password", "请输入本人登录密码后再签名", field="password")
                signed = versions_sign(
                    actor=request.user,
                    panel=panel,
                    module=module,
                    password=sign_form.cleaned_data["password"],
                )
                messages.success(request, f"已签名确认{len(signed)}名考生的成绩")
            else:
                board = panel_board(panel, module=module)
                entries = _entries(request.POST, board)
                touched = scores_enter(
                    actor=request.user,
                    panel=panel,
                    module=module,
                    entries=entries,
                    reason=request.POST.get("reason", "")[:300],
                )
                messages.success(request, f"已保存{len(touched)}名考生的评分")
        except DomainError as exc:
            messages.error(request, exc.message)
            typed = request.POST if request.POST.get("action") != "sign" else None
        else:
            return redirect("panel_grid", panel.institution_id, panel.pk, module.pk)
    board = panel_board(panel, module=module)
    me = access.person.pk
    items = list(module.items.all())
    rows = []
    for row in board.rows:
        cell = row.cells[0]
        mine = {}
        if cell.latest is not None:
            mine = {s.item_id: s.points for s in cell.latest.scores.all() if s.member_id == me}
        values = []
        for item in items:
            key = f"p_{row.work.number}_{item.pk}"
            shown = typed.get(key, "") if typed is not None else mine.get(item.pk, "")
            values.append({"key": key, "item": item, "value": shown})
        rows.append({"row": row, "cell": cell, "values": values, "signed_by_me": me in cell.signed})
    return render(
        request,
        "panels/grid.html",
        {
            "panel": panel,
            "module": module,
            "items": items,
            "rows": rows,
            "board": board,
            "names": _names(board.members),
            "sign_form": sign_form,
            "reason": typed.get("reason", "") if typed is not None else "",
            "modules": list(modules_of(panel)),
        },
    )


@login_required
def panel_tally(request, iid, pid):
    """The checker confirms the tally (SCORE-03); managers and the leader may look."""
    access = panel_access(request.user, iid, pid)
    if not (access.checker or access.leader or access.manager):
        raise Http404("未找到")
    return _sign_page(request, access, "tally")


@login_required
def panel_summary(request, iid, pid):
    """The leader signs the summary; the practical scores then go to the results."""
    access = panel_access(request.user, iid, pid)
    if not (access.checker or access.leader or access.manager):
        raise Http404("未找到")
    return _sign_page(request, access, "summary")


def _sign_page(request, access, kind: str):
    panel = access.panel
    form = PasswordForm()
    may_sign = access.checker if kind == "tally" else access.leader
    if request.method == "POST":
        form = PasswordForm(request.POST)
        try:
            if not may_sign:
                raise DomainError(
                    "not_signer",
                    "只有指定的成绩核对人可以核对"
                    if kind == "tally"
                    else "只有考评组长可以签署成绩汇总表",
                    rule="SCORE-03",
                )
            if not form.is_valid():
                raise DomainError("password", "请输入本人登录密码后再签名", field="password")
            password = form.cleaned_data["password"]
            if kind == "tally":
                tally_confirm(actor=request.user, panel=panel, password=password)
                messages.success(request, "已核对成绩")
            else:
                summary_sign(actor=request.user, panel=panel, password=password)
                messages.success(request, "已签署成绩汇总表，技能成绩已写入成绩记录，成绩已锁定")
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            return redirect(f"panel_{kind}", panel.institution_id, panel.pk)
    board = panel_board(panel)
    return render(
        request,
        f"panels/{kind}.html",
        {
            "access": access,
            "panel": panel,
            "board": board,
            "state": summary_state(panel),
            "form": form,
            "may_sign": may_sign,
        },
    )


@login_required
def my_panels(request):
    """The panels the user sits on (member, checker or leader)."""
    return render(request, "panels/mine.html", {"panels": list(panels_for_person(request.user))})


@login_required
def panel_absences(request, iid, pid):
    """The leader or a manager records work numbers as absent (缺考) before the summary, and
    may undo it; absent candidates need no scores (SCORE-01)."""
    access = panel_access(request.user, iid, pid)
    if not (access.leader or access.manager):
        raise Http404("未找到")
    panel = access.panel
    form = AbsenceForm()
    if request.method == "POST":
        undo = request.POST.get("action") == "undo"
        try:
            if undo:
                number = request.POST.get("work_number", "").strip()[:10]
                absence_undo(actor=request.user, panel=panel, work_number=number)
                messages.success(request, f"已撤销作品号{number}的缺考登记")
            else:
                form = AbsenceForm(request.POST)
                if form.is_valid():
                    absence_mark(actor=request.user, panel=panel, **form.cleaned_data)
                    messages.success(request, f"已登记作品号{form.cleaned_data['work_number']}缺考")
                else:
                    messages.error(request, "缺考登记填写有误，未保存")
        except DomainError as exc:
            messages.error(request, exc.message)
            if not undo:
                form_error(form, exc)
        else:
            if undo or not form.errors:
                return redirect("panel_absences", panel.institution_id, panel.pk)
    works = {w.registration_id: w for w in work_numbers_of(panel)}
    rows = [(a, works[a.registration_id]) for a in absences_of(panel) if a.registration_id in works]
    return render(request, "panels/absences.html", {"panel": panel, "rows": rows, "form": form})
