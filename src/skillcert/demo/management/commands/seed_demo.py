from django.core.management.base import BaseCommand

from skillcert.demo.data import LOGINS, PASSWORD, seed


class Command(BaseCommand):
    help = "Load the demo institution, sitting, scores and certificates (idempotent)."

    def handle(self, *args, **options):
        college = seed()
        self.stdout.write(f"演示机构：{college.name}（备案号 {college.filing_number}）")
        self.stdout.write(f"演示账号（密码均为 {PASSWORD}）：")
        for username, role in LOGINS:
            self.stdout.write(f"  {username:<11} {role}")
