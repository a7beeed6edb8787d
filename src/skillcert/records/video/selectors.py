"""Reads of the video index (REC-11), scoped to a resolved institution; None when not found."""

from django.db.models import QuerySet

from skillcert.arrangement.models import Room
from skillcert.institutions.models import Institution
from skillcert.plans.models import Sitting

from ..models.video import ExamPeriod, VideoRecording


def rooms_of(*, institution: Institution) -> QuerySet[Room]:
    return Room.objects.filter(institution=institution).order_by("number")


def recordings_of_sitting(*, sitting: Sitting) -> QuerySet[VideoRecording]:
    return VideoRecording.objects.filter(sitting=sitting).select_related("room")


def periods_of_sitting(*, sitting: Sitting) -> QuerySet[ExamPeriod]:
    return ExamPeriod.objects.filter(sitting=sitting).select_related("room")


def recording_find(*, institution: Institution, recording_id) -> VideoRecording | None:
    try:
        return VideoRecording.objects.select_related("room", "sitting").get(
            institution=institution, pk=int(recording_id)
        )
    except (VideoRecording.DoesNotExist, ValueError, TypeError):
        return None


def room_find(*, institution: Institution, room_id) -> Room | None:
    return rooms_of(institution=institution).filter(pk=room_id).first()
