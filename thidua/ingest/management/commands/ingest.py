"""`thidua ingest PATH [--json] [--no-restore]`: read a directive (text, Word, PDF or scan) and
print its restored text and extracted structure. Errors go to stderr with a non-zero exit."""

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.core.exceptions import ApplicationError
from thidua.core.text import nfc
from thidua.ingest.pipeline import as_json, read_document


class Command(BaseCommand):
    help = "Đọc văn bản phát động thi đua và in các chỉ tiêu, nội dung trích xuất được."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Tệp .txt, .md, .docx, .pdf, .png, .jpg, .tif")
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON")
        parser.add_argument(
            "--no-restore", action="store_true", help="Không khôi phục dấu cho văn bản OCR cũ"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Không đọc được tệp {path}: {error.strerror}") from error

        def progress(step: str, page: int, page_count: int) -> None:
            sys.stderr.write(f"{step}: {page}/{page_count}\n")

        try:
            reading = read_document(
                path.name, data, allow_restore=not options["no_restore"], progress=progress
            )
        except ApplicationError as error:
            raise CommandError(error.message) from error
        result = as_json(reading)
        if options["json"]:
            self.stdout.write(nfc(json.dumps(result, ensure_ascii=False, indent=2)))
            return
        self.stdout.write(_summary(result))


def _summary(result: dict[str, Any]) -> str:
    document = result["document"]
    lines = [
        f"{document.get('type') or ''} số {document.get('number') or '?'} "
        f"ngày {document.get('date') or '?'} — {document.get('issuer') or ''}",
        document.get("title") or "",
        "",
    ]
    for target in result["targets"]:
        lines.append(f"{target['no']}. {target['text']}")
        for measure in target["measures"]:
            span = measure["value"] + (f"–{measure['value_max']}" if measure["value_max"] else "")
            lines.append(
                f"      {measure['indicator']}: {measure['comparator']} {span} "
                f"{measure['unit'] or ''}".rstrip()
            )
    return nfc("\n".join(lines))
