"""`thidua digest`: the content digest of the database and the uploaded files, to compare two
sites or a site before and after a restore."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from thidua.core.exceptions import ApplicationError


class Command(BaseCommand):
    help = (
        "In mã kiểm tra nội dung (SHA-256 của mọi dòng dữ liệu và mọi tệp tải lên). Hai hệ "
        "thống có cùng mã thì có cùng dữ liệu, dù chạy SQLite hay PostgreSQL."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--tables", action="store_true", help="In thêm số dòng của từng bảng và số tệp."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from thidua.core.backup.digest import consistent_digest

        try:
            digest = consistent_digest()
        except ApplicationError as error:
            raise CommandError(error.message) from error
        if options["tables"]:
            for table, count in digest.row_counts.items():
                self.stdout.write(f"{table}\t{count}")
            self.stdout.write(_("tệp tải lên\t%(count)s") % {"count": len(digest.media)})
        for table in digest.uncovered_tables:
            self.stderr.write(
                _("Cảnh báo: bảng %(table)s không nằm trong mã kiểm tra.") % {"table": table}
            )
        self.stdout.write(digest.hexdigest)
