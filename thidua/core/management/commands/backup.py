"""`thidua backup PATH`: the database and every uploaded file in one archive."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from thidua.core.exceptions import ApplicationError


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu và toàn bộ tệp tải lên vào một tệp .tar (kèm manifest.json và "
        "mã kiểm tra nội dung). PATH là tên tệp, hoặc một thư mục để tự đặt tên theo thời điểm."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Tệp .tar sẽ ghi, hoặc thư mục chứa nó.")
        parser.add_argument("--overwrite", action="store_true", help="Ghi đè khi tệp đã có.")

    def handle(self, *args: Any, **options: Any) -> None:
        from thidua.core.backup import backup_create
        from thidua.core.backup.archive import megabytes

        try:
            result = backup_create(
                path=Path(options["path"]),
                overwrite=options["overwrite"],
                progress=self.stdout.write,
            )
        except ApplicationError as error:
            raise CommandError(error.message) from error
        digest = result.digest
        for table in digest.uncovered_tables:
            self.stderr.write(
                _(
                    "Cảnh báo: bảng %(table)s có trong bản sao lưu nhưng không nằm trong "
                    "mã kiểm tra."
                )
                % {"table": table}
            )
        self.stdout.write(
            _(
                "Đã ghi bản sao lưu %(path)s (%(size)s MB): %(tables)s bảng, %(rows)s dòng, "
                "%(files)s tệp tải lên."
            )
            % {
                "path": result.path,
                "size": megabytes(result.size),
                "tables": len(digest.row_counts),
                "rows": sum(digest.row_counts.values()),
                "files": len(digest.media),
            }
        )
        self.stdout.write(_("Mã kiểm tra: %(digest)s") % {"digest": digest.hexdigest})
