"""The audit check (tests/audit_check.py) on small functions shaped like services: it must see a
write without an audit record, two audit records, a write that survives an error and a write
outside a transaction, and must stay quiet for a well-behaved service and for rolled-back work."""

import datetime
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests import audit_check
from thidua.core.models import AuditEvent, Holiday
from thidua.core.services import audit_record

DAY = datetime.date(2024, 9, 2)


@pytest.fixture
def watch(db: Any) -> Iterator[Callable[..., Callable[..., Any]]]:
    audit_check._patch_transactions()
    audit_check.take_violations()

    def wrap(func: Callable[..., Any], read_only: bool = False) -> Callable[..., Any]:
        return audit_check._wrap(func, f"example.{func.__name__}", read_only=read_only)

    yield wrap
    audit_check.take_violations()  # what a test provoked on purpose does not fail it


@transaction.atomic
def holiday_create() -> Holiday:
    holiday = Holiday.objects.create(day=DAY, name="Quốc khánh")
    audit_record(actor=None, action="holiday.created", target=holiday)
    return holiday


def test_a_service_with_one_audit_record_passes(watch: Any) -> None:
    watch(holiday_create)()

    assert audit_check.take_violations() == []
    assert AuditEvent.objects.count() == 1


def test_a_write_without_an_audit_record_is_reported(watch: Any) -> None:
    @transaction.atomic
    def holiday_create_silently() -> None:
        Holiday.objects.create(day=DAY, name="Quốc khánh")

    watch(holiday_create_silently)()

    assert audit_check.take_violations() == [
        "example.holiday_create_silently wrote core_holiday ×1 with 0 audit records, not 1"
    ]


def test_nested_services_count_toward_the_outermost_call(watch: Any) -> None:
    inner = watch(holiday_create)

    @transaction.atomic
    def holidays_import() -> None:
        inner()
        audit_record(actor=None, action="holidays.imported", object_type="core.holiday")

    watch(holidays_import)()

    assert audit_check.take_violations() == [
        "example.holidays_import wrote core_holiday ×1 with 2 audit records, not 1"
    ]


def test_a_bulk_insert_of_audit_records_counts_every_row(watch: Any) -> None:
    @transaction.atomic
    def holidays_create() -> None:
        Holiday.objects.create(day=DAY, name="Quốc khánh")
        AuditEvent.objects.bulk_create(
            [AuditEvent(action="holiday.created", object_type="core.holiday") for _ in range(3)]
        )

    watch(holidays_create)()

    assert audit_check.take_violations() == [
        "example.holidays_create wrote core_holiday ×1 with 3 audit records, not 1"
    ]


def test_an_atomic_service_that_raises_leaves_nothing_and_passes(watch: Any) -> None:
    @transaction.atomic
    def holiday_create_then_refuse() -> None:
        holiday_create()
        raise ValueError("refused")

    with pytest.raises(ValueError, match="refused"):
        watch(holiday_create_then_refuse)()

    assert audit_check.take_violations() == []
    assert not Holiday.objects.exists()


def test_a_write_that_survives_an_error_is_reported(watch: Any) -> None:
    def holiday_create_then_fail() -> None:
        holiday_create()
        raise ValueError("failed")

    with pytest.raises(ValueError, match="failed"):
        watch(holiday_create_then_fail)()

    assert audit_check.take_violations() == [
        "example.holiday_create_then_fail raised ValueError but its writes survive: "
        "core_holiday ×1, 1 audit record(s)"
    ]


def test_a_write_outside_the_services_transaction_is_reported(watch: Any) -> None:
    def holiday_rename() -> None:
        Holiday.objects.filter(day=DAY).update(name="Lễ Quốc khánh")
        with transaction.atomic():
            audit_record(actor=None, action="holiday.renamed", object_type="core.holiday")

    Holiday.objects.create(day=DAY, name="Quốc khánh")
    watch(holiday_rename)()

    assert audit_check.take_violations() == [
        "example.holiday_rename wrote outside an atomic block of its own (not atomic): core_holiday"
    ]


def test_work_rolled_back_inside_a_service_does_not_count(watch: Any) -> None:
    @transaction.atomic
    def holiday_create_or_keep() -> None:
        try:
            with transaction.atomic():
                Holiday.objects.create(day=DAY, name="Quốc khánh")
                raise ValueError("duplicate")
        except ValueError:
            pass
        audit_record(actor=None, action="holiday.renamed", object_type="core.holiday")

    watch(holiday_create_or_keep)()

    assert audit_check.take_violations() == []


def test_an_update_that_matches_nothing_is_not_a_write(watch: Any) -> None:
    @transaction.atomic
    def holidays_rename() -> int:
        count = Holiday.objects.filter(day=DAY).update(name="Lễ Quốc khánh")
        if count:
            audit_record(actor=None, action="holiday.renamed", object_type="core.holiday")
        return count

    assert watch(holidays_rename)() == 0
    assert audit_check.take_violations() == []
    holiday_create()
    watch(holidays_rename)()
    watch(holidays_rename)()  # renamed twice: each call writes and audits once
    assert audit_check.take_violations() == []


def test_a_read_only_function_that_writes_is_reported(watch: Any) -> None:
    def holiday_names() -> list[str]:
        Holiday.objects.create(day=DAY, name="Quốc khánh")
        return list(Holiday.objects.values_list("name", flat=True))

    watch(holiday_names, read_only=True)()

    assert audit_check.take_violations() == [
        "example.holiday_names wrote outside an atomic block of its own (not atomic): "
        "core_holiday; is listed as read-only but wrote core_holiday ×1, 0 audit"
    ]


def test_watching_adds_no_query(watch: Any) -> None:
    with CaptureQueriesContext(connection) as plain:
        holiday_create()
    Holiday.objects.all().delete()
    with CaptureQueriesContext(connection) as watched:
        watch(holiday_create)()

    assert len(watched.captured_queries) == len(plain.captured_queries)


def test_every_service_is_wrapped_wherever_it_was_imported() -> None:
    from thidua.commendation import services as commendation_services
    from thidua.commendation.services import workflow
    from thidua.ingest import services as ingest_services

    if not hasattr(workflow.nomination_submit, "__wrapped__"):
        pytest.skip("the audit check is not registered in this run")

    assert commendation_services.nomination_submit is workflow.nomination_submit
    assert ingest_services.movement_create.__wrapped__.__module__ == (
        "thidua.emulation.services.movements"
    )
    assert not hasattr(ingest_services.job_progress, "__wrapped__")  # not a service boundary
