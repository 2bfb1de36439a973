"""`load_demo`: Kon Tum as of 2024 and the real restructuring of 2025, for trying the platform,
with a 2024 commendation round carried through to its decision and an open round of today.

Everything is written through the services (audited, lineage recorded) in one transaction. The
demo administrator account marks a database that already holds the demo: a second run changes
nothing and prints the logins again.
"""

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import transaction
from django.db.models import Max

from thidua.accounts.models import User
from thidua.core.exceptions import ApplicationError
from thidua.demo.clusters_2024 import load_clusters_2024
from thidua.demo.commendation_2024 import CommendationDemo, load_commendation_2024
from thidua.demo.exemplars_2024 import load_exemplars_2024
from thidua.demo.movements_2024 import load_movements_2024
from thidua.demo.org_units import (
    DEMO_PROVINCE_CODE,
    ProvinceUnits,
    build_baseline,
    consolidate_departments,
    merged_province,
    restructure_2025_07,
)
from thidua.demo.reminders_2024 import load_reminders_2024
from thidua.demo.reports_2024 import load_reports_2024
from thidua.demo.targets_2024 import load_campaign_2024
from thidua.demo.targets_2025 import load_campaign_2025
from thidua.demo.users import (
    ADMIN_USERNAME,
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    DEMO_URL,
    DemoLogin,
    create_demo_accounts,
    demo_admin_exists,
    demo_logins,
)
from thidua.org.enums import LineageKind
from thidua.org.models import LineageEvent, OrgUnit


class Writer(Protocol):
    """Where the report goes: a management command's stdout, a StringIO, sys.stdout."""

    def write(self, text: str, /) -> Any: ...


ALREADY_LOADED = "Dữ liệu minh họa đã có sẵn (có tài khoản “{admin}”); không nạp lại."


@dataclass(frozen=True)
class DemoSummary:
    created: bool
    units: int  # OrgUnit rows (versions) written by this run
    events: int  # LineageEvent rows written by this run
    events_by_day: dict[str, Counter[str]]
    logins: tuple[DemoLogin, ...]
    seconds: float
    commendation: CommendationDemo | None = None


def _resolver(kon_tum: ProvinceUnits) -> Callable[[str], OrgUnit]:
    def resolve(reference: str) -> OrgUnit:
        kind, _, value = reference.partition(":")
        if kind == "province":
            return kon_tum.root
        if kind == "agency":
            return kon_tum.agencies[value]
        if kind == "commune":
            district, _, commune = value.partition("/")
            return kon_tum.commune_named(district, commune)
        raise LookupError(f"unknown demo unit reference {reference!r}")

    return resolve


def _ensure_loadable() -> None:
    """Refuse to mix the demo into a database that already has these provinces or accounts."""
    target = merged_province()
    codes = [province.code for province in target.old_provinces] + [target.code]
    clash = OrgUnit.objects.filter(parent__isnull=True, code__in=codes).first()
    if clash is not None:
        raise ApplicationError(
            f"Cơ sở dữ liệu đã có “{clash.name}” nhưng không có dữ liệu minh họa; "
            "không nạp dữ liệu minh họa để tránh trùng lặp."
        )
    taken = User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]).first()
    if taken is not None:
        raise ApplicationError(
            f"Tên đăng nhập “{taken.username}” đã có trong cơ sở dữ liệu nhưng không có tài "
            f"khoản minh họa “{ADMIN_USERNAME}”; không nạp dữ liệu minh họa."
        )


def _load() -> CommendationDemo:
    target = merged_province()
    provinces = [
        build_baseline(source, complete=source.code == DEMO_PROVINCE_CODE)
        for source in target.old_provinces
    ]
    kon_tum = next(p for p in provinces if p.source.code == DEMO_PROVINCE_CODE)
    create_demo_accounts(_resolver(kon_tum))
    for province in provinces:
        consolidate_departments(province)
    restructure_2025_07(provinces, target)
    load_campaign_2024()
    load_campaign_2025()
    commendation = load_commendation_2024()
    load_movements_2024()
    load_clusters_2024()
    load_exemplars_2024()
    load_reports_2024()
    load_reminders_2024()
    return commendation


def _print_logins(stdout: Writer, logins: list[DemoLogin]) -> None:
    header = ("Tên đăng nhập", "Vai trò", "Đơn vị (hiện nay)", "Mật khẩu")
    rows = [(login.username, login.role, login.unit, login.password) for login in logins]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    stdout.write("\nTài khoản minh họa (đăng nhập tại " + DEMO_URL + "):\n")
    for row in [header, tuple("-" * width for width in widths), *rows]:
        line = "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row))
        stdout.write(f"  {line.rstrip()}\n")
    stdout.write(f"\nMật khẩu chung: {DEMO_PASSWORD}  —  Địa chỉ: {DEMO_URL}\n")


def _print_summary(stdout: Writer, summary: DemoSummary) -> None:
    labels = dict(LineageKind.choices)
    stdout.write(
        f"Đã nạp dữ liệu minh họa tỉnh Kon Tum (2024) và sắp xếp năm 2025 trong "
        f"{summary.seconds:.1f} giây: {summary.units} phiên bản đơn vị, "
        f"{summary.events} sự kiện thay đổi.\n"
    )
    for day, counts in summary.events_by_day.items():
        parts = ", ".join(f"{count} {str(labels[kind]).lower()}" for kind, count in counts.items())
        stdout.write(f"  {day}: {parts}\n")
    if summary.commendation is not None:
        stdout.write(summary.commendation.describe())


def load_demo(*, stdout: Writer) -> DemoSummary:
    """Load the demo once; on a database that already has it, only print the logins."""
    started = time.perf_counter()
    if demo_admin_exists():
        logins = demo_logins()
        stdout.write(ALREADY_LOADED.format(admin=ADMIN_USERNAME) + "\n")
        _print_logins(stdout, logins)
        return DemoSummary(
            created=False,
            units=0,
            events=0,
            events_by_day={},
            logins=tuple(logins),
            seconds=time.perf_counter() - started,
        )
    with transaction.atomic():
        _ensure_loadable()
        units_before = OrgUnit.objects.count()
        last_event = LineageEvent.objects.aggregate(last=Max("id"))["last"] or 0
        commendation = _load()
        events = LineageEvent.objects.filter(id__gt=last_event).order_by("effective_date", "id")
        by_day: dict[str, Counter[str]] = {}
        for day, kind in events.values_list("effective_date", "kind"):
            by_day.setdefault(day.strftime("%d/%m/%Y"), Counter())[kind] += 1
        summary = DemoSummary(
            created=True,
            units=OrgUnit.objects.count() - units_before,
            events=sum(sum(counts.values()) for counts in by_day.values()),
            events_by_day=by_day,
            logins=tuple(demo_logins()),
            seconds=time.perf_counter() - started,
            commendation=commendation,
        )
    _print_summary(stdout, summary)
    _print_logins(stdout, list(summary.logins))
    return summary
