"""Queue again the background jobs (reading documents, PDF renderings…) whose worker died, or
fail them with the reason after the allowed runs. Run it before starting the workers and from
cron every few minutes; a job whose run is alive is left alone."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from thidua.core import jobs


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


class Command(BaseCommand):
    help = "Đưa lại vào hàng đợi các việc nền bị bỏ dở khi tiến trình nền dừng."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--minutes",
            type=float,
            default=jobs.STALE_AFTER.total_seconds() / 60,
            help=(
                "Coi một việc đang chạy là bỏ dở khi không báo tiến độ quá số phút này "
                "(mặc định %(default)s; 0 khi không còn tiến trình nền nào chạy)."
            ),
        )
        parser.add_argument(
            "--kind",
            action="append",
            choices=sorted(jobs.kinds()),
            help="Chỉ xét loại việc này (lặp lại được).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["minutes"] < 0:
            raise CommandError(_("Số phút phải từ 0 trở lên."))
        counts = jobs.recover_jobs(
            stale_after=datetime.timedelta(minutes=options["minutes"]), only=options["kind"]
        )
        for name, tally in counts.items():
            self.stdout.write(
                _("%(kind)s: đưa lại %(requeued)s việc vào hàng đợi, %(failed)s việc báo lỗi.")
                % {
                    "kind": sentence_case(str(jobs.kinds()[name].label)),
                    "requeued": tally["requeue"],
                    "failed": tally["fail"],
                }
            )
