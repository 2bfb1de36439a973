"""Kon Tum and the old Quảng Ngãi as of 2024, and what happened to them in 2025.

Provinces, districts and communes, and the real 2025 commune mapping, are read (read-only) from
the `vietnamadminunits` package (MIT): `admin_units_legacy` is the 63-province era as it stood
just before 01/07/2025, `admin_units` the 34-province era, `converter_2025.json` the mapping.
Departments, agencies and organisations come from one table (`AGENCIES`) used for every
province. Every write goes through `thidua.org.services`, so it is audited and its lineage kept.
"""

import datetime
import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

from thidua.core.text import search_key
from thidua.org.enums import UnitKind
from thidua.org.models import OrgUnit
from thidua.org.services import (
    UnitSpec,
    orgunit_create,
    orgunit_dissolve,
    orgunit_merge,
    orgunit_move,
    orgunit_rename,
    orgunit_split,
)

# --- Dates and legal bases ----------------------------------------------------------------

BASELINE_DAY = datetime.date(2024, 1, 1)
DEPARTMENTS_DAY = datetime.date(2025, 3, 1)
MERGER_DAY = datetime.date(2025, 7, 1)

DEMO_PROVINCE_CODE = "62"  # Tỉnh Kon Tum: kept complete, the demo accounts work there
NEW_PROVINCE_CODE = "51"  # Tỉnh Quảng Ngãi from 01/07/2025

BASELINE_NOTE = (
    "Dữ liệu minh họa, hiện trạng tính từ 01/01/2024. Danh sách đơn vị hành chính cấp huyện, "
    "cấp xã là hiện trạng ngay trước ngày 01/07/2025 theo dữ liệu của gói vietnamadminunits."
)
DEPARTMENTS_BASIS = "Nghị định số 45/2025/NĐ-CP ngày 28/02/2025 của Chính phủ"
PROVINCE_BASIS = "Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội"
COMMUNES_BASIS = "Nghị quyết số 1677/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội"
CODES_BASIS = "Quyết định số 19/2025/QĐ-TTg"
DISTRICTS_BASIS = (
    "Nghị quyết số 203/2025/QH15 của Quốc hội sửa đổi, bổ sung một số điều của Hiến pháp; "
    "Luật Tổ chức chính quyền địa phương số 72/2025/QH15"
)


# --- Departments, agencies and organisations: one table for every province ----------------


@dataclass(frozen=True)
class Agency:
    """A provincial body; `{p}` in `name` and `short_name` is the province's short name."""

    key: str
    kind: str
    name: str
    short_name: str
    # Full names that do not follow the pattern, by province code.
    names: Mapping[str, str] = field(default_factory=dict)
    # Province codes that have the body; empty means every province.
    only_in: tuple[str, ...] = ()
    # Internal departments (name, short name), created where the data is kept complete.
    internal: tuple[tuple[str, str], ...] = ()

    def name_in(self, province_code: str, province_short: str) -> str:
        return self.names.get(province_code) or self.name.format(p=province_short)

    def short_name_in(self, province_short: str) -> str:
        return self.short_name.format(p=province_short)


