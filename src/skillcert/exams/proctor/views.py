"""The proctor console (exam-affairs staff of the institution; others 404/403): attendance
per room, extra time (EXAM-10), incident notes, force submit, finishing, similarity (EXAM-08).
Candidate lists name people: manage=True like the seating pages (ARR-09)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from skillcert.arrangement.selectors import room_get
from skillcert.core.errors import DomainError
from skillcert.core.web import bind, form_submit, found_or_404, rule_messages
from skillcert.institutions.web import institution_for
from skillcert.itembank.selectors import papers_of_sitting
from skillcert.plans.web import sitting_get

from .. import scoring, timing
from .. import similarity as sim
from ..forms import ExamFromPaperForm
from ..from_paper import exam_create_from_paper
from ..selectors import (
    attempt_get,
    attendance,
    exam_get,
    exams_of,
    incidents_of,
    parallel_attempts,
)
from ..signin import signin_locks, signin_unlock
from . import services as proctor


@login_required
def exam_list(request, iid, sid):
    """The sitting's online exams, and a form creating one from a sealed paper."""
    institution = institution_for(request, iid, manage=True)
    sitting = sitting_get(institution, sid)
    papers = papers_of_sitting(sitting)
    form = bind(request, ExamFromPaperForm, papers=papers)
    done = form_submit(
        request,
        form,
        lambda d: exam_create_from_paper(
            actor=request.user,
            paper=next(p for p in papers if p.pk == d["paper"]),
            starts_at=d["starts_at"],
            duration_minutes=d["duration_minutes"],
            title=d["title"],
        ),
        success=lambda exam: f"已创建机考“{exam.title}”",
        then=lambda exam: ("exam_console", institution.pk, exam.pk),
    )
    return done or render(
        request,
        "exams/exam_list.html",
        {"institution": institution, "sitting": sitting, "exams": exams_of(sitting), "form": form},
        status=400 if form.errors else 200,
    )


def _attendance(institution, exam) -> dict:
    rooms = attendance(exam)
    totals = {k: sum(r[k] for r in rooms) for k in ("signed_in", "absent", "submitted")}
    return {
        "institution": institution,
        "exam": exam,
        "rooms": rooms,
        "totals": totals,
        "locks": signin_locks(exam),  # issue 16 item 18
        "parallel": parallel_attempts(exam),
    }


@login_required
def console(request, iid, eid):
    institution = institution_for(request, iid, manage=True)
    exam = found_or_404(exam_get(institution=institution, exam_id=eid), "未找到该考试")
    return render(
        request,
        "exams/console.html",
        {
            **_attendance(institution, exam),
            "incidents": incidents_of(exam),
            "entry_opens": timing.entry_opens(exam),
            "entry_closes": timing.entry_closes(exam),
            "ends": timing.exam_ends(exam),
            "timeline": timing.timeline(exam, timezone.now()),
        },
    )


@login_required
def console_attendance(request, iid, eid):
    """The console's attendance section alone (htmx polls it while the exam runs)."""
    institution = institution_for(request, iid, manage=True)
    exam = found_or_404(exam_get(institution=institution, exam_id=eid), "未找到该考试")
    return render(request, "exams/_attendance.html", _attendance(institution, exam))


def _int(raw) -> int | None:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return None
    return value if 0 < value < 2**31 else None


def _room(institution, room_id):
    return found_or_404(room_get(institution=institution, room_id=room_id), "未找到该考场")


@login_required
@require_POST
def extra_time(request, iid, eid):
    institution = institution_for(request, iid, manage=True)
    exam = found_or_404(exam_get(institution=institution, exam_id=eid), "未找到该考试")
    room = attempt = None
    if request.POST.get("attempt"):
        attempt = found_or_404(
            attempt_get(exam=exam, attempt_id=request.POST["attempt"]), "未找到该考生作答"
        )
    elif request.POST.get("room"):
        room = _room(institution, request.POST["room"])
    with rule_messages(request):
        minutes = _int(request.POST.get("minutes"))
        incident = proctor.extra_time_grant(
            actor=request.user,
            exam=exam,
            minutes=minutes or 0,
            note=request.POST.get("note", ""),
            room=room,
            attempt=attempt,
        )
        messages.success(request, f"已补时{incident.minutes_lost}分钟并记录异常情况")
    return redirect("exam_console", institution.pk, exam.pk)


@login_required
@require_POST
def incident(request, iid, eid):
    institution = institution_for(request, iid, manage=True)
    exam = found_or_404(exam_get(institution=institution, exam_id=eid), "未找到该考试")
    room = _room(institution, request.POST["room"]) if request.POST.get("room") else None
    with rule_messages(request):
        proctor.incident_record(
            actor=request.user, exam=exam, note=request.POST.get("note", ""), room=room
        )
        messages.success(request, "已记录异常情况")
    return redirect("exam_console", institution.pk, exam.pk)


@login_required
@require_POST
def force_submit(request, iid, eid, aid):
    institution = institution_for(request, iid, manage=True)
    exam = found_or_404(exam_get(institution=institution, exam_id=eid), "未找到该考试")
    attempt = found_or_404(attempt_get(exam=exam, attempt_id=aid), "未找到该考生作答")
    with rule_messages(request):
        proctor.attempt_force_submit(
            actor=request.user, attempt=attempt, reason=request.POST.get("reason", "")
        )
        messages.success(request, "已强制交卷并评分")
    return redirect("exam_console", institution.pk, exam.pk)


@login_required
@require_POST
def finish(request, iid, eid):
    institution = institution_for(request, iid, manage=True)
    exam = found_or_404(exam_get(institution=institution, exam_id=eid), "未找到该考试")
    with rule_messages(request):
        out = scoring.exam_finish_due(actor=request.user, exam=exam)
        text = f"已自动交卷{out['submitted']}人"
        if out["running"]:
            text += f"；仍有{out['running']}人在作答（含补时），结束后再收卷"
        elif out["closed"] == "closed":
            text += f"；考试已结束，缺考{out['absent']}人已记入成绩"
        messages.success(request, text)
    return redirect("exam_console", institution.pk, exam.pk)


@login_required
def similarity(request, iid, eid):
    institution = institution_for(request, iid, manage=True)
    exam = found_or_404(exam_get(institution=institution, exam_id=eid), "未找到该考试")
    try:
        report = sim.similarity_report(exam)
    except DomainError as exc:  # EXAM-04: no report while the paper is still sealed
        messages.error(request, exc.message)
        return redirect("exam_console", institution.pk, exam.pk)
    return render(
        request,
        "exams/similarity.html",
        {"institution": institution, "exam": exam, "report": report},
    )


@login_required
@require_POST
def unlock(request, iid, eid):
    """Issue 16 item 18: the proctor lifts a ticket's or an address's sign-in lock."""
    institution = institution_for(request, iid, manage=True)
    exam = found_or_404(exam_get(institution=institution, exam_id=eid), "未找到该考试")
    with rule_messages(request):
        key = signin_unlock(
            actor=request.user,
            exam=exam,
            ticket=request.POST.get("ticket", ""),
            address=request.POST.get("address", ""),
        )
        messages.success(request, f"已解除{key}的登录锁定")
    return redirect("exam_console", institution.pk, exam.pk)
