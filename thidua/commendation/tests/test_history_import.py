"""Award history from Excel: the template, the import through the registry services (people
matched across rows and with the registry, awards already recorded skipped), every way a file
can be wrong (each refused with its sheet, row and column, and nothing saved), permissions, and
formula injection on export."""

import datetime
import io
import zipfile
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook, load_workbook

from conftest import Tree, make_user
from thidua.accounts.enums import Role
from thidua.commendation import history_excel
from thidua.commendation.catalogue import CSTD_CO_SO, GIAY_KHEN, LDTT
from thidua.commendation.history_excel import (
    CATALOGUE_SHEET,
    FIRST_DATA_ROW,
    HEADER_ROW,
    HEADERS,
    HISTORY_SHEET,
    MAX_BYTES,
    META_SHEET,
    HistoryExportRow,
    UploadError,
    build_history_export,
    build_history_template,
    parse_history_upload,
)
from thidua.commendation.history_import import (
    award_history_import,
    history_export_rows_for,
    history_template_rows_for,
)
from thidua.commendation.models import AwardRecord, Person
from thidua.commendation.services import award_record_create, person_create
from thidua.core.excel import LOCKED_XLSX
from thidua.core.exceptions import ApplicationError
from thidua.core.models import AuditEvent

TODAY = datetime.date(2025, 3, 1)
R1, R2, R3 = FIRST_DATA_ROW, FIRST_DATA_ROW + 1, FIRST_DATA_ROW + 2
WORKER = "Người trực tiếp lao động (công nhân, nông dân, …)"


def row(
    name: str = "Nguyễn Thị Hoà",
    birth: Any = 1980,
    year: Any = 2023,
    code: Any = LDTT,
    decided: Any = datetime.date(2023, 12, 20),
    **changes: Any,
) -> list[Any]:
    values = {
        "gender": "Nữ",
        "position": "Chuyên viên",
        "category": WORKER,
        "award_type": "Khen thưởng theo phong trào thi đua",
        "number": "123/QĐ-SNV",
        "issuer": "Giám đốc Sở Nội vụ",
        **changes,
    }
    return [
        name,
        birth,
        values["gender"],
        values["position"],
        values["category"],
        year,
        code,
        values["award_type"],
        values["number"],
        decided,
        values["issuer"],
    ]