SO = UnitKind.SO_BAN_NGANH
AGENCIES: tuple[Agency, ...] = (
    Agency("vp_ubnd", SO, "Văn phòng Ủy ban nhân dân tỉnh {p}", "VP UBND"),
    Agency(
        "snv",
        SO,
        "Sở Nội vụ tỉnh {p}",
        "SNV",
        internal=(
            ("Ban Thi đua - Khen thưởng", "Ban TĐKT"),
            ("Phòng Tổ chức, biên chế và tổ chức phi chính phủ", "Phòng TCBC&TCPCP"),
        ),
    ),
    Agency("stp", SO, "Sở Tư pháp tỉnh {p}", "STP"),
    Agency("skhdt", SO, "Sở Kế hoạch và Đầu tư tỉnh {p}", "SKH&ĐT"),
    Agency("stc", SO, "Sở Tài chính tỉnh {p}", "STC"),
    Agency("sct", SO, "Sở Công Thương tỉnh {p}", "SCT"),
    Agency("snnptnt", SO, "Sở Nông nghiệp và Phát triển nông thôn tỉnh {p}", "SNN&PTNT"),
    Agency("stnmt", SO, "Sở Tài nguyên và Môi trường tỉnh {p}", "STN&MT"),
    Agency("sgtvt", SO, "Sở Giao thông vận tải tỉnh {p}", "SGTVT"),
    Agency("sxd", SO, "Sở Xây dựng tỉnh {p}", "SXD"),
    Agency("stttt", SO, "Sở Thông tin và Truyền thông tỉnh {p}", "STT&TT"),
    Agency("sldtbxh", SO, "Sở Lao động - Thương binh và Xã hội tỉnh {p}", "SLĐTB&XH"),
    Agency("svhttdl", SO, "Sở Văn hóa, Thể thao và Du lịch tỉnh {p}", "SVHTT&DL"),
    Agency("skhcn", SO, "Sở Khoa học và Công nghệ tỉnh {p}", "SKH&CN"),
    Agency("sgddt", SO, "Sở Giáo dục và Đào tạo tỉnh {p}", "SGD&ĐT"),
    Agency("syt", SO, "Sở Y tế tỉnh {p}", "SYT"),
    Agency("sngv", SO, "Sở Ngoại vụ tỉnh {p}", "SNgV"),
    Agency("ttr", SO, "Thanh tra tỉnh {p}", "TTr"),
    Agency("bdt", SO, "Ban Dân tộc tỉnh {p}", "BDT"),
    Agency(
        "bqlkkt",
        SO,
        "Ban Quản lý Khu kinh tế tỉnh {p}",
        "BQL KKT",
        names={"51": "Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi"},
    ),
    # Public service units (Kon Tum only: they follow the province on 01/07/2025).
    Agency(
        "ptth",
        UnitKind.SU_NGHIEP,
        "Đài Phát thanh - Truyền hình tỉnh {p}",
        "Đài PT-TH {p}",
        only_in=("62",),
    ),
    Agency("cdkt", UnitKind.SU_NGHIEP, "Trường Cao đẳng {p}", "CĐ {p}", only_in=("62",)),
    Agency("bao", UnitKind.SU_NGHIEP, "Báo {p}", "Báo {p}", only_in=("62",)),
    # Central agencies in the province.
    Agency("ca", UnitKind.TRUNG_UONG, "Công an tỉnh {p}", "CA tỉnh"),
    Agency("bchqs", UnitKind.TRUNG_UONG, "Bộ Chỉ huy Quân sự tỉnh {p}", "BCHQS"),
    Agency("bdbp", UnitKind.TRUNG_UONG, "Bộ Chỉ huy Bộ đội Biên phòng tỉnh {p}", "BĐBP"),
    Agency("tand", UnitKind.TRUNG_UONG, "Tòa án nhân dân tỉnh {p}", "TAND"),
    Agency("vksnd", UnitKind.TRUNG_UONG, "Viện kiểm sát nhân dân tỉnh {p}", "VKSND"),
    Agency("kbnn", UnitKind.TRUNG_UONG, "Kho bạc Nhà nước tỉnh {p}", "KBNN"),
    Agency("bhxh", UnitKind.TRUNG_UONG, "Bảo hiểm xã hội tỉnh {p}", "BHXH"),
    Agency("ctk", UnitKind.TRUNG_UONG, "Cục Thống kê tỉnh {p}", "CTK"),
    Agency("cthue", UnitKind.TRUNG_UONG, "Cục Thuế tỉnh {p}", "Cục Thuế"),
    # The Fatherland Front and the mass organisations.
    Agency("mttq", UnitKind.MAT_TRAN, "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh {p}", "UBMTTQ"),
    Agency("ldld", UnitKind.MAT_TRAN, "Liên đoàn Lao động tỉnh {p}", "LĐLĐ"),
    Agency("tinhdoan", UnitKind.MAT_TRAN, "Tỉnh đoàn {p}", "Tỉnh đoàn"),
    Agency("hlhpn", UnitKind.MAT_TRAN, "Hội Liên hiệp Phụ nữ tỉnh {p}", "Hội LHPN"),
    Agency("hnd", UnitKind.MAT_TRAN, "Hội Nông dân tỉnh {p}", "Hội ND"),
    Agency("hccb", UnitKind.MAT_TRAN, "Hội Cựu chiến binh tỉnh {p}", "Hội CCB"),
)

