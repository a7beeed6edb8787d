from django.core.management.base import BaseCommand
from django.utils import timezone

from skillcert.demo.data import LOGINS, PASSWORD, demo_id, seed, user
from skillcert.demo.exam import NAMES, exam_ready
from skillcert.demo.panel import panel_ready
from skillcert.exams import timing


class Command(BaseCommand):
    help = "Load the demo institution, sitting, scores and certificates (idempotent)."

    def handle(self, *args, **options):
        college = seed()
        self.stdout.write(f"演示机构：{college.name}（备案号 {college.filing_number}）")
        self.stdout.write(f"演示账号（密码均为 {PASSWORD}）：")
        for username, role in LOGINS:
            self.stdout.write(f"  {username:<11} {role}")
        # Found, or made for a demo database seeded before the demo had a panel.
        panel = panel_ready(college, user("kaowu"))
        sitting = panel.sitting
        self.stdout.write(
            f"演示考评组：{sitting.name}，{sitting.practical_on:%Y-%m-%d} 实操，"
            f"{sitting.registrations.count()} 名考生按作品号评分；考评员在“我的考评组”"
            f"（/panels/mine/）录入，考务与机构负责人在"
            f" /i/{college.pk}/panels/{panel.pk}/ 查看进度。"
        )
        numbers = [demo_id(100 + k) for k in range(len(NAMES))]
        exam, entrants = exam_ready(college, user("kaowu"), numbers)
        starts = timezone.localtime(exam.starts_at)
        ends = timezone.localtime(timing.exam_ends(exam))
        closes = min(timezone.localtime(timing.entry_closes(exam)), ends)
        self.stdout.write(
            f"演示机考：{exam.title}，{starts:%H:%M} 开考，{ends:%H:%M} 结束并可交卷，"
            f"现在至 {closes:%H:%M} 可入场（过后再运行 make run 即有新的演示考试）。"
            "考生在 /exam/ 登录："
        )
        for e in entrants:
            self.stdout.write(f"  准考证号 {e.ticket}  证件号码 {e.id_number}（{e.name}）")
