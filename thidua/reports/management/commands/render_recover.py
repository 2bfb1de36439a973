"""Queue again the PDF renderings a stopped worker left behind (run after a restart, or from
cron): each is retried, and failed with its reason after the allowed attempts."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from thidua.reports.services import stale_render_jobs_requeue


class Command(BaseCommand):
    help = "Đưa lại vào hàng đợi các bản PDF bị bỏ dở khi tiến trình nền dừng."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--minutes",
            type=int,
            default=10,
            help="Chỉ lấy các bản đã chờ lâu hơn số phút này (mặc định 10).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = stale_render_jobs_requeue(older_than=datetime.timedelta(minutes=options["minutes"]))
        self.stdout.write(f"Đã đưa lại {count} bản PDF vào hàng đợi.")