# Nghị định 45/2025/NĐ-CP, from 01/03/2025, in every province. Only the consolidations that
# are certain are listed; the other departments go on unchanged.
NEW_AGENCIES_2025_03 = {
    "snnmt": Agency("snnmt", SO, "Sở Nông nghiệp và Môi trường tỉnh {p}", "SNN&MT"),
    "sdttg": Agency("sdttg", SO, "Sở Dân tộc và Tôn giáo tỉnh {p}", "SDT&TG"),
}
MERGE_INTO_2025_03 = (("skhdt", "stc"), ("sgtvt", "sxd"), ("stttt", "skhcn"))
MERGE_NEW_2025_03 = ((("snnptnt", "stnmt"), "snnmt"),)
DISSOLVE_2025_03 = (("sldtbxh", ("snv", "syt", "sgddt")),)
RENAME_2025_03 = (("bdt", "sdttg"),)

AGENCY_BY_KEY = {agency.key: agency for agency in (*AGENCIES, *NEW_AGENCIES_2025_03.values())}


# --- The administrative data of vietnamadminunits -----------------------------------------


@dataclass(frozen=True)
class AdminUnit:
    """A commune (or district, province) as the dataset names it; `key` is the converter's."""

    key: str
    name: str
    code: str


@dataclass(frozen=True)
class LegacyDistrict:
    key: str  # "tinhkontum_thanhphokontum": a commune's converter key is key + "_" + ward key
    name: str
    code: str
    communes: tuple[AdminUnit, ...]


@dataclass(frozen=True)
class LegacyProvince:
    key: str
    name: str
    short_name: str
    code: str
    districts: tuple[LegacyDistrict, ...]

    @property
    def communes(self) -> list[AdminUnit]:
        return [commune for district in self.districts for commune in district.communes]


@dataclass(frozen=True)
class NewCommune:
    """A commune from 01/07/2025 and the old keys it takes in whole or in part."""

    key: str
    name: str
    code: str
    whole: tuple[str, ...]
    partial: tuple[str, ...]


@dataclass(frozen=True)
class MergedProvince:
    key: str
    name: str
    short_name: str
    code: str
    old_provinces: tuple[LegacyProvince, ...]  # the demo province first
    communes: tuple[NewCommune, ...]
    # Old commune key → keys of the new communes sharing it, the default (main) one first.
    divided: Mapping[str, tuple[str, ...]]


@contextmanager
def _dataset() -> Iterator[sqlite3.Connection]:
    resource = files("vietnamadminunits").joinpath("data/dataset.db")
    with as_file(resource) as path:
        connection = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
        try:
            yield connection
        finally:
            connection.close()


def _converter() -> dict[str, Any]:
    resource = files("vietnamadminunits").joinpath("data/converter_2025.json")
    return json.loads(resource.read_text(encoding="utf-8"))


def _legacy_province(connection: sqlite3.Connection, province_key: str) -> LegacyProvince:
    rows = connection.execute(
        """
        SELECT province, provinceShort, provinceCode, district, districtKey, districtCode,
               ward, wardKey, wardCode
        FROM admin_units_legacy WHERE provinceKey = ? ORDER BY districtCode, wardCode
        """,
        (province_key,),
    ).fetchall()
    if not rows:
        raise LookupError(f"vietnamadminunits has no legacy province {province_key!r}")
    districts: dict[str, tuple[str, str, list[AdminUnit]]] = {}
    for _, _, _, district, district_key, district_code, ward, ward_key, ward_code in rows:
        prefix = f"{province_key}_{district_key}"
        _, _, communes = districts.setdefault(prefix, (district, district_code, []))
        if ward:  # a district without communes (huyện Lý Sơn) has one row with no ward
            communes.append(AdminUnit(key=f"{prefix}_{ward_key}", name=ward, code=ward_code))
    name, short_name, code = rows[0][:3]
    return LegacyProvince(
        key=province_key,
        name=name,
        short_name=short_name,
        code=code,
        districts=tuple(
            LegacyDistrict(key=key, name=name, code=code, communes=tuple(communes))
            for key, (name, code, communes) in districts.items()
        ),
    )


