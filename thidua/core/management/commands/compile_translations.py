"""Compile the .po catalogues to .mo with polib, so no gettext tools are needed to run."""

from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Biên dịch các tệp bản dịch .po thành .mo (không cần gettext)."

    def handle(self, *args: Any, **options: Any) -> None:
        compiled = 0
        for folder in settings.LOCALE_PATHS:
            for catalogue in sorted(Path(folder).glob("*/LC_MESSAGES/*.po")):
                target = catalogue.with_suffix(".mo")
                if target.exists() and target.stat().st_mtime >= catalogue.stat().st_mtime:
                    continue
                polib.pofile(str(catalogue)).save_as_mofile(str(target))
                compiled += 1
        if options["verbosity"] > 1 or compiled:
            self.stdout.write(f"Đã biên dịch {compiled} tệp bản dịch.")
