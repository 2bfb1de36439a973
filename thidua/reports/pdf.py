"""DOCX → PDF through LibreOffice Writer, headless (Debian `libreoffice-writer-nogui`), and SVG
charts → PNG through cairosvg so the same server-side chart goes into a DOCX.

LibreOffice substitutes Liberation Serif (metric-compatible) for Times New Roman when that font
is not installed, so line breaks match Word's. Each conversion uses its own throw-away profile:
concurrent workers never share LibreOffice's lock file.
"""

import io
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Final

import cairosvg
from django.utils.translation import gettext as _
from pypdf import PdfReader

from thidua.core.exceptions import ApplicationError

CONVERT_TIMEOUT_SECONDS: Final = 180
SOFFICE_NAMES: Final = ("soffice", "libreoffice")


def soffice_path() -> str | None:
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def docx_to_pdf(content: bytes) -> bytes:
    """The PDF LibreOffice prints from `content` (a DOCX)."""
    soffice = soffice_path()
    if soffice is None:
        raise ApplicationError(
            _("Máy chủ chưa cài LibreOffice Writer (gói libreoffice-writer-nogui) để tạo PDF.")
        )
    with tempfile.TemporaryDirectory(prefix="thidua-pdf-") as folder:
        work = Path(folder)
        source = work / "van-ban.docx"
        source.write_bytes(content)
        command = [
            soffice,
            f"-env:UserInstallation=file://{work / 'profile'}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            subprocess.run(  # noqa: S603 - program found on PATH, no shell, our own arguments
                command,
                check=True,
                capture_output=True,
                timeout=CONVERT_TIMEOUT_SECONDS,
                env={"HOME": str(work), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
            )
        except subprocess.TimeoutExpired as error:
            raise ApplicationError(
                _("LibreOffice không tạo xong PDF trong %(seconds)s giây.")
                % {"seconds": CONVERT_TIMEOUT_SECONDS}
            ) from error
        except subprocess.CalledProcessError as error:
            detail = error.stderr.decode("utf-8", "replace").strip()[-300:]
            raise ApplicationError(
                _("LibreOffice không chuyển được văn bản sang PDF: %(detail)s")
                % {"detail": detail or error.returncode}
            ) from error
        result = work / "van-ban.pdf"
        if not result.exists():
            raise ApplicationError(_("LibreOffice không tạo ra tệp PDF."))
        return result.read_bytes()


def pdf_page_count(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


def svg_to_png(svg: str, *, scale: float = 2.0) -> bytes:
    """A PNG of a server-side SVG chart, `scale` times its size (sharp when printed)."""
    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale)  # type: ignore[no-any-return]
