"""Pages of complaints (REC-04): the register with deadlines and warnings, a new complaint,
one complaint with its steps, and a printable written notice. Thin: the services apply the
rule (working days, the accused kept out); outsiders 404, readers 403 on writes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from skillcert.core.web import bind, download, form_submit, found_or_404, rule_messages
from skillcert.institutions.web import institution_for
from skillcert.violations import evidence as sealing

from ..forms import form_messages
from . import selectors, services
from .forms import AcceptForm, ComplaintForm, DecideForm, ExtendForm
from .notices import deadlines
from .pdf import notice_pdf


def _complaint(request, iid, cid, *, manage=False):
    institution = institution_for(request, iid, manage=manage)
    found = selectors.complaint_find(institution=institution, complaint_id=cid)
    return institution, found_or_404(found, "未找到该投诉")


@login_required
@require_safe
def complaint_list(request, iid):
    institution = institution_for(request, iid)
    rows = [(c, deadlines(c)) for c in selectors.complaints_of(institution=institution)[:500]]
    return render(
        request, "records/complaint_list.html", {"institution": institution, "rows": rows}
    )


@login_required
def complaint_new(request, iid):
    institution = institution_for(request, iid, manage=True)
    form = bind(
        request,
        ComplaintForm,
        sittings=selectors.sittings_of(institution=institution),
        people=selectors.staff_people(institution=institution),
    )

    def register(d):
        files = [(u.name, u.read(sealing.MAX_BYTES + 1)) for u in d["evidence"] or []]
        return services.complaint_register(
            actor=request.user,
            institution=institution,
            name=d["name"],
            unit=d["unit"],
            contact=d["contact"],
            content=d["content"],
            received_on=d["received_on"],
            sitting=d["sitting"],
            accused=list(d["accused"]),
            evidence=files,
        )

    done = form_submit(
        request,
        form,
        register,
        success="已登记投诉",
        then=lambda complaint: ("complaint_detail", institution.pk, complaint.pk),
    )
    return done or render(
        request,
        "records/complaint_new.html",
        {"institution": institution, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def complaint_detail(request, iid, cid):
    institution, complaint = _complaint(request, iid, cid)
    return render(
        request,
        "records/complaint_detail.html",
        {
            "institution": institution,
            "c": complaint,
            "deadlines": deadlines(complaint),
            "accept_form": AcceptForm(),
            "extend_form": ExtendForm(auto_id="ext_%s"),
            "decide_form": DecideForm(auto_id="dec_%s"),
        },
    )


def _step(request, iid, cid, form_class, call, done: str):
    institution, complaint = _complaint(request, iid, cid, manage=True)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        form_messages(request, form)
    else:
        with rule_messages(request):
            call(complaint, form.cleaned_data if form else {})
            messages.success(request, done)
    return redirect("complaint_detail", institution.pk, complaint.pk)


@login_required
@require_POST
def complaint_accept(request, iid, cid):
    return _step(
        request,
        iid,
        cid,
        AcceptForm,
        lambda c, d: services.complaint_accept(actor=request.user, complaint=c, **d),
        "已作出是否调查的决定并生成书面通知",
    )


@login_required
@require_POST
def complaint_extend(request, iid, cid):
    return _step(
        request,
        iid,
        cid,
        ExtendForm,
        lambda c, d: services.complaint_extend(actor=request.user, complaint=c, **d),
        "已延长处理期限并生成延期通知",
    )


@login_required
@require_POST
def complaint_decide(request, iid, cid):
    return _step(
        request,
        iid,
        cid,
        DecideForm,
        lambda c, d: services.complaint_decide(actor=request.user, complaint=c, **d),
        "已作出处理决定并生成书面通知",
    )


@login_required
@require_POST
def complaint_archive(request, iid, cid):
    return _step(
        request,
        iid,
        cid,
        None,
        lambda c, d: services.complaint_archive(actor=request.user, complaint=c),
        "已归档",
    )


@login_required
@require_safe
def complaint_notice(request, iid, nid):
    institution = institution_for(request, iid)
    notice = found_or_404(
        selectors.notice_find(institution=institution, notice_id=nid), "未找到该通知"
    )
    return render(
        request,
        "records/complaint_notice.html",
        {"institution": institution, "notice": notice, "c": notice.complaint},
    )


@login_required
@require_safe
def complaint_evidence(request, iid, cid, eid):
    institution, complaint = _complaint(request, iid, cid)
    row = found_or_404(complaint.evidence.filter(pk=eid).first(), "未找到该文件")
    return download(sealing.unseal(row.file), row.content_type, row.filename)


@login_required
@require_safe
def complaint_notice_pdf(request, iid, nid):
    institution = institution_for(request, iid)
    notice = found_or_404(
        selectors.notice_find(institution=institution, notice_id=nid), "未找到该通知"
    )
    data = notice_pdf(notice, issuer=institution.name)
    name = f"{notice.get_kind_display()}-{notice.complaint.name}-{notice.issued_on}.pdf"
    return download(data, "application/pdf", name)
