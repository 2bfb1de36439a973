"""Match names written in a directive to org units, ignoring diacritics, case and word order."""

from collections.abc import Sequence

from rapidfuzz import fuzz, process

from thidua.core.text import search_key
from thidua.org.models import OrgUnit

MIN_SCORE = 80

# Which department usually leads a target, by words of its indicator. A suggestion only: the
# reviewer picks the lead unit of every measure before confirming.
LEAD_HINTS: list[tuple[tuple[str, ...], str]] = [
    (("ngan sach", "thu ngan"), "so tai chinh"),
    (("grdp", "doanh nghiep", "pci", "dau tu"), "so ke hoach va dau tu"),
    (("xuat khau", "cong thuong"), "so cong thuong"),
    (("lao dong", "ho ngheo", "dao tao nghe"), "so lao dong"),
    (("giuong benh", "bac si", "y te"), "so y te"),
    (("bao hiem",), "bao hiem xa hoi"),
    (("moi truong", "nuoc thai", "khu cong nghiep"), "so tai nguyen va moi truong"),
    (("papi",), "van phong uy ban nhan dan"),
    (("par index", "sipas", "cai cach hanh chinh"), "so noi vu"),
    (("nong thon moi", "ocop", "san pham"), "so nong nghiep"),
    (("du lich", "luot khach"), "so van hoa, the thao va du lich"),
]


def best_unit(name: str, units: Sequence[OrgUnit]) -> OrgUnit | None:
    """The unit whose name matches `name` best, if the match is good enough."""
    if not name.strip() or not units:
        return None
    keys = [search_key(unit.name) for unit in units]
    found = process.extractOne(search_key(name), keys, scorer=fuzz.token_set_ratio)
    if found is None or found[1] < MIN_SCORE:
        return None
    return units[found[2]]


def suggested_lead(indicator: str, units: Sequence[OrgUnit]) -> OrgUnit | None:
    key = search_key(indicator)
    for words, department in LEAD_HINTS:
        if any(word in key for word in words):
            matches = [unit for unit in units if search_key(unit.name).startswith(department)]
            if matches:
                return matches[0]
    return None
