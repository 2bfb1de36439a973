"""Kept for existing crontabs: `thidua jobs_recover --kind render` (queue again, or fail with
the reason, the PDF renderings a stopped worker left behind)."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from thidua.core import jobs


class Command(BaseCommand):
    help = "Đưa lại vào hàng đợi các bản PDF bị bỏ dở khi tiến trình nền dừng."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--minutes",
            type=float,
            default=jobs.STALE_AFTER.total_seconds() / 60,
            help="Coi một bản đang tạo là bỏ dở khi không báo tiến độ quá số phút này.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = jobs.recover_jobs(
            stale_after=datetime.timedelta(minutes=max(0.0, options["minutes"])), only=["render"]
        )
        self.stdout.write(
            _("Đã đưa lại %(requeued)s bản PDF vào hàng đợi, %(failed)s bản báo lỗi.")
            % {"requeued": counts["render"]["requeue"], "failed": counts["render"]["fail"]}
        )
