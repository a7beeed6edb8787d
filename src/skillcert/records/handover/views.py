"""Pages of certificates handed over (CERT-09) and void notices (CERT-10)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from skillcert.certificates.selectors import certificate_get
from skillcert.core.errors import DomainError
from skillcert.core.web import bind, download, form_submit, found_or_404
from skillcert.institutions.selectors import can_manage
from skillcert.institutions.web import institution_for

from . import selectors, services
from .forms import SignForm, VoidNoticeForm


@login_required
def register_handover(request, iid: int, rid: int):
    """The signature list of an issued register: who signed for which certificate (CERT-09)."""
    institution = institution_for(request, iid, manage=request.method == "POST")
    register = found_or_404(
        selectors.register_get(institution=institution, register_id=rid), "未找到该名册"
    )
    form = bind(request, SignForm, initial={"signed_on": timezone.localdate()})

    def sign(d):
        cert = register.certificates.filter(number=d.pop("number").strip()).first()
        if cert is None:
            raise DomainError("number", "本名册中没有该证书编号", field="number")
        return services.handover_sign(actor=request.user, certificate=cert, **d)

    done = form_submit(request, form, sign, success="已登记签收", then=request.path)
    return done or render(
        request,
        "records/handover.html",
        {
            "institution": institution,
            "register": register,
            "rows": selectors.handover_rows(register=register),
            "form": form,
            "can_manage": can_manage(request.user, institution),
        },
    )


@login_required
@require_safe
def register_handover_pdf(request, iid: int, rid: int):
    institution = institution_for(request, iid)
    register = found_or_404(
        selectors.register_get(institution=institution, register_id=rid), "未找到该名册"
    )
    return download(
        selectors.signature_list_pdf(register=register),
        "application/pdf",
        f"证书领取签收表-{register.pk}.pdf",
    )


@login_required
def void_notices(request, iid: int, number: str):
    """The public void notices of a certificate; a replacement waits for one (CERT-10)."""
    institution = institution_for(request, iid, manage=request.method == "POST")
    cert = found_or_404(certificate_get(institution=institution, number=number), "未找到该证书")
    form = bind(request, VoidNoticeForm)
    done = form_submit(
        request,
        form,
        lambda d: services.void_notice_record(actor=request.user, certificate=cert, **d),
        success="已登记作废声明，可以办理补发",
        then=request.path,
    )
    return done or render(
        request,
        "records/void_notices.html",
        {
            "institution": institution,
            "certificate": cert,
            "notices": selectors.notices_of(certificate=cert),
            "form": form,
            "can_manage": can_manage(request.user, institution),
        },
    )