@cache
def merged_province(code: str = NEW_PROVINCE_CODE) -> MergedProvince:
    """The 2025 province with its communes, its old provinces and the commune mapping."""
    converter = _converter()
    with _dataset() as connection:
        rows = connection.execute(
            """
            SELECT province, provinceShort, provinceKey, ward, wardKey, wardCode
            FROM admin_units WHERE provinceCode = ? ORDER BY wardCode
            """,
            (code,),
        ).fetchall()
        if not rows:
            raise LookupError(f"vietnamadminunits has no province with code {code!r}")
        name, short_name, key = rows[0][:3]
        old_keys = sorted(
            converter["DICT_PROVINCE"][key], key=lambda k: (not k.endswith("kontum"), k)
        )
        old_provinces = tuple(_legacy_province(connection, old_key) for old_key in old_keys)
    whole = converter["DICT_PROVINCE_WARD_NO_DIVIDED"][key]
    divided_raw = converter["DICT_PROVINCE_WARD_DIVIDED"].get(key, {})
    divided = {
        old_key: tuple(
            entry["newWardKey"]
            for entry in sorted(parts, key=lambda entry: not entry["isDefaultNewWard"])
        )
        for old_key, parts in sorted(divided_raw.items())
    }
    communes = tuple(
        NewCommune(
            key=ward_key,
            name=ward,
            code=ward_code,
            whole=tuple(whole.get(ward_key, ())),
            partial=tuple(old for old, new_keys in divided.items() if ward_key in new_keys),
        )
        for _, _, _, ward, ward_key, ward_code in rows
    )
    return MergedProvince(
        key=key,
        name=name,
        short_name=short_name,
        code=code,
        old_provinces=old_provinces,
        communes=communes,
        divided=divided,
    )


# --- Building the tree through the services -----------------------------------------------


@dataclass
class ProvinceUnits:
    """The open units of one old province, kept up to date as the events are applied."""

    source: LegacyProvince
    root: OrgUnit
    districts: dict[str, OrgUnit] = field(default_factory=dict)  # by converter key
    communes: dict[str, OrgUnit] = field(default_factory=dict)  # by converter key
    agencies: dict[str, OrgUnit] = field(default_factory=dict)  # by Agency.key

    def commune_named(self, district_name: str, commune_name: str) -> OrgUnit:
        for district in self.source.districts:
            if search_key(district.name) != search_key(district_name):
                continue
            for commune in district.communes:
                if search_key(commune.name) == search_key(commune_name):
                    return self.communes[commune.key]
        raise LookupError(f"{commune_name}, {district_name} is not in {self.source.name}")


def _create(spec: UnitSpec, note: str = BASELINE_NOTE) -> OrgUnit:
    return orgunit_create(actor=None, spec=spec, valid_from=BASELINE_DAY, note=note)


def build_baseline(source: LegacyProvince, *, complete: bool) -> ProvinceUnits:
    """The province on 01/01/2024: districts, communes and its bodies. `complete` adds the
    public service units and internal departments (kept for the demo province only)."""
    root = _create(UnitSpec(name=source.name, kind=UnitKind.TINH, parent=None, code=source.code))
    units = ProvinceUnits(source=source, root=root)
    for district in source.districts:
        district_unit = _create(
            UnitSpec(name=district.name, kind=UnitKind.HUYEN, parent=root, code=district.code)
        )
        units.districts[district.key] = district_unit
        for commune in district.communes:
            units.communes[commune.key] = _create(
                UnitSpec(
                    name=commune.name, kind=UnitKind.XA, parent=district_unit, code=commune.code
                )
            )
    for agency in AGENCIES:
        if agency.only_in and source.code not in agency.only_in:
            continue
        if not complete and agency.kind == UnitKind.SU_NGHIEP:
            continue
        unit = _create(
            UnitSpec(
                name=agency.name_in(source.code, source.short_name),
                kind=agency.kind,
                parent=root,
                short_name=agency.short_name_in(source.short_name),
            )
        )
        units.agencies[agency.key] = unit
        if complete:
            for name, short_name in agency.internal:
                _create(
                    UnitSpec(name=name, kind=UnitKind.PHONG_BAN, parent=unit, short_name=short_name)
                )
    return units


