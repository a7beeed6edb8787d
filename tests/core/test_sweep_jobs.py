from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from skillcert.certificates.models import CertificatePdfJob
from skillcert.plans.models import RosterImport


def test_abandoned_jobs_are_failed_with_a_message_and_fresh_ones_kept(sitting, capsys):
    old = RosterImport.objects.create(
        institution=sitting.institution,
        sitting=sitting,
        filename="a.xlsx",
        status=RosterImport.RUNNING,
    )
    fresh = RosterImport.objects.create(
        institution=sitting.institution,
        sitting=sitting,
        filename="b.xlsx",
        status=RosterImport.QUEUED,
    )
    done = RosterImport.objects.create(
        institution=sitting.institution,
        sitting=sitting,
        filename="c.xlsx",
        status=RosterImport.DONE,
    )
    RosterImport.objects.filter(pk__in=[old.pk, done.pk]).update(
        created_at=timezone.now() - timedelta(hours=2)
    )
    call_command("sweep_jobs", "--older-than", "60")
    old.refresh_from_db(), fresh.refresh_from_db(), done.refresh_from_db()
    assert old.status == RosterImport.FAILED and "处理中断" in old.errors[0]["reason"]
    assert fresh.status == RosterImport.QUEUED and done.status == RosterImport.DONE
    assert CertificatePdfJob.objects.count() == 0
    assert "名册导入: 1 个中断任务已标记为失败" in capsys.readouterr().out
