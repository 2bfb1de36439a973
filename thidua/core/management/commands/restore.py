"""`thidua restore PATH`: put a `thidua backup` archive back (database and uploaded files)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from thidua.core.exceptions import ApplicationError
from thidua.core.text import nfc

YES = {"có", "co", "c", "yes", "y"}


class Command(BaseCommand):
    help = (
        "Khôi phục cơ sở dữ liệu và các tệp tải lên từ một bản sao lưu của `thidua backup`. "
        "Toàn bộ dữ liệu hiện có bị thay thế; hãy dừng ứng dụng và các tiến trình nền trước."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Tệp sao lưu (.tar).")
        parser.add_argument(
            "--yes", action="store_true", help="Không hỏi xác nhận (dùng trong kịch bản)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from thidua.core.backup import Manifest, backup_restore
        from thidua.core.backup.databases import ENGINE_NAMES

        def confirm(manifest: Manifest) -> bool:
            self.stdout.write(
                _(
                    "Bản sao lưu tạo lúc %(created)s, phiên bản %(version)s, cơ sở dữ liệu "
                    "%(engine)s: %(rows)s dòng, %(files)s tệp tải lên."
                )
                % {
                    "created": manifest.created_at,
                    "version": manifest.app_version,
                    "engine": ENGINE_NAMES[manifest.engine],
                    "rows": sum(manifest.row_counts.values()),
                    "files": len(manifest.media),
                }
            )
            if options["yes"]:
                return True
            answer = input(
                _(
                    "Toàn bộ dữ liệu và tệp tải lên hiện có sẽ bị thay bằng nội dung bản sao "
                    "lưu này. Gõ “có” để tiếp tục: "
                )
            )
            return nfc(answer).strip().lower() in YES

        try:
            result = backup_restore(
                path=Path(options["path"]), confirm=confirm, progress=self.stdout.write
            )
        except (ApplicationError, EOFError) as error:
            message = error.message if isinstance(error, ApplicationError) else ""
            raise CommandError(
                message or _("Không có câu trả lời; đã hủy khôi phục, không có gì thay đổi.")
            ) from error
        self.stdout.write(
            _("Đã khôi phục. Mã kiểm tra %(digest)s khớp với bản sao lưu.")
            % {"digest": result.digest.hexdigest}
        )
