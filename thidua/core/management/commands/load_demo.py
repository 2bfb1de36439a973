"""`thidua load_demo`: Kon Tum as of 2024 and the 2025 restructuring, with demo logins."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from thidua.core.exceptions import ApplicationError


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu minh họa: tỉnh Kon Tum năm 2024, việc sắp xếp năm 2025 và các tài khoản "
        "minh họa. Chạy lại không thay đổi gì."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        from thidua.demo.load import load_demo

        try:
            load_demo(stdout=self.stdout)
        except ApplicationError as error:
            raise CommandError(error.message) from error
