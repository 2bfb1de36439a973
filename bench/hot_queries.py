#!/usr/bin/env python3
"""The plans of the hot queries on `thidua gen_scale` data (PostgreSQL; a script, not a test).

For each read below, the queries the selector really runs are captured and run again under
``EXPLAIN (ANALYZE, BUFFERS)``; the script prints each query's first line, its execution time
and the nodes of its plan (``--full`` for the whole plan). docs/performance.md summarises them.

* dashboard: ``targets.selectors.dashboard`` for one province's campaign of ``--year``
  (default 2025) as of 31/12;
* person history: ``commendation.selectors.person_history`` of the person with the most awards
  (the registry page of a person);
* nomination list: the first page of ``commendation.workflow_selectors.nomination_list_for``
  for the office of the province with the most nominations and for a proposer of one of its
  communes, with the status counts (the round page);
* audit list: the first page of ``core.selectors.audit_event_list_for`` with its count, for an
  administrator and for the emulation officer of a commune (the audit page).

The accounts it needs are created in a transaction that is rolled back: the data is left as it
was. Run: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_bench_scale
.venv/bin/python bench/hot_queries.py [--year 2025] [--full]``
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NODE = re.compile(r"^\s*(->\s+)?[A-Z][A-Za-z ]+(?: using \S+)?(?: on \S+)?")


def explain(title: str, action: Callable[[], Any], full: bool) -> None:
    """Run `action`, then each query it ran under EXPLAIN ANALYZE."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        action()
    print(f"\n=== {title}: {len(captured.captured_queries)} truy vấn")
    for number, query in enumerate(captured.captured_queries, start=1):
        sql = query["sql"]
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            plan = [row[0] for row in cursor.fetchall()]
        took = next((line for line in plan if line.startswith("Execution Time")), "")
        first = " ".join(sql.split())[:150]
        print(f"--- [{number}] {took}\n    {first}…")
        for line in plan:
            if full or (NODE.match(line) and "actual" in line):
                print(f"    {line}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--year", type=int, default=2025, help="năm của phong trào (2025)")
    parser.add_argument("--full", action="store_true", help="in toàn bộ kế hoạch thực thi")
    arguments = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    os.environ.setdefault("THIDUA_DEBUG", "0")
    import django

    django.setup()
    from django.db import connection, transaction
    from django.db.models import Count

    from thidua.accounts.enums import Role
    from thidua.accounts.models import Membership, User
    from thidua.commendation.models import AwardRecord, Nomination, Person, Round
    from thidua.commendation.selectors import person_history
    from thidua.commendation.workflow_selectors import nomination_list_for, status_counts
    from thidua.core.selectors import audit_event_list_for
    from thidua.org.enums import UnitKind
    from thidua.targets.models import Campaign
    from thidua.targets.selectors import dashboard

    if connection.vendor != "postgresql":
        raise SystemExit("Chỉ chạy trên PostgreSQL (đặt DATABASE_URL).")
    campaign = Campaign.objects.filter(year=arguments.year).order_by("province__name", "id").first()
    if campaign is None:
        raise SystemExit("Chưa có dữ liệu: chạy thidua gen_scale trước.")
    as_of = datetime.date(campaign.year, 12, 31)
    explain(
        f"Bảng điều hành {campaign.province.name} {campaign.year}",
        lambda: dashboard(campaign=campaign, as_of=as_of),
        arguments.full,
    )

    busiest = (
        AwardRecord.objects.filter(person__isnull=False)
        .values("person_id")
        .annotate(count=Count("id"))
        .order_by("-count", "person_id")
        .first()
    )
    assert busiest is not None  # noqa: S101 - gen_scale writes awards
    person = Person.objects.get(pk=busiest["person_id"])
    explain(
        f"Lịch sử của một cá nhân ({busiest['count']} khen thưởng)",
        lambda: person_history(person),
        arguments.full,
    )

    round_ = Round.objects.annotate(count=Count("nominations")).order_by("-count", "id").first()
    assert round_ is not None  # noqa: S101 - gen_scale opens a round per province
    with transaction.atomic():
        office = User.objects.create_user(username="bench_office", full_name="Văn phòng")
        Membership.objects.create(user=office, unit=round_.issuer, role=Role.CHUYEN_VIEN_TDKT)
        busy_unit = (
            Nomination.objects.filter(round=round_, unit__kind=UnitKind.XA)
            .values("unit_id")
            .annotate(count=Count("id"))
            .order_by("-count")
            .first()
        )
        proposer = User.objects.create_user(username="bench_proposer", full_name="Xã")
        if busy_unit is not None:
            Membership.objects.create(
                user=proposer, unit_id=busy_unit["unit_id"], role=Role.NHAP_LIEU
            )
        for user, who in ((office, "văn phòng tỉnh"), (proposer, "người đề nghị của một xã")):

            def page(user: Any = user) -> None:
                listed = nomination_list_for(user=user, round_=round_)
                list(listed[:201])
                status_counts(listed)

            explain(
                f"Danh sách đề nghị ({round_.count} đề nghị trong đợt), {who}",
                page,
                arguments.full,
            )

        admin = User.objects.create_user(
            username="bench_admin", full_name="Quản trị", is_superuser=True
        )
        commune = busy_unit["unit_id"] if busy_unit else round_.issuer_id
        officer = User.objects.create_user(username="bench_officer", full_name="Cán bộ")
        Membership.objects.create(user=officer, unit_id=commune, role=Role.CHUYEN_VIEN_TDKT)
        for user, who in ((admin, "quản trị"), (officer, "chuyên viên TĐKT của một xã")):

            def audit(user: Any = user) -> None:
                events = audit_event_list_for(user=user)
                events.count()
                list(events[:50])

            explain(f"Nhật ký thao tác, {who}", audit, arguments.full)
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
