"""`thidua send_reminders [--ngay dd/mm/yyyy] [--hang-doi] [--json]`: the daily detection of
overdue deadlines: in-app notifications and e-mails to the late units' leaders and data
officers, a digest to the emulation office. Run it once a day (cron, a systemd timer); running
it again the same day notifies nobody twice. With --hang-doi it is queued for `thidua db_worker`.
"""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from thidua.core.text import format_date, parse_date
from thidua.reminders.services import reminders_send
from thidua.reminders.tasks import send_reminders_task


class Command(BaseCommand):
    help = (
        "Gửi nhắc việc quá hạn (thông báo trong hệ thống, thư điện tử) cho các đơn vị chậm và "
        "bản tổng hợp cho cơ quan thường trực; chạy lại trong ngày không gửi trùng."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--ngay", default="", help="Tính đến ngày (dd/mm/yyyy); mặc định: hôm nay."
        )
        parser.add_argument(
            "--hang-doi",
            action="store_true",
            help="Đưa vào hàng đợi để tiến trình db_worker chạy, thay vì chạy ngay.",
        )
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = parse_date(options["ngay"]) if options["ngay"] else None
        except ValueError as error:
            raise CommandError(str(error)) from error
        if options["hang_doi"]:
            result = send_reminders_task.enqueue(day.isoformat() if day else None)
            self.stdout.write(f"Đã đưa vào hàng đợi (mã {result.id}).\n")
            return
        run = reminders_send(actor=None, today=day)
        if options["json"]:
            payload = {
                "day": run.day.isoformat(),
                "overdue": len(run.overdue),
                "late_units": [
                    {"id": late.unit.pk, "name": late.unit.name, "items": len(late.items)}
                    for late in run.late_units
                ],
                "notifications": run.notifications,
                "emails": run.emails,
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
            return
        self.stdout.write(
            f"Ngày {format_date(run.day)}: {len(run.overdue)} nội dung quá hạn của "
            f"{len(run.late_units)} đơn vị; {run.notifications} thông báo mới, "
            f"{run.emails} thư điện tử.\n"
        )
        for late in run.late_units:
            self.stdout.write(f"  - {late.unit.name}: {len(late.items)} nội dung\n")
