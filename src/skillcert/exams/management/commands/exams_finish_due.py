"""`python -m skillcert exams_finish_due`: run every minute (cron/systemd timer) so attempts
whose page never submitted are auto-submitted at the end and absentees recorded (EXAM-05)."""

from django.core.management.base import BaseCommand

from skillcert.exams.models import Exam
from skillcert.exams.scoring import exam_finish_due


class Command(BaseCommand):
    help = "Auto-submit attempts whose time is over; close finished exams (EXAM-05, EXAM-07)."

    def handle(self, *args, **options):
        for exam in Exam.objects.filter(status=Exam.OPEN):
            out = exam_finish_due(actor=None, exam=exam)
            if out["submitted"] or out["closed"] == Exam.CLOSED:
                self.stdout.write(f"{exam.pk} {exam.title}: {out}")
