"""Pages of the certificate data feed (CERT-08, VIOL-05). Members see the feeds and the
pending corrections with masked numbers; only managers build, download (full numbers) and
send. Thin: resolve the institution (404 to outsiders, 403 to readers on writes), call a
service, turn a broken rule into a message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from skillcert.certificates.forms import form_data
from skillcert.certificates.sealing import sealed_response
from skillcert.core.web import found_or_404, rule_messages
from skillcert.core.xlsx import XLSX_CONTENT_TYPE
from skillcert.institutions.selectors import can_manage
from skillcert.institutions.web import institution_for

from . import selectors, services
from .forms import FeedCreateForm


@login_required
@require_safe
def feed_page(request, iid: int):
    institution = institution_for(request, iid)
    today = timezone.localdate()
    return render(
        request,
        "reports/feed.html",
        {
            "institution": institution,
            "feeds": selectors.feeds_of(institution=institution)[:100],
            "pending": selectors.unsent_corrections(institution=institution)[:200],
            "can_manage": can_manage(request.user, institution),
            "start": today.replace(day=1).isoformat(),
            "today": today.isoformat(),
        },
    )


@login_required
@require_POST
def feed_create(request, iid: int):
    institution = institution_for(request, iid, manage=True)
    with rule_messages(request):
        data = form_data(FeedCreateForm(request.POST))
        feed = services.certificate_feed_create(actor=request.user, institution=institution, **data)
        counts = f"新发证书{feed.certificates}本，更正{feed.correction_count}条"
        messages.success(request, f"已生成证书数据上报：{counts}")
        return redirect("certificate_feed", iid, feed.pk)
    return redirect("certificate_feeds", iid)


@login_required
@require_safe
def feed_detail(request, iid: int, fid: int):
    institution = institution_for(request, iid)
    feed = found_or_404(selectors.feed_get(institution=institution, feed_id=fid), "未找到该上报")
    return render(
        request,
        "reports/feed_detail.html",
        {
            "institution": institution,
            "feed": feed,
            "certificates": selectors.preview_certificates(feed),
            "corrections": selectors.corrections_of_feed(feed),
            "preview_rows": selectors.PREVIEW_ROWS,
            "can_manage": can_manage(request.user, institution),
        },
    )


@login_required
@require_safe
def feed_download(request, iid: int, fid: int):
    # Managers only: the file holds full ID numbers (CERT-08).
    institution = institution_for(request, iid, manage=True)
    feed = found_or_404(selectors.feed_get(institution=institution, feed_id=fid), "未找到该上报")
    services.certificate_feed_downloaded(actor=request.user, feed=feed)
    return sealed_response(
        feed.file.name,
        f"证书数据上报-{feed.period_start:%Y%m%d}-{feed.period_end:%Y%m%d}-{feed.pk}.xlsx",
        XLSX_CONTENT_TYPE,
    )


@login_required
@require_POST
def feed_send(request, iid: int, fid: int):
    institution = institution_for(request, iid, manage=True)
    feed = found_or_404(selectors.feed_get(institution=institution, feed_id=fid), "未找到该上报")
    with rule_messages(request):
        services.certificate_feed_send(actor=request.user, feed=feed)
        messages.success(request, "已登记报送，所含更正通知已标记为已报送")
    return redirect("certificate_feed", iid, fid)
