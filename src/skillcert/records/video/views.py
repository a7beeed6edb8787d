"""Pages of video monitoring (REC-11): the sitting's exam periods, recording index and its
coverage gaps; a coverage check that raises an incident; a recording's sealed file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from skillcert.core.rules import rules
from skillcert.core.web import download, found_or_404, rule_messages
from skillcert.institutions.web import institution_for
from skillcert.plans.web import sitting_get
from skillcert.violations import evidence as sealing

from ..forms import form_messages
from . import selectors, services
from .coverage import gaps_of
from .files import video_kind
from .forms import PeriodForm, RecordingForm


def _sitting(request, iid, sid, *, manage=False):
    institution = institution_for(request, iid, manage=manage)
    return institution, sitting_get(institution, sid)


@login_required
@require_safe
def video_index(request, iid, sid):
    institution, sitting = _sitting(request, iid, sid)
    rooms = selectors.rooms_of(institution=institution)
    return render(
        request,
        "records/video.html",
        {
            "institution": institution,
            "sitting": sitting,
            "periods": selectors.periods_of_sitting(sitting=sitting),
            "recordings": selectors.recordings_of_sitting(sitting=sitting),
            "gaps": gaps_of(sitting),
            "tz": timezone.get_current_timezone(),
            "recording_form": RecordingForm(rooms=rooms),
            "period_form": PeriodForm(rooms=rooms),
        },
    )


@login_required
@require_POST
def video_add(request, iid, sid):
    institution, sitting = _sitting(request, iid, sid, manage=True)
    form = RecordingForm(
        request.POST, request.FILES, rooms=selectors.rooms_of(institution=institution)
    )
    if not form.is_valid():
        form_messages(request, form)
        return redirect("video_index", institution.pk, sitting.pk)
    d = form.cleaned_data
    upload = d["file"]
    with rule_messages(request):
        limit = rules().video_upload_max_mb * 1024 * 1024
        services.video_recording_add(
            actor=request.user,
            institution=institution,
            sitting=sitting,
            room=d["room"],
            station=d["station"],
            starts_at=d["starts_at"],
            ends_at=d["ends_at"],
            reference=d["reference"],
            upload=(upload.name, upload.read(limit + 1)) if upload else None,
        )
        messages.success(request, "已登记录像")
    return redirect("video_index", institution.pk, sitting.pk)


@login_required
@require_POST
def video_period_add(request, iid, sid):
    institution, sitting = _sitting(request, iid, sid, manage=True)
    form = PeriodForm(request.POST, rooms=selectors.rooms_of(institution=institution))
    if not form.is_valid():
        form_messages(request, form)
        return redirect("video_index", institution.pk, sitting.pk)
    with rule_messages(request):
        services.exam_period_add(
            actor=request.user, institution=institution, sitting=sitting, **form.cleaned_data
        )
        messages.success(request, "已登记考试时段")
    return redirect("video_index", institution.pk, sitting.pk)


@login_required
@require_POST
def video_check(request, iid, sid):
    institution, sitting = _sitting(request, iid, sid, manage=True)
    with rule_messages(request):
        gaps, incident = services.video_coverage_check(
            actor=request.user, institution=institution, sitting=sitting
        )
        if incident is not None:
            messages.warning(request, f"发现{len(gaps)}处监控缺失，已登记为突发事件（REC-11）")
            return redirect("incident_detail", institution.pk, incident.pk)
        messages.success(
            request, "考试时段监控全覆盖" if not gaps else "缺失时段尚未开始，暂不登记事件"
        )
    return redirect("video_index", institution.pk, sitting.pk)


@login_required
@require_safe
def video_file(request, iid, rid):
    institution = institution_for(request, iid)
    found = selectors.recording_find(institution=institution, recording_id=rid)
    recording = found_or_404(found if found and found.file else None, "未找到该录像文件")
    data = sealing.unseal(recording.file)
    return download(data, video_kind(data) or "application/octet-stream", recording.filename)


@login_required
@require_POST
def video_remove(request, iid, rid):
    institution = institution_for(request, iid, manage=True)
    found = selectors.recording_find(institution=institution, recording_id=rid)
    recording = found_or_404(found, "未找到该录像")
    with rule_messages(request):
        services.video_recording_remove(
            actor=request.user, recording=recording, reason=request.POST.get("reason", "")
        )
        messages.success(request, "已删除录像索引")
    return redirect("video_index", institution.pk, recording.sitting_id)
