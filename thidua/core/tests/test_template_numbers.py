"""Numbers sent back by forms must not be localised: with the thousand separator on, the id 1005
renders as "1.005" and the next request cannot find the object (PostgreSQL's ids pass 1.000
long before SQLite's in tests; this once broke a browser test there only)."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# An id or version printed bare: in a value, a name ("vote-1.005") or an id, or shown as an
# identifier, it must never carry a thousand separator.
NUMBER_IN_ATTRIBUTE = re.compile(r"\{\{\s*([\w.]+\.(?:pk|id|version))\s*\}\}")


def test_ids_and_versions_are_never_localised() -> None:
    found = [
        f"{path.relative_to(TEMPLATES)}: {match.group(1)}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for match in NUMBER_IN_ATTRIBUTE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "add |unlocalize to: " + "; ".join(found)