def edit(data: bytes, change: Callable[[Any], None]) -> bytes:
    """Open the workbook as a person would in a spreadsheet program, change it, save it."""
    wb = load_workbook(io.BytesIO(data))
    change(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def fill(data: bytes, rows: list[list[Any]], first: int = FIRST_DATA_ROW) -> bytes:
    def change(wb: Any) -> None:
        ws = wb[HISTORY_SHEET]
        for offset, values in enumerate(rows):
            for column, value in enumerate(values, start=1):
                ws.cell(row=first + offset, column=column).value = value

    return edit(data, change)


def template(unit: Any, rows: Any = ()) -> bytes:
    return build_history_template(unit, rows, today=TODAY)


def filled(unit: Any, rows: list[list[Any]]) -> bytes:
    return fill(template(unit), rows)


def run_import(actor: Any, unit: Any, data: bytes) -> Any:
    return award_history_import(actor=actor, unit=unit, data=data, today=TODAY)


def assert_nothing_saved() -> None:
    assert not Person.objects.exists()
    assert not AwardRecord.objects.exists()
    assert not AuditEvent.objects.filter(
        action__in=["person.created", "award_record.created"]
    ).exists()


@pytest.fixture
def office(tree: Tree) -> Any:
    return make_user(Role.CHUYEN_VIEN_TDKT, tree.unit)


# --- Template ----------------------------------------------------------------------------------


def test_template_layout() -> None:
    unit = SimpleNamespace(pk=7, name="Sở Nội vụ")
    wb = load_workbook(io.BytesIO(template(unit)))

    assert wb.sheetnames == [HISTORY_SHEET, CATALOGUE_SHEET, META_SHEET]
    ws = wb[HISTORY_SHEET]
    assert [cell.value for cell in ws[HEADER_ROW]] == list(HEADERS)
    assert ws["A1"].value == "Khen thưởng đã nhận – Sở Nội vụ"
    assert ws.protection.sheet
    assert ws["A4"].protection.locked
    assert wb.security.lockStructure
    assert wb[META_SHEET].sheet_state == "veryHidden"
    assert wb[META_SHEET]["B1"].value == "thidua-award-history-1"
    assert wb[META_SHEET]["B2"].value == 7

    lists = {str(dv.sqref)[0]: dv for dv in ws.data_validations.dataValidation}
    assert lists["C"].formula1 == "'Danh mục'!$I$2:$I$3"  # Nam, Nữ
    assert lists["G"].type == "list"
    assert lists["G"].formula1.startswith("'Danh mục'!$A$2")
    assert str(lists["G"].sqref) == f"G{FIRST_DATA_ROW}:G{FIRST_DATA_ROW + 2999}"
    catalogue = wb[CATALOGUE_SHEET]
    codes = {code: name for code, name, *_rest in catalogue.iter_rows(min_row=2, values_only=True)}
    assert codes[LDTT] == "Lao động tiên tiến"
    assert "TTLDTT" not in codes  # collective titles are not for people
    assert catalogue["I2"].value == "Nam"
    assert catalogue["I3"].value == "Nữ"


def test_parse_accepts_real_dates_text_dates_and_any_spelling() -> None:
    unit = SimpleNamespace(pk=7, name="Sở Nội vụ")
    data = filled(
        unit,
        [
            row(decided=datetime.datetime(2023, 12, 20)),  # noqa: DTZ001 (Excel dates are naive)
            row(
                "  NGUYEN   thi hoa ",
                birth="1980",
                year=2024.0,
                code="cstd_co_so",
                decided="05/01/2025",
                gender="nu",
                category="truc_tiep",
                award_type="phong_trao",
            ),
        ],
    )

    parsed = parse_history_upload(data, unit_id=7, today=TODAY)

    first, second = parsed.rows
    assert (first.row, first.decision_date, first.gender, first.category) == (
        R1,
        datetime.date(2023, 12, 20),
        "nu",
        "truc_tiep",
    )
    assert (second.row, second.award, second.year, second.decision_date) == (
        R2,
        CSTD_CO_SO,
        2024,
        datetime.date(2025, 1, 5),
    )
    assert second.person_key == first.person_key == ("nguyen thi hoa", 1980)
    assert parsed.people == 1


# --- Import ------------------------------------------------------------------------------------


def test_round_trip_creates_people_once_and_awards_with_audit(tree: Tree, office: Any) -> None:
    data = filled(
        tree.unit,
        [
            row(),
            row("Trần Văn Bình", 1975, 2023, GIAY_KHEN, "15/01/2024", gender="Nam"),
            row("nguyễn thị HOÀ", 1980, 2024, CSTD_CO_SO, datetime.date(2024, 12, 30)),
        ],
    )

    result = run_import(office, tree.unit, data)

    assert (result.people_created, result.awards_created, result.skipped_existing) == (2, 3, 0)
    hoa = Person.objects.get(search_key="nguyen thi hoa")
    # Stored with the product's one tone placement, as typed "Hoà" or "Hòa".
    assert (hoa.full_name, hoa.birth_year, hoa.gender, hoa.unit) == (
        "Nguyễn Thị Hòa",
        1980,
        "nu",
        tree.unit,
    )
    assert (hoa.position, hoa.category) == ("Chuyên viên", "truc_tiep")
    awards = list(AwardRecord.objects.filter(person=hoa).order_by("year"))
    assert [(a.year, a.award, a.award_type) for a in awards] == [
        (2023, LDTT, "phong_trao"),
        (2024, CSTD_CO_SO, "phong_trao"),
    ]
    assert (awards[0].decision_number, awards[0].issuer) == ("123/QĐ-SNV", "Giám đốc Sở Nội vụ")
    binh = AwardRecord.objects.get(person__search_key="tran van binh")
    assert (binh.award, binh.decision_date) == (GIAY_KHEN, datetime.date(2024, 1, 15))
    events = AuditEvent.objects.filter(actor=office)
    assert events.filter(action="person.created").count() == 2
    assert events.filter(action="award_record.created").count() == 3


def test_people_matched_with_the_subtree_and_existing_awards_skipped(
    tree: Tree, office: Any
) -> None:
    hoa = person_create(
        actor=None,
        full_name="Nguyễn Thị Hoà",
        gender="nu",
        unit=tree.child,
        category="truc_tiep",
        birth_year=1980,
    )
    award_record_create(
        actor=None,
        subject=hoa,
        year=2022,
        award=LDTT,
        award_type="phong_trao",
        decision_number="1/QĐ",
        decision_date=datetime.date(2022, 12, 1),
        issuer="Sở",
    )
    # Same name in another unit, and a namesake born another year: neither is matched.
    person_create(
        actor=None,
        full_name="Nguyễn Thị Hoà",
        gender="nu",
        unit=tree.other,
        category="truc_tiep",
        birth_year=1980,
    )
    data = filled(
        tree.unit,
        [
            row("NGUYEN THI HOA", 1980, 2022, LDTT, datetime.date(2022, 12, 1)),
            row("Nguyễn thị Hòa", 1980, 2023, CSTD_CO_SO),
            row("Nguyễn Thị Hoà", 1990, 2023, LDTT),
        ],
    )

    result = run_import(office, tree.unit, data)

    assert (result.people_created, result.awards_created, result.skipped_existing) == (1, 2, 1)
    assert list(
        AwardRecord.objects.filter(person=hoa).order_by("year").values_list("year", "award")
    ) == [(2022, LDTT), (2023, CSTD_CO_SO)]
    younger = Person.objects.get(birth_year=1990)
    assert younger.unit == tree.unit


def test_prefilled_template_imports_as_all_skipped(tree: Tree, office: Any) -> None:
    run_import(office, tree.unit, filled(tree.unit, [row(), row("Trần Văn Bình", 1975)]))

    rows = history_template_rows_for(actor=office, unit=tree.unit)
    assert [(r.full_name, r.year, r.award) for r in rows] == [
        ("Nguyễn Thị Hòa", 2023, LDTT),
        ("Trần Văn Bình", 2023, LDTT),
    ]
    again = run_import(office, tree.unit, template(tree.unit, rows))

    assert (again.people_created, again.awards_created, again.skipped_existing) == (0, 0, 2)
    assert AwardRecord.objects.count() == 2


def test_a_row_refused_by_the_services_rolls_everything_back(tree: Tree, office: Any) -> None:
    for unit in (tree.unit, tree.child):
        person_create(
            actor=None,
            full_name="Lê Văn Cường",
            gender="nam",
            unit=unit,
            category="truc_tiep",
            birth_year=1970,
        )
    before = AuditEvent.objects.count()
    data = filled(tree.unit, [row(), row("Lê Văn Cường", 1970, gender="Nam")])

    with pytest.raises(ApplicationError) as error:
        run_import(office, tree.unit, data)

    assert error.value.message.startswith(f"Dòng {R2}: có 2 người tên “Lê Văn Cường” sinh năm 1970")
    assert error.value.extra == {"row": R2}
    assert not Person.objects.filter(search_key="nguyen thi hoa").exists()
    assert not AwardRecord.objects.exists()
    assert AuditEvent.objects.count() == before


def test_import_needs_the_registry_right_on_the_unit(tree: Tree) -> None:
    data = filled(tree.unit, [row()])
    outsider = make_user(Role.CHUYEN_VIEN_TDKT, tree.other)

    with pytest.raises(PermissionDenied):
        run_import(outsider, tree.unit, data)
    with pytest.raises(PermissionDenied):
        run_import(make_user(), tree.unit, data)
    assert_nothing_saved()


def test_a_template_of_another_unit_is_refused(tree: Tree, office: Any) -> None:
    data = filled(tree.child, [row()])

    with pytest.raises(UploadError) as error:
        run_import(office, tree.unit, data)

    assert str(error.value.message) == (
        "Tệp mẫu này dành cho đơn vị “Phòng Thi đua - Khen thưởng”, không phải đơn vị đang "
        "nhập; hãy tải mẫu của đơn vị mình."
    )
    assert_nothing_saved()


# --- Bad files ---------------------------------------------------------------------------------

W = f"Trang “{HISTORY_SHEET}”"


def _cells(**cells: Any) -> Callable[[bytes], bytes]:
    def change(good: bytes) -> bytes:
        def apply(wb: Any) -> None:
            for coordinate, value in cells.items():
                wb[HISTORY_SHEET][coordinate] = value

        return edit(good, apply)

    return change


def _extra_rows(*rows: list[Any]) -> Callable[[bytes], bytes]:
    return lambda good: fill(good, list(rows), first=R2)


def _remove(sheet: str) -> Callable[[bytes], bytes]:
    def change(good: bytes) -> bytes:
        def apply(wb: Any) -> None:
            del wb[sheet]

        return edit(good, apply)

    return change


def _other_format(good: bytes) -> bytes:
    def apply(wb: Any) -> None:
        wb[META_SHEET]["B1"] = "thidua-targets-1"

    return edit(good, apply)


def _plain_workbook(good: bytes) -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def _not_a_zip(good: bytes) -> bytes:
    return b"PK\x03\x04 not really a workbook"


def _too_large(good: bytes) -> bytes:
    return good + b"\0" * (MAX_BYTES + 1 - len(good))


def _number_in_date_cell(good: bytes) -> bytes:
    def apply(wb: Any) -> None:
        cell = wb[HISTORY_SHEET]["J5"]
        cell.value, cell.number_format = 45000, "General"

    return edit(good, apply)


C = {name: f"cột “{name}”" for name in HEADERS}
BAD_FILES: list[tuple[str, Callable[[bytes], bytes], list[str]]] = [
    (
        "wrong_template",
        _other_format,
        [
            "Tệp không đúng mẫu nhập khen thưởng (phiên bản “thidua-targets-1”, cần "
            "“thidua-award-history-1”); hãy tải mẫu mới từ hệ thống và nhập lại."
        ],
    ),
    (
        "plain_workbook",
        _plain_workbook,
        [
            f"Tệp không đúng mẫu: thiếu trang “{HISTORY_SHEET}”.",
            f"Tệp không đúng mẫu: thiếu trang “{META_SHEET}”.",
        ],
    ),
    ("meta_removed", _remove(META_SHEET), [f"Tệp không đúng mẫu: thiếu trang “{META_SHEET}”."]),
    (
        "history_sheet_removed",
        _remove(HISTORY_SHEET),
        [f"Tệp không đúng mẫu: thiếu trang “{HISTORY_SHEET}”."],
    ),
    ("not_xlsx", _not_a_zip, ["Tệp không phải bảng tính Excel .xlsx hợp lệ."]),
    (
        "too_large",
        _too_large,
        ["Tệp lớn hơn 5 MB (5,0 MB); hãy chỉ giữ lại trang “Khen thưởng” của mẫu."],
    ),
    (
        "headers_changed",
        _cells(B4="Tuổi"),
        [
            f"{W}, dòng {HEADER_ROW}: dòng tiêu đề đã bị thay đổi (cần: {', '.join(HEADERS)}), "
            "tệp không đúng mẫu; hãy tải mẫu mới từ hệ thống và nhập lại."
        ],
    ),
    (
        "text_in_number_cell",
        _cells(B5="khoảng 1980"),
        [f"{W}, dòng {R1}, {C['Năm sinh']}: “khoảng 1980” không phải là năm (số), ví dụ 2024."],
    ),
    (
        "year_out_of_range",
        _cells(F5=2026),
        [f"{W}, dòng {R1}, {C['Năm thành tích']}: năm 2026 nằm ngoài khoảng 1945–2025."],
    ),
    (
        "unknown_code",
        _cells(G5="CSTD_HUYEN"),
        [
            f"{W}, dòng {R1}, {C['Mã danh hiệu/hình thức']}: mã “CSTD_HUYEN” không có trong "
            "danh mục khen thưởng (xem trang “Danh mục”: LDTT, CSTD_CO_SO, CSTD_TINH, "
            "CSTD_TOAN_QUOC, GIAY_KHEN, BANG_KHEN_TINH, BANG_KHEN_TTG)."
        ],
    ),
    (
        "collective_code",
        _cells(G5="TTLDTT"),
        [
            f"{W}, dòng {R1}, {C['Mã danh hiệu/hình thức']}: “TTLDTT” (Tập thể lao động tiên "
            "tiến) không dành cho cá nhân."
        ],
    ),
    (
        "unknown_gender_and_type",
        _cells(C5="Khác", H5="thường xuyên"),
        [
            f"{W}, dòng {R1}, {C['Giới tính']}: “Khác” không phải giới tính trong danh sách "
            "(Nam; Nữ).",
            f"{W}, dòng {R1}, {C['Loại hình']}: “thường xuyên” không phải loại hình trong danh "
            "sách (Khen thưởng theo phong trào thi đua; Khen thưởng thi đua theo chuyên đề; "
            "Khen thưởng đột xuất; Khen thưởng quá trình cống hiến; Khen thưởng theo công "
            "trạng; Khen thưởng theo niên hạn; Khen thưởng đối ngoại).",
        ],
    ),
    (
        "empty_required_cells",
        _cells(A5=" ", I5=None),
        [
            f"{W}, dòng {R1}, {C['Họ và tên']}: không được để trống.",
            f"{W}, dòng {R1}, {C['Số quyết định']}: không được để trống.",
        ],
    ),
    (
        "duplicate_rows",
        _extra_rows(row("nguyen thi hoa", decided="01/02/2024")),
        [
            f"{W}, dòng {R2}, {C['Mã danh hiệu/hình thức']}: trùng với dòng {R1}: "
            "nguyen thi hoa đã có LDTT năm 2023."
        ],
    ),
    (
        "same_person_described_differently",
        _extra_rows(row(year=2024, decided="01/02/2025", gender="Nam")),
        [
            f"{W}, dòng {R2}, {C['Giới tính']}: khác với dòng {R1} của cùng người "
            "“Nguyễn Thị Hoà” (năm sinh 1980)."
        ],
    ),
    (
        "formula_cell",
        _cells(A5='=HYPERLINK("http://x.example","Bấm vào đây")'),
        [f"{W}, dòng {R1}, {C['Họ và tên']}: ô chứa công thức; hãy nhập giá trị cụ thể."],
    ),
    (
        "formula_looking_text",
        _cells(K5="+cmd|' /C calc'!A0"),
        [
            f"{W}, dòng {R1}, {C['Cơ quan ban hành']}: nội dung bắt đầu bằng “+” có thể bị "
            "hiểu là công thức; hãy bỏ ký tự này."
        ],
    ),
    (
        "unreadable_date",
        _cells(J5="31/02/2024"),
        [
            f"{W}, dòng {R1}, {C['Ngày quyết định']}: “31/02/2024” không phải ngày hợp lệ "
            "(dạng dd/mm/yyyy)."
        ],
    ),
    (
        "number_in_date_cell",
        _number_in_date_cell,
        [
            f"{W}, dòng {R1}, {C['Ngày quyết định']}: “45000” không phải ngày; hãy nhập ngày "
            "dạng dd/mm/yyyy."
        ],
    ),
    (
        "date_before_the_year",
        _cells(J5="20/12/2022"),
        [
            f"{W}, dòng {R1}, {C['Ngày quyết định']}: ngày quyết định 20/12/2022 trước năm "
            "thành tích 2023."
        ],
    ),
    (
        "date_in_the_future",
        _cells(J5=datetime.date(2025, 3, 2)),
        [f"{W}, dòng {R1}, {C['Ngày quyết định']}: ngày 02/03/2025 sau ngày hôm nay."],
    ),
    (
        "no_rows",
        _cells(**{f"{letter}5": None for letter in "ABCDEFGHIJK"}),
        [f"{W}: Tệp chưa có dòng khen thưởng nào."],
    ),
]


@pytest.mark.parametrize(
    ("change", "expected"),
    [case[1:] for case in BAD_FILES],
    ids=[case[0] for case in BAD_FILES],
)
def test_bad_files_are_refused_and_nothing_saved(
    tree: Tree, office: Any, change: Callable[[bytes], bytes], expected: list[str]
) -> None:
    data = change(filled(tree.unit, [row()]))

    with pytest.raises(UploadError) as error:
        run_import(office, tree.unit, data)

    assert [str(problem) for problem in error.value.errors] == expected
    assert error.value.message == "\n".join(expected)
    assert_nothing_saved()


def test_every_bad_row_is_listed(tree: Tree, office: Any) -> None:
    data = filled(tree.unit, [row(birth="x"), row("Trần Văn Bình"), row(code="?")])

    with pytest.raises(UploadError) as error:
        run_import(office, tree.unit, data)

    assert [(p.row, p.column) for p in error.value.errors] == [
        (R1, "Năm sinh"),
        (R3, "Mã danh hiệu/hình thức"),
    ]
    assert error.value.extra["problems"][0]["sheet"] == HISTORY_SHEET
    assert_nothing_saved()


def test_too_many_rows_and_zip_bombs_are_refused(
    tree: Tree, office: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = filled(tree.unit, [row(year=year) for year in (2021, 2022, 2023)])
    monkeypatch.setattr(history_excel, "MAX_ROWS", 2)
    with pytest.raises(UploadError) as error:
        run_import(office, tree.unit, data)
    assert str(error.value.errors[0]) == (
        f"{W}: Tệp có quá 2 dòng khen thưởng; hãy chia thành nhiều tệp."
    )

    monkeypatch.setattr(history_excel, "MAX_UNCOMPRESSED_BYTES", 1000)
    with pytest.raises(UploadError) as error:
        run_import(office, tree.unit, data)
    assert error.value.message.startswith("Tệp giải nén ra ")
    assert error.value.message.endswith("có thể là tệp độc hại (“bom nén”), không được nhận.")
    assert_nothing_saved()


def test_an_encrypted_zip_is_refused(tree: Tree, office: Any) -> None:
    good = bytearray(filled(tree.unit, [row()]))
    central = good.index(b"PK\x01\x02")  # the first central directory entry
    good[central + 8] |= 0x1  # "encrypted" flag

    assert zipfile.ZipFile(io.BytesIO(bytes(good))).infolist()[0].flag_bits & 0x1
    with pytest.raises(UploadError) as error:
        run_import(office, tree.unit, bytes(good))
    assert error.value.message == LOCKED_XLSX
    assert_nothing_saved()


# --- Export ------------------------------------------------------------------------------------


def test_export_neutralises_formula_text(tree: Tree, office: Any) -> None:
    person = person_create(
        actor=None,
        full_name="=cmd|' /C calc'!A0",
        gender="nam",
        unit=tree.child,
        category="truc_tiep",
        birth_year=1985,
        position="@SUM(1+1)",
    )
    award_record_create(
        actor=None,
        subject=person,
        year=2023,
        award=LDTT,
        award_type="phong_trao",
        decision_number="-2+3",
        decision_date=datetime.date(2023, 12, 1),
        issuer="+Sở",
    )
    rows = history_export_rows_for(user=office, unit=tree.unit)
    assert [r.full_name for r in rows] == ["=cmd|' /C calc'!A0"]
    assert rows[0].unit_name == tree.child.name
    assert rows[0].award_name == "Lao động tiên tiến"

    ws = load_workbook(io.BytesIO(build_history_export(rows, today=TODAY))).active
    values = {cell.column_letter: cell for cell in ws[4]}
    assert values["B"].value == "'=cmd|' /C calc'!A0"
    assert values["B"].data_type == "s"
    assert values["E"].value == "'@SUM(1+1)"
    assert values["K"].value == "'-2+3"
    assert values["M"].value == "'+Sở"
    assert values["L"].value == datetime.datetime(2023, 12, 1)  # noqa: DTZ001
    assert not any(cell.data_type == "f" for line in ws.iter_rows() for cell in line)


def test_export_marks_revocations(tree: Tree, office: Any) -> None:
    row_out = HistoryExportRow(
        unit_name="Sở",
        full_name="A",
        birth_year=None,
        gender_label="Nam",
        position="",
        category_label="Doanh nhân",
        year=2023,
        award=LDTT,
        award_name="Lao động tiên tiến",
        award_type_label="Khen thưởng đột xuất",
        decision_number="1",
        decision_date=datetime.date(2023, 12, 1),
        issuer="Sở",
        revocation="02/01/2024: sai thành tích",
    )
    ws = load_workbook(io.BytesIO(build_history_export([row_out], title="Sở", today=TODAY))).active
    assert ws["A1"].value == "Sở"
    assert ws["A2"].value == "Xuất ngày 01/03/2025"
    assert ws["N4"].value == "02/01/2024: sai thành tích"


def test_export_needs_the_right_to_read_the_unit(tree: Tree) -> None:
    with pytest.raises(PermissionDenied):
        history_export_rows_for(user=make_user(Role.CHUYEN_VIEN_TDKT, tree.other), unit=tree.unit)
