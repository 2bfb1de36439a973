"""Decision numbers: one register per issuer, symbol and year; never the same number twice,
even when many officers issue decisions at the same moment (checked on PostgreSQL)."""

import threading
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, connections, transaction

from conftest import Tree, make_user
from thidua.accounts.enums import Role
from thidua.commendation.models import DecisionRegister
from thidua.commendation.services import decision_number_take, decision_register_continue
from thidua.core.exceptions import ApplicationError
from thidua.core.models import AuditEvent


def take(tree: Tree, symbol: str = "QĐ-UBND", year: int = 2024, actor: Any = None) -> str:
    return decision_number_take(actor=actor, issuer=tree.province, year=year, symbol=symbol)


def test_numbers_follow_each_other_per_symbol_and_year(tree: Tree) -> None:
    taken = [
        take(tree),
        take(tree),
        take(tree, "qđ-ubnd"),
        take(tree, "QĐ-SNV"),
        take(tree, year=2025),
    ]

    assert taken == ["01/QĐ-UBND", "02/QĐ-UBND", "03/QĐ-UBND", "01/QĐ-SNV", "01/QĐ-UBND"]
    assert AuditEvent.objects.filter(action="decision_number.taken").count() == 5


@pytest.mark.parametrize("symbol", ["", "QĐ", "QĐ/UBND", "12-UBND", "QĐ-"])
def test_a_symbol_must_look_like_one(tree: Tree, symbol: str) -> None:
    with pytest.raises(ApplicationError, match="không phải ký hiệu văn bản"):
        take(tree, symbol)

    assert not DecisionRegister.objects.exists()


def test_only_the_office_covering_the_issuer_takes_numbers(tree: Tree) -> None:
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)
    elsewhere = make_user(Role.CHUYEN_VIEN_TDKT, tree.other)
    viewer = make_user(Role.NGUOI_XEM, tree.province)

    assert take(tree, actor=office) == "01/QĐ-UBND"
    for actor in (elsewhere, viewer):
        with pytest.raises(PermissionDenied):
            take(tree, actor=actor)
    assert DecisionRegister.objects.get().last_number == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_decisions_never_share_a_number(tree: Tree) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("Khóa hàng đồng thời được kiểm tra trên PostgreSQL (CI chạy cả hai CSDL).")
    workers, per_worker = 8, 5
    start = threading.Barrier(workers)
    taken: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def issue() -> None:
        try:
            start.wait()
            for _ in range(per_worker):
                with transaction.atomic():
                    number = take(tree)
                with lock:
                    taken.append(number)
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(taken) == [f"{n:02d}/QĐ-UBND" for n in range(1, workers * per_worker + 1)]


def test_a_register_continues_from_the_last_number_given_elsewhere(tree: Any) -> None:
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)
    decision_register_continue(
        actor=office, issuer=tree.province, year=2024, symbol="qđ-ubnd", last_number=2950
    )

    assert decision_number_take(
        actor=office, issuer=tree.province, year=2024, symbol="QĐ-UBND"
    ) == ("2951/QĐ-UBND")
    with pytest.raises(ApplicationError, match="đã cấp đến số 2951; không lùi lại được"):
        decision_register_continue(
            actor=office, issuer=tree.province, year=2024, symbol="QĐ-UBND", last_number=100
        )
    with pytest.raises(PermissionDenied):
        decision_register_continue(
            actor=make_user(Role.CHUYEN_VIEN_TDKT, tree.other),
            issuer=tree.province,
            year=2024,
            symbol="QĐ-UBND",
            last_number=3000,
        )
