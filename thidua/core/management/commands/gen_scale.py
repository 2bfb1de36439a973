"""`thidua gen_scale`: synthetic data at scale for benchmarks (see `thidua.demo.scale`)."""

import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from thidua.core.exceptions import ApplicationError


class Command(BaseCommand):
    help = (
        "Sinh dữ liệu mô phỏng quy mô lớn (đơn vị và sắp xếp năm 2025, phong trào, chỉ tiêu, báo "
        "cáo hằng tháng, cá nhân và lịch sử khen thưởng) để đo hiệu năng. Cùng hạt giống cho cùng "
        "dữ liệu. Chỉ chạy trên cơ sở dữ liệu trống, trừ khi có --append hoặc --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--provinces", type=int, default=34, help=_("số tỉnh (34)"))
        parser.add_argument(
            "--units-per-province",
            type=int,
            default=150,
            help=_("số đơn vị mỗi tỉnh, kể cả tỉnh (150)"),
        )
        parser.add_argument(
            "--years", type=int, default=10, help=_("số năm, kết thúc năm 2025 (10)")
        )
        parser.add_argument("--people", type=int, default=1_000_000, help=_("số cá nhân (1000000)"))
        parser.add_argument("--seed", type=int, default=8, help=_("hạt giống (8)"))
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--append",
            action="store_true",
            help=_("ghi thêm vào cơ sở dữ liệu đã có dữ liệu"),
        )
        mode.add_argument(
            "--force",
            action="store_true",
            help=_("XÓA SẠCH mọi dữ liệu trong cơ sở dữ liệu (flush) rồi sinh lại"),
        )
        parser.add_argument(
            "--no-progress", action="store_true", help=_("không vẽ thanh tiến độ trên stderr")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from thidua.demo.scale import ScaleSize, gen_scale, gen_scale_checksum

        size = ScaleSize(
            provinces=options["provinces"],
            units_per_province=options["units_per_province"],
            years=options["years"],
            people=options["people"],
            seed=options["seed"],
        )
        try:
            size.check()
            if options["force"]:
                self.stderr.write(_("Xóa toàn bộ dữ liệu hiện có (--force)…"))
                call_command("flush", interactive=False, verbosity=0)
            summary = gen_scale(
                size,
                progress=None if options["no_progress"] else sys.stderr,
                append=options["append"],
            )
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(summary.describe())
        self.stdout.write(
            _("Mã kiểm tra mẫu (SHA-256): %(checksum)s")
            % {"checksum": gen_scale_checksum(summary.scope)}
        )