def _agency_spec(key: str, units: ProvinceUnits, parent: OrgUnit) -> UnitSpec:
    agency = AGENCY_BY_KEY[key]
    return UnitSpec(
        name=agency.name_in(units.source.code, units.source.short_name),
        kind=agency.kind,
        parent=parent,
        short_name=agency.short_name_in(units.source.short_name),
    )


def consolidate_departments(units: ProvinceUnits) -> int:
    """01/03/2025: the departments of Nghị định 45/2025/NĐ-CP. Returns the number of events."""
    agencies = units.agencies
    events = 0
    for source, target in MERGE_INTO_2025_03:
        merged = agencies.pop(source)
        orgunit_merge(
            actor=None,
            units=[merged],
            into=agencies[target],
            effective_date=DEPARTMENTS_DAY,
            legal_basis=DEPARTMENTS_BASIS,
            note=f"Sáp nhập {merged.name} vào {agencies[target].name}.",
        )
        events += 1
    for sources, new_key in MERGE_NEW_2025_03:
        closing = [agencies.pop(source) for source in sources]
        spec = _agency_spec(new_key, units, units.root)
        agencies[new_key] = orgunit_merge(
            actor=None,
            units=closing,
            new_unit=spec,
            effective_date=DEPARTMENTS_DAY,
            legal_basis=DEPARTMENTS_BASIS,
            note=f"Hợp nhất {' và '.join(unit.name for unit in closing)} thành {spec.name}.",
        )
        events += 1
    for source, receivers in DISSOLVE_2025_03:
        receiving = [agencies[key] for key in receivers]
        orgunit_dissolve(
            actor=None,
            unit=agencies.pop(source),
            effective_date=DEPARTMENTS_DAY,
            functions_to=receiving,
            legal_basis=DEPARTMENTS_BASIS,
            note="Giải thể; chức năng, nhiệm vụ chuyển giao cho "
            + ", ".join(unit.name for unit in receiving)
            + ".",
        )
        events += 1
    for source, new_key in RENAME_2025_03:
        spec = _agency_spec(new_key, units, units.root)
        agencies[new_key] = orgunit_rename(
            actor=None,
            unit=agencies.pop(source),
            name=spec.name,
            short_name=spec.short_name,
            effective_date=DEPARTMENTS_DAY,
            legal_basis=DEPARTMENTS_BASIS,
            note=f"Tổ chức lại thành {spec.name}, tiếp nhận thêm nhiệm vụ quản lý nhà nước về "
            "tín ngưỡng, tôn giáo.",
        )
        events += 1
    return events


def _commune_note(new: NewCommune, whole: Sequence[OrgUnit], partial: Sequence[OrgUnit]) -> str:
    parts = []
    if whole:
        parts.append("toàn bộ " + ", ".join(unit.name for unit in whole))
    if partial:
        parts.append("một phần " + ", ".join(unit.name for unit in partial))
    origin = f" Trên cơ sở {'; '.join(parts)}." if parts else ""
    return f"{new.name}, mã số {new.code} theo {CODES_BASIS}.{origin}"


