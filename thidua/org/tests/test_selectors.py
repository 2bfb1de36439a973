"""Selectors: as-of lists, one-query subtrees, transitive lineage, diacritic-free search."""

import datetime

from conftest import Tree, make_unit
from thidua.org.selectors import (
    orgunit_lineage,
    orgunit_list_as_of,
    orgunit_predecessor_ids,
    orgunit_subtree_as_of,
    orgunit_successor_ids,
)
from thidua.org.services import UnitSpec, orgunit_merge, orgunit_rename

D1 = datetime.date(2025, 3, 1)
D2 = datetime.date(2025, 7, 1)


def test_subtree_as_of_is_one_query(tree: Tree, django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        names = [unit.name for unit in orgunit_subtree_as_of(unit=tree.province, day=D2)]

    assert names == [
        "Tỉnh Thử Nghiệm",
        "Sở Nội vụ tỉnh Thử Nghiệm",
        "Phòng Thi đua - Khen thưởng",
        "Sở Y tế tỉnh Thử Nghiệm",
    ]


def test_search_ignores_diacritics_and_case(tree: Tree) -> None:
    found = [unit.name for unit in orgunit_list_as_of(day=D2, query="so NOI vu")]
    also = [unit.name for unit in orgunit_list_as_of(day=D2, query="Sở nội vụ thử")]

    assert found == also == ["Sở Nội vụ tỉnh Thử Nghiệm"]


def test_list_as_of_before_start_is_empty(tree: Tree) -> None:
    assert list(orgunit_list_as_of(day=datetime.date(2023, 12, 31))) == []


def test_transitive_lineage_both_ways_in_one_query_each(
    tree: Tree, django_assert_num_queries
) -> None:
    merged = orgunit_merge(
        actor=None,
        units=[tree.unit, tree.other],
        effective_date=D1,
        new_unit=UnitSpec(name="Sở Hợp nhất", kind="so_ban_nganh", parent=tree.province),
    )
    final = orgunit_rename(actor=None, unit=merged, name="Sở Cuối", effective_date=D2)

    with django_assert_num_queries(1):
        predecessors = orgunit_predecessor_ids([final.pk])
    with django_assert_num_queries(1):
        successors = orgunit_successor_ids([tree.unit.pk, tree.other.pk])

    assert sorted(predecessors[final.pk]) == sorted([merged.pk, tree.unit.pk, tree.other.pk])
    assert successors == {
        tree.unit.pk: sorted([merged.pk, final.pk]),
        tree.other.pk: sorted([merged.pk, final.pk]),
    }
    steps = orgunit_lineage(final, backwards=True)
    assert [(step.unit.name, step.depth, step.event.kind) for step in steps] == [
        ("Sở Hợp nhất", 1, "rename"),
        ("Sở Nội vụ tỉnh Thử Nghiệm", 2, "merge"),
        ("Sở Y tế tỉnh Thử Nghiệm", 2, "merge"),
    ]


def test_orgunit_list_filters_by_kind_and_parent(tree: Tree) -> None:
    make_unit("Xã Thử", kind="xa", parent=tree.province)

    assert [u.name for u in orgunit_list_as_of(day=D2, kind="xa")] == ["Xã Thử"]
    assert [u.name for u in orgunit_list_as_of(day=D2, parent_id=tree.unit.pk)] == [
        "Phòng Thi đua - Khen thưởng"
    ]
