"""Create the project's virtual environment with nothing but python3 (standard library only).

Debian and Ubuntu ship python3 without `ensurepip` unless python3-venv is installed; then the
environment is created without pip and pip is installed from its wheel on the package index.
"""

import json
import os
import subprocess
import sys
import tempfile
import urllib.request
import venv
from pathlib import Path

MINIMUM = (3, 11)


def pip_wheel_url(index: str) -> str:
    with urllib.request.urlopen(f"{index.rstrip('/')}/pip/json", timeout=60) as response:  # noqa: S310
        release = json.load(response)
    for item in release["urls"]:
        if item["packagetype"] == "bdist_wheel":
            return str(item["url"])
    raise SystemExit("Không tìm thấy gói pip dạng wheel trên kho PyPI.")


def main() -> None:
    if sys.version_info < MINIMUM:
        raise SystemExit(
            f"Cần Python ≥ {MINIMUM[0]}.{MINIMUM[1]}; máy đang có {sys.version.split()[0]}."
        )
    target = Path(sys.argv[1] if len(sys.argv) > 1 else ".venv")
    try:
        import ensurepip  # noqa: F401

        venv.create(target, with_pip=True)
        return
    except ImportError:
        pass
    print("Máy chưa có ensurepip (gói python3-venv); cài pip trực tiếp từ PyPI…")
    venv.create(target, with_pip=False)
    python = target / "bin" / "python"
    index = os.environ.get("THIDUA_PYPI_JSON", "https://pypi.org/pypi")
    url = pip_wheel_url(index)
    with tempfile.TemporaryDirectory() as folder:
        wheel = Path(folder) / url.rsplit("/", 1)[-1]
        urllib.request.urlretrieve(url, wheel)  # noqa: S310
        # A pip wheel can run itself: python pip.whl/pip install pip.whl
        subprocess.run(  # noqa: S603
            [str(python), f"{wheel}/pip", "install", "--no-index", str(wheel)], check=True
        )


if __name__ == "__main__":
    main()
