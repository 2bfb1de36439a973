"""The signature block's title lines (Decree 30/2020, ô 7) from what a user types."""

import pytest

from thidua.documents.layout import signer_title_lines


@pytest.mark.parametrize(
    ("typed", "lines"),
    [
        ("KT. Chủ tịch – Phó Chủ tịch", ["KT. Chủ tịch", "Phó Chủ tịch"]),
        ("KT. CHỦ TỊCH - PHÓ CHỦ TỊCH", ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
        ("TM. Ủy ban nhân dân / Chủ tịch", ["TM. Ủy ban nhân dân", "Chủ tịch"]),
        ("TL. Giám đốc\n  Trưởng phòng  ", ["TL. Giám đốc", "Trưởng phòng"]),
        # A dash inside a title without an authority prefix stays on its line.
        ("Trưởng Ban Thi đua – Khen thưởng", ["Trưởng Ban Thi đua – Khen thưởng"]),
        ("Giám đốc", ["Giám đốc"]),
        ("  ", []),
    ],
)
def test_signer_title_lines(typed: str, lines: list[str]) -> None:
    assert signer_title_lines(typed) == lines
