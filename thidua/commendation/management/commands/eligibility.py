"""`thidua eligibility FILE.json [--json]`: the what-if eligibility check of the API, from a file.
Bad input exits with status 2 and a Vietnamese message naming the field."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.commendation.services import eligibility_whatif
from thidua.core.exceptions import ApplicationError

BAD_INPUT = 2


class Command(BaseCommand):
    help = "Kiểm tra điều kiện khen thưởng của một cá nhân, tập thể hoặc hộ gia đình (giả định)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Tệp JSON: award, as_of, subject")
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(
                f"Không đọc được tệp {path}: {error.strerror}", returncode=BAD_INPUT
            ) from error
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(
                f"Tệp {path} không phải JSON hợp lệ (UTF-8): {error}", returncode=BAD_INPUT
            ) from error
        try:
            result = eligibility_whatif(actor=None, data=data)
        except ApplicationError as error:
            raise CommandError(error.message, returncode=BAD_INPUT) from error
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        verdict = "ĐỦ ĐIỀU KIỆN" if result["eligible"] else "CHƯA ĐỦ ĐIỀU KIỆN"
        if result["held"]:
            verdict += " (đang tạm dừng xét)"
        self.stdout.write(f"{result['award']}: {verdict}")
        for criterion in result["criteria"]:
            mark = "✓" if criterion["passed"] else "✗"
            self.stdout.write(f"  {mark} {criterion['explanation']} [{criterion['reference']}]")
