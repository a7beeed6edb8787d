"""Pages of the blank certificate stock (CERT-07): the ledger of every batch and its moves."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from skillcert.core.web import found_or_404, rule_messages
from skillcert.institutions.selectors import can_manage
from skillcert.institutions.web import institution_for

from .. import selectors as cert_selectors
from ..forms import form_data
from ..models import IssueRegister
from . import selectors, services
from .forms import STOCK_MOVE_FORMS, StockReceiveForm

# --- CERT-07 blank stock ---------------------------------------------------------------------


@login_required
@require_safe  # it only shows: a POST is 405 (issue 16 Proof)
def stock_page(request, iid: int):
    institution = institution_for(request, iid)
    batches = list(selectors.stock_batches_for(institution))
    for b in batches:
        b.balance = selectors.batch_balance(b)
    return render(
        request,
        "certificates/stock.html",
        {
            "institution": institution,
            "batches": batches,
            "can_manage": can_manage(request.user, institution),
            "today": timezone.localdate().isoformat(),
        },
    )


@login_required
@require_safe  # it only shows: a POST is 405 (issue 16 Proof)
def stock_batch_page(request, iid: int, bid: int):
    institution = institution_for(request, iid)
    batch = found_or_404(
        selectors.stock_batch_get(institution=institution, batch_id=bid), "未找到该入库批次"
    )
    return render(
        request,
        "certificates/stock_batch.html",
        {
            "institution": institution,
            "batch": batch,
            "balance": selectors.batch_balance(batch),
            "movements": selectors.stock_movements(batch),
            "registers": cert_selectors.issue_registers_for(institution).filter(
                status=IssueRegister.ISSUED
            ),
            "can_manage": can_manage(request.user, institution),
            "today": timezone.localdate().isoformat(),
        },
    )


@login_required
@require_POST
def stock_receive(request, iid: int):
    institution = institution_for(request, iid, manage=True)
    with rule_messages(request):
        data = form_data(StockReceiveForm(request.POST))
        data["digits"] = data["digits"] or 7
        batch = services.stock_receive(actor=request.user, institution=institution, **data)
        messages.success(request, f"已入库空白证书{batch.size}张：{batch}")
    return redirect("stock_page", iid)


@login_required
@require_POST
def stock_move(request, iid: int, bid: int, kind: str):
    institution = institution_for(request, iid, manage=True)
    batch = found_or_404(
        selectors.stock_batch_get(institution=institution, batch_id=bid), "未找到该入库批次"
    )
    if kind not in STOCK_MOVE_FORMS:
        raise Http404("未知的台账操作")
    with rule_messages(request):
        data = form_data(STOCK_MOVE_FORMS[kind](request.POST, institution=institution))
        actor = request.user
        if kind == "issue":
            move = services.stock_issue(
                actor=actor,
                batch=batch,
                serial=data["first_serial"],
                certificate=data["certificate"],
                on=data["on"],
            )
        elif kind == "issue_register":
            moves = services.stock_issue_register(actor=actor, batch=batch, **data)
            move = moves[0]
            messages.success(request, f"已登记打印证书{len(moves)}张")
        elif kind == "spoil":
            move = services.stock_spoil(actor=actor, batch=batch, **data)
        elif kind == "destroy":
            move = services.stock_destroy(actor=actor, batch=batch, **data)
        else:
            move = services.stock_count(actor=actor, batch=batch, **data)
            if move.discrepancy:
                messages.warning(
                    request,
                    f"盘点差异{move.discrepancy:+d}张（清点{move.counted}，账面{move.expected}）",
                )
        if kind != "issue_register":
            messages.success(request, f"已登记：{move}")
    return redirect("stock_batch_page", iid, batch.pk)
