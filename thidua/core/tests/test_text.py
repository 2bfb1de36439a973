"""Tests for thidua.core.text (pure Python, no Django needed)."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from thidua.core.text import (
    TIME_ZONE,
    format_date,
    format_date_long,
    format_number,
    local_now,
    local_today,
    nfc,
    normalize_tone_placement,
    parse_date,
    parse_number,
    search_key,
    strip_diacritics,
    to_local,
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --- nfc -----------------------------------------------------------------------------------


def test_nfc_composes_decomposed_text() -> None:
    assert nfc(nfd("Thi đua khen thưởng")) == "Thi đua khen thưởng"
    assert len(nfc("e\u0302\u0301")) == 1
    assert nfc("ế") == "ế"


# --- normalize_tone_placement --------------------------------------------------------------

TONE_CASES = [
    # New style → classic style (open oa / oe / uy: tone on the first vowel).
    ("hoà", "hòa"),
    ("thuỷ", "thủy"),
    ("uỷ", "ủy"),
    ("uỷ ban", "ủy ban"),
    ("khoẻ", "khỏe"),
    ("hoá", "hóa"),
    ("loà", "lòa"),
    ("oà", "òa"),
    ("xoè", "xòe"),
    ("hoạ", "họa"),
    ("tuỳ", "tùy"),
    ("luỹ", "lũy"),
    ("Nguỵ", "Ngụy"),
    ("Thuý", "Thúy"),
    # Already classic: unchanged.
    ("hòa", "hòa"),
    ("thủy", "thủy"),
    ("ủy", "ủy"),
    ("khỏe", "khỏe"),
    ("hóa", "hóa"),
    ("lòa", "lòa"),
    # Final consonant: second vowel.
    ("hoàng", "hoàng"),
    ("hòang", "hoàng"),
    ("toán", "toán"),
    ("tóan", "toán"),
    ("hoạch", "hoạch"),
    ("họach", "hoạch"),
    ("khoảng", "khoảng"),
    ("loét", "loét"),
    ("huỳnh", "huỳnh"),
    ("hùynh", "huỳnh"),
    ("huých", "huých"),
    # Quality-marked vowel takes the tone.
    ("thuyền", "thuyền"),
    ("thùyên", "thuyền"),
    ("khuyến", "khuyến"),
    ("quyết", "quyết"),
    ("Nguyễn", "Nguyễn"),
    ("thuở", "thuở"),
    ("thủơ", "thuở"),
    ("người", "người"),
    ("ngừơi", "người"),
    ("rượu", "rượu"),
    ("rựơu", "rượu"),
    ("mười", "mười"),
    ("hoặc", "hoặc"),
    ("huấn", "huấn"),
    ("thuế", "thuế"),
    ("khuấy", "khuấy"),
    ("chuối", "chuối"),
    ("yêu", "yêu"),
    ("yếu", "yếu"),
    ("hiếu", "hiếu"),
    ("gửi", "gửi"),
    ("cứu", "cứu"),
    ("mưa", "mưa"),
    ("bữa", "bữa"),
    ("tầm", "tầm"),
    # Three vowels: the middle one.
    ("khuỷu", "khuỷu"),
    ("khủyu", "khuỷu"),
    ("khuyủ", "khuỷu"),
    ("khoái", "khoái"),
    ("khóai", "khoái"),
    ("ngoáy", "ngoáy"),
    ("ngoẹo", "ngoẹo"),
    # qu / gi onsets are consonants.
    ("quả", "quả"),
    ("quý", "quý"),
    ("quỳnh", "quỳnh"),
    ("quạ", "quạ"),
    ("quẹo", "quẹo"),
    ("quốc", "quốc"),
    ("giữ", "giữ"),
    ("già", "già"),
    ("giữa", "giữa"),
    ("giày", "giày"),
    ("giỏi", "giỏi"),
    ("giúp", "giúp"),
    ("giường", "giường"),
    ("giếng", "giếng"),
    ("gì", "gì"),
    ("gìn", "gìn"),
    # Other open two-vowel nuclei: first vowel.
    ("hai", "hai"),
    ("tài", "tài"),
    ("sáo", "sáo"),
    ("cháu", "cháu"),
    ("máy", "máy"),
    ("kéo", "kéo"),
    ("kìa", "kìa"),
    ("chịu", "chịu"),
    ("tối", "tối"),
    ("nói", "nói"),
    ("của", "của"),
    ("mùa", "mùa"),
    ("núi", "núi"),
    ("hưu", "hưu"),
    # Single vowel, no onset.
    ("ạ", "ạ"),
    ("ở", "ở"),
    ("ấy", "ấy"),
    # Đ onset.
    ("Đoàn", "Đoàn"),
    ("đoá", "đóa"),
]


@pytest.mark.parametrize(("text", "expected"), TONE_CASES)
def test_normalize_tone_placement(text: str, expected: str) -> None:
    assert normalize_tone_placement(text) == expected


@pytest.mark.parametrize(("text", "expected"), TONE_CASES)
def test_normalize_tone_placement_nfd_input(text: str, expected: str) -> None:
    result = normalize_tone_placement(nfd(text))
    assert result == expected
    assert unicodedata.is_normalized("NFC", result)


@pytest.mark.parametrize(("text", "expected"), TONE_CASES)
def test_normalize_tone_placement_uppercase(text: str, expected: str) -> None:
    assert normalize_tone_placement(text.upper()) == expected.upper()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HOÀ", "HÒA"),
        ("Thuỷ", "Thủy"),
        ("THUỶ LỢI", "THỦY LỢI"),
        ("Uỷ ban", "Ủy ban"),
        ("KhoẺ", "KhỏE"),
        ("hoÀ", "hòA"),
        ("Hoà Bình", "Hòa Bình"),
        ("ĐOÀN KẾT", "ĐOÀN KẾT"),
    ],
)
def test_normalize_tone_placement_preserves_case(text: str, expected: str) -> None:
    assert normalize_tone_placement(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ""),
        ("08/CT-UBND", "08/CT-UBND"),
        ("Số 1234/QĐ-UBND ngày 05/3/2024", "Số 1234/QĐ-UBND ngày 05/3/2024"),
        ("email: thidua@kontum.gov.vn", "email: thidua@kontum.gov.vn"),
        ("café résumé José", "café résumé José"),
        ("Hoà (2024), thuỷ-lợi; uỷ!", "Hòa (2024), thủy-lợi; ủy!"),
        ("  khoẻ\n\tmạnh  ", "  khỏe\n\tmạnh  "),
        ("94,15%", "94,15%"),
        # Two tone marks on one syllable is not a valid syllable: only NFC-composed.
        ("ha\u0300\u0301", "h\u00e0\u0301"),
        # Legacy eth used for Đ still counts as an onset.
        ("\u00d0oà", "\u00d0òa"),
    ],
)
def test_normalize_tone_placement_leaves_other_text(text: str, expected: str) -> None:
    assert normalize_tone_placement(text) == expected


PARAGRAPH_NEW_STYLE = (
    "Uỷ ban nhân dân tỉnh Kon Tum phát động phong trào thi đua yêu nước năm 2024; "
    "hoàn thành kế hoạch, quyết tâm, khoẻ mạnh, hoà thuận. Căn cứ Luật Thi đua, "
    "Khen thưởng số 06/2022/QH15; Sở Thuỷ lợi, Phòng Văn hoá và Thông tin huyện Đăk Hà "
    "đề nghị tặng Bằng khen cho ông Nguyễn Văn Hoà, bà Trần Thị Thuý đã có thành tích "
    "xuất sắc, góp phần giữ vững an ninh, xây dựng nông thôn mới, tỷ lệ hộ nghèo giảm "
    "còn 4,6%; khuyến khích người dân tham gia, tuỳ theo điều kiện thực tế."
)
PARAGRAPH_CLASSIC = (
    "Ủy ban nhân dân tỉnh Kon Tum phát động phong trào thi đua yêu nước năm 2024; "
    "hoàn thành kế hoạch, quyết tâm, khỏe mạnh, hòa thuận. Căn cứ Luật Thi đua, "
    "Khen thưởng số 06/2022/QH15; Sở Thủy lợi, Phòng Văn hóa và Thông tin huyện Đăk Hà "
    "đề nghị tặng Bằng khen cho ông Nguyễn Văn Hòa, bà Trần Thị Thúy đã có thành tích "
    "xuất sắc, góp phần giữ vững an ninh, xây dựng nông thôn mới, tỷ lệ hộ nghèo giảm "
    "còn 4,6%; khuyến khích người dân tham gia, tùy theo điều kiện thực tế."
)


@pytest.mark.parametrize(
    "text",
    [
        PARAGRAPH_NEW_STYLE,
        PARAGRAPH_CLASSIC,
        nfd(PARAGRAPH_NEW_STYLE),
        PARAGRAPH_NEW_STYLE.upper(),
    ],
)
def test_normalize_tone_placement_paragraph_and_idempotence(text: str) -> None:
    once = normalize_tone_placement(text)
    assert once == PARAGRAPH_CLASSIC or once == PARAGRAPH_CLASSIC.upper()
    assert normalize_tone_placement(once) == once


def test_normalize_tone_placement_idempotent_on_every_case() -> None:
    for text, _ in TONE_CASES:
        once = normalize_tone_placement(text)
        assert normalize_tone_placement(once) == once


# --- strip_diacritics / search_key ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sở Nội vụ", "So Noi vu"),
        ("Đặng Thị Hường", "Dang Thi Huong"),
        ("ĐOÀN KẾT", "DOAN KET"),
        ("\u00d0oàn", "Doan"),
        ("\u00f0oàn", "doan"),
        ("người được khen thưởng", "nguoi duoc khen thuong"),
        ("Ủy ban nhân dân", "Uy ban nhan dan"),
        ("08/CT-UBND", "08/CT-UBND"),
        ("", ""),
    ],
)
def test_strip_diacritics(text: str, expected: str) -> None:
    assert strip_diacritics(text) == expected
    assert strip_diacritics(nfd(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sở  Nội vụ", "so noi vu"),
        ("  Sở\tNội\n vụ  ", "so noi vu"),
        ("Sở\u00a0Nội vụ", "so noi vu"),
        ("SỞ NỘI VỤ", "so noi vu"),
        ("so noi vu", "so noi vu"),
        ("Đoàn Thanh niên", "doan thanh nien"),
        ("\u00d0OÀN", "doan"),
        ("Huyện Đăk Tô", "huyen dak to"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_search_key(text: str, expected: str) -> None:
    assert search_key(text) == expected
    assert search_key(nfd(text)) == expected


def test_search_key_substring_match() -> None:
    assert search_key("so noi vu") in search_key("Sở Nội vụ tỉnh Kon Tum")
    assert search_key("THUY LOI") in search_key("Sở Thủy lợi")
    # Both tone conventions give the same key.
    assert search_key("Uỷ ban hoà giải") == search_key("Ủy ban hòa giải")


# --- parse_number / format_number ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4.600", Decimal("4600")),
        ("63,7", Decimal("63.7")),
        ("4.600,5", Decimal("4600.5")),
        ("1.700.000", Decimal("1700000")),
        ("94,15", Decimal("94.15")),
        ("-3", Decimal("-3")),
        ("+3", Decimal("3")),
        (" 320 ", Decimal("320")),
        ("320", Decimal("320")),
        ("39,3", Decimal("39.3")),
        ("0", Decimal("0")),
        ("0,5", Decimal("0.5")),
        ("1700000", Decimal("1700000")),
        ("1 700 000", Decimal("1700000")),
        ("1\u00a0700\u00a0000", Decimal("1700000")),
        ("1\u202f700,25", Decimal("1700.25")),
        ("-1.234,5", Decimal("-1234.5")),
        ("\u00a04.600\u00a0", Decimal("4600")),
        ("12.345.678,901", Decimal("12345678.901")),
    ],
)
def test_parse_number(text: str, expected: Decimal) -> None:
    result = parse_number(text)
    assert isinstance(result, Decimal)
    assert result == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "chuỗi rỗng"),
        ("   ", "chuỗi rỗng"),
        ("-", "không có chữ số nào"),
        ("abc", "chỉ được dùng chữ số"),
        ("12abc", "chỉ được dùng chữ số"),
        ("1,2,3", "nhiều hơn một dấu phẩy"),
        ("4.60", "đúng 3 chữ số"),
        ("1..2", "đúng 3 chữ số"),
        ("1700.000", "đúng 3 chữ số"),
        ("1.700 000", "đúng 3 chữ số"),
        ("0.500", "đúng 3 chữ số"),
        ("4.600.", "đúng 3 chữ số"),
        (",5", "thiếu phần nguyên"),
        ("5,", "phần thập phân"),
        ("1,2.3", "phần thập phân"),
        ("--3", "chỉ được dùng chữ số"),
    ],
)
def test_parse_number_rejects(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=re.escape(f'Không đọc được số "{text}": ')) as info:
        parse_number(text)
    assert reason in str(info.value)


def test_parse_number_error_message_exact() -> None:
    with pytest.raises(ValueError, match=r"^Không đọc được số") as info:
        parse_number("abc")
    assert str(info.value) == (
        'Không đọc được số "abc": chỉ được dùng chữ số, dấu chấm phân cách hàng nghìn '
        "và dấu phẩy thập phân"
    )


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1700000, None, "1.700.000"),
        (Decimal("4600.5"), None, "4.600,5"),
        (Decimal("63.70"), None, "63,7"),
        (Decimal("94.156"), 2, "94,16"),
        (Decimal("94.155"), 2, "94,16"),
        (Decimal("94.154"), 2, "94,15"),
        (Decimal("2.5"), 0, "3"),
        (Decimal("-2.5"), 0, "-3"),
        (Decimal("-1234.5"), None, "-1.234,5"),
        (Decimal("-1234.5"), 2, "-1.234,50"),
        (0, None, "0"),
        (Decimal("0.000"), None, "0"),
        (Decimal("-0"), None, "0"),
        (Decimal("-0.001"), 2, "0,00"),
        (Decimal("1E+6"), None, "1.000.000"),
        (Decimal("1.7E+6"), None, "1.700.000"),
        (Decimal("1E-7"), None, "0,0000001"),
        (Decimal("4600"), None, "4.600"),
        (Decimal("4600.00"), None, "4.600"),
        (Decimal("63.7"), 2, "63,70"),
        (999, None, "999"),
        (1000, None, "1.000"),
        (-1000, None, "-1.000"),
        (63.7, None, "63,7"),
        (0.1, None, "0,1"),
        (1e20, None, "100.000.000.000.000.000.000"),
        (94.156, 2, "94,16"),
        (
            Decimal("123456789012345678901234567890.555"),
            2,
            "123.456.789.012.345.678.901.234.567.890,56",
        ),
    ],
)
def test_format_number(value: Decimal | int | float, decimals: int | None, expected: str) -> None:
    assert format_number(value, decimals) == expected


def test_format_number_keyword_decimals() -> None:
    assert format_number(Decimal("94.156"), decimals=2) == "94,16"


@pytest.mark.parametrize(
    "text", ["4.600", "63,7", "4.600,5", "1.700.000", "94,15", "-3", "-1.234,5", "0"]
)
def test_number_round_trip(text: str) -> None:
    assert format_number(parse_number(text)) == text


def test_format_number_rejects_non_finite_and_negative_decimals() -> None:
    with pytest.raises(ValueError, match="không hữu hạn"):
        format_number(Decimal("NaN"))
    with pytest.raises(ValueError, match="không hữu hạn"):
        format_number(float("inf"))
    with pytest.raises(ValueError, match="không âm"):
        format_number(1, decimals=-1)


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("06/02/2024", date(2024, 2, 6)),
        ("6/2/2024", date(2024, 2, 6)),
        ("06-02-2024", date(2024, 2, 6)),
        ("06.02.2024", date(2024, 2, 6)),
        ("2024-02-06", date(2024, 2, 6)),
        (" 06/02/2024 ", date(2024, 2, 6)),
        ("29/02/2024", date(2024, 2, 29)),
        ("31/12/2024", date(2024, 12, 31)),
        ("ngày 06 tháng 02 năm 2024", date(2024, 2, 6)),
        ("Ngày 6 tháng 2 năm 2024", date(2024, 2, 6)),
        ("NGÀY 15 THÁNG 3 NĂM 2025", date(2025, 3, 15)),
        ("ngay 06 thang 02 nam 2024", date(2024, 2, 6)),
        ("ngày  01   tháng 12 năm 2024", date(2024, 12, 1)),
        ("Kon Tum, ngày 06 tháng 02 năm 2024", date(2024, 2, 6)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected
    assert parse_date(nfd(text)) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02/2024", 'Ngày "31/02/2024" không hợp lệ: tháng 2 năm 2024 chỉ có 29 ngày'),
        ("29/02/2023", 'Ngày "29/02/2023" không hợp lệ: tháng 2 năm 2023 chỉ có 28 ngày'),
        ("00/01/2024", 'Ngày "00/01/2024" không hợp lệ: tháng 1 năm 2024 chỉ có 31 ngày'),
        ("01/13/2024", 'Ngày "01/13/2024" không hợp lệ: không có tháng 13'),
        ("2024-02-30", 'Ngày "2024-02-30" không hợp lệ: tháng 2 năm 2024 chỉ có 29 ngày'),
        ("01/01/0000", 'Ngày "01/01/0000" không hợp lệ: năm phải từ 1 đến 9999'),
        (
            "ngày 31 tháng 4 năm 2024",
            'Ngày "ngày 31 tháng 4 năm 2024" không hợp lệ: tháng 4 năm 2024 chỉ có 30 ngày',
        ),
    ],
)
def test_parse_date_rejects_impossible_dates(text: str, message: str) -> None:
    with pytest.raises(ValueError, match="không hợp lệ") as info:
        parse_date(text)
    assert str(info.value) == message


@pytest.mark.parametrize(
    "text",
    ["", "abc", "06/02/24", "06/02-2024", "2024/02/06", "6 tháng 2 năm 2024", "06022024"],
)
def test_parse_date_rejects_unreadable(text: str) -> None:
    with pytest.raises(ValueError, match=re.escape(f'Không đọc được ngày "{text}": ')):
        parse_date(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2024, 2, 6), "06/02/2024"),
        (date(2024, 12, 31), "31/12/2024"),
        (date(999, 1, 1), "01/01/0999"),
    ],
)
def test_format_date(value: date, expected: str) -> None:
    assert format_date(value) == expected
    assert parse_date(expected) == value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2024, 2, 6), "ngày 06 tháng 02 năm 2024"),
        (date(2025, 3, 15), "ngày 15 tháng 3 năm 2025"),
        (date(2024, 12, 1), "ngày 01 tháng 12 năm 2024"),
        (date(2024, 1, 9), "ngày 09 tháng 01 năm 2024"),
        (date(2024, 1, 10), "ngày 10 tháng 01 năm 2024"),
        (date(2024, 10, 31), "ngày 31 tháng 10 năm 2024"),
        (date(2024, 9, 5), "ngày 05 tháng 9 năm 2024"),
    ],
)
def test_format_date_long(value: date, expected: str) -> None:
    assert format_date_long(value) == expected
    assert parse_date(expected) == value


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        ("Kon Tum", "Kon Tum, ngày 06 tháng 02 năm 2024"),
        (" Đăk Hà ", "Đăk Hà, ngày 06 tháng 02 năm 2024"),
        (None, "ngày 06 tháng 02 năm 2024"),
        ("", "ngày 06 tháng 02 năm 2024"),
    ],
)
def test_format_date_long_with_place(place: str | None, expected: str) -> None:
    assert format_date_long(date(2024, 2, 6), place=place) == expected
    assert format_date_long(date(2024, 2, 6), place) == expected


# --- time ----------------------------------------------------------------------------------


def test_time_zone() -> None:
    assert str(TIME_ZONE) == "Asia/Ho_Chi_Minh"


def test_local_now_is_aware_in_vietnam() -> None:
    before = datetime.now(UTC)
    now = local_now()
    after = datetime.now(UTC)
    assert now.tzinfo is TIME_ZONE
    assert now.utcoffset() == timedelta(hours=7)
    assert before <= now <= after


def test_local_today() -> None:
    before = local_now().date()
    today = local_today()
    after = local_now().date()
    assert type(today) is date
    assert today in {before, after}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2024, 2, 5, 17, 0, tzinfo=UTC), datetime(2024, 2, 6, 0, 0, tzinfo=TIME_ZONE)),
        (
            datetime(2024, 2, 6, 9, 30, tzinfo=timezone(timedelta(hours=9))),
            datetime(2024, 2, 6, 7, 30, tzinfo=TIME_ZONE),
        ),
        (
            datetime(2024, 2, 6, 7, 30, tzinfo=TIME_ZONE),
            datetime(2024, 2, 6, 7, 30, tzinfo=TIME_ZONE),
        ),
    ],
)
def test_to_local(value: datetime, expected: datetime) -> None:
    result = to_local(value)
    assert result == expected
    assert result.tzinfo is TIME_ZONE
    assert result.replace(tzinfo=None) == expected.replace(tzinfo=None)


def test_to_local_rejects_naive() -> None:
    naive = datetime(2024, 2, 6, 7, 30)  # noqa: DTZ001 - naive on purpose
    with pytest.raises(ValueError, match=re.escape('"2024-02-06T07:30:00" không có múi giờ')):
        to_local(naive)