def restructure_2025_07(provinces: Sequence[ProvinceUnits], target: MergedProvince) -> OrgUnit:
    """01/07/2025: the new province, its communes, the end of the districts, the merged bodies
    and finally the old provinces. Each unit changes exactly once on that day."""
    old_names = " và ".join(f"tỉnh {p.source.short_name}" for p in provinces)
    new_root = orgunit_create(
        actor=None,
        spec=UnitSpec(name=target.name, kind=UnitKind.TINH, parent=None, code=target.code),
        valid_from=MERGER_DAY,
        legal_basis=PROVINCE_BASIS,
        note=f"Tỉnh {target.short_name} mới, trên cơ sở toàn bộ diện tích tự nhiên, quy mô dân số "
        f"của {old_names}; mã số {target.code} theo {CODES_BASIS}.",
    )
    old_communes = {key: unit for p in provinces for key, unit in p.communes.items()}
    old_districts = {key: unit for p in provinces for key, unit in p.districts.items()}
    # Districts other new units were formed from, besides communes.
    district_functions_to: dict[str, list[OrgUnit]] = {}
    new_communes: dict[str, OrgUnit] = {}
    for new in target.communes:
        whole = [old_communes[key] for key in new.whole if key in old_communes]
        districts = [key.rstrip("_") for key in new.whole if key not in old_communes]
        unknown = [key for key in districts if key not in old_districts]
        if unknown:
            raise LookupError(f"{new.name}: unknown predecessors {unknown}")
        partial = [old_communes[key] for key in new.partial]
        spec = UnitSpec(name=new.name, kind=UnitKind.XA, parent=new_root, code=new.code)
        note = _commune_note(new, whole + [old_districts[k] for k in districts], partial)
        if len(whole) >= 2:
            unit = orgunit_merge(
                actor=None,
                units=whole,
                new_unit=spec,
                effective_date=MERGER_DAY,
                legal_basis=COMMUNES_BASIS,
                note=note,
            )
        elif not whole and not partial and len(districts) == 1:
            # A district without communes becomes the new unit itself (Huyện Lý Sơn → Đặc khu).
            unit = orgunit_move(
                actor=None,
                unit=old_districts.pop(districts[0]),
                new_parent=new_root,
                name=new.name,
                code=new.code,
                kind=UnitKind.XA,
                effective_date=MERGER_DAY,
                legal_basis=COMMUNES_BASIS,
                note=note,
            )
            districts = []
        elif len(whole) == 1:
            unit = orgunit_move(
                actor=None,
                unit=whole[0],
                new_parent=new_root,
                name=new.name,
                code=new.code,
                effective_date=MERGER_DAY,
                legal_basis=COMMUNES_BASIS,
                note=note,
            )
        else:
            unit = orgunit_create(
                actor=None, spec=spec, valid_from=MERGER_DAY, legal_basis=COMMUNES_BASIS, note=note
            )
        new_communes[new.key] = unit
        for key in districts:
            district_functions_to.setdefault(key, []).append(unit)
    for old_key, new_keys in target.divided.items():
        old = old_communes[old_key]
        receivers = [new_communes[key] for key in new_keys]
        orgunit_split(
            actor=None,
            unit=old,
            successors=receivers,
            effective_date=MERGER_DAY,
            legal_basis=COMMUNES_BASIS,
            note=f"{old.name} được chia cho " + ", ".join(unit.name for unit in receivers) + ".",
        )
    for key, district in old_districts.items():
        receivers = district_functions_to.get(key, [])
        orgunit_dissolve(
            actor=None,
            unit=district,
            effective_date=MERGER_DAY,
            functions_to=receivers,
            legal_basis=COMMUNES_BASIS if receivers else DISTRICTS_BASIS,
            note=(
                "Tổ chức lại thành " + ", ".join(unit.name for unit in receivers) + "."
                if receivers
                else "Kết thúc hoạt động của đơn vị hành chính cấp huyện; nhiệm vụ, quyền hạn "
                "chuyển cho chính quyền cấp xã và cấp tỉnh."
            ),
        )
    # Bodies that every old province had are merged into one body of the new province; the
    # others (and the internal departments of merged ones) follow automatically.
    for agency in (*AGENCIES, *NEW_AGENCIES_2025_03.values()):
        same = [p.agencies[agency.key] for p in provinces if agency.key in p.agencies]
        if len(same) < 2:
            continue
        name = agency.name_in(target.code, target.short_name)
        orgunit_merge(
            actor=None,
            units=same,
            new_unit=UnitSpec(
                name=name,
                kind=agency.kind,
                parent=new_root,
                short_name=agency.short_name_in(target.short_name),
            ),
            effective_date=MERGER_DAY,
            legal_basis=PROVINCE_BASIS,
            note=f"Hợp nhất {' và '.join(unit.name for unit in same)} thành {name} "
            "khi hợp nhất tỉnh.",
        )
    orgunit_merge(
        actor=None,
        units=[p.root for p in provinces],
        into=new_root,
        effective_date=MERGER_DAY,
        legal_basis=PROVINCE_BASIS,
        note=f"Hợp nhất {old_names} thành tỉnh {target.short_name}.",
    )
    return new_root
