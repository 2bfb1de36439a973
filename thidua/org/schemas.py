"""API shapes for org units and their lineage."""

import datetime

from ninja import Schema

from thidua.org.models import OrgUnit


class OrgUnitRef(Schema):
    id: int
    name: str
    short_name: str
    code: str
    kind: str
    valid_from: datetime.date
    valid_to: datetime.date | None


class OrgUnitOut(OrgUnitRef):
    kind_label: str
    parent_id: int | None
    path: str
    depth: int
    predecessor_ids: list[int]
    successor_ids: list[int]

    @staticmethod
    def resolve_kind_label(unit: OrgUnit) -> str:
        return str(unit.get_kind_display())

    # Both read prefetched links: list pages prefetch them, so no query per row.
    @staticmethod
    def resolve_predecessor_ids(unit: OrgUnit) -> list[int]:
        return sorted(
            link.predecessor_id for link in unit.predecessor_links.all() if link.predecessor_id
        )

    @staticmethod
    def resolve_successor_ids(unit: OrgUnit) -> list[int]:
        return sorted(link.successor_id for link in unit.successor_links.all() if link.successor_id)


class LineageEventOut(Schema):
    id: int
    kind: str
    kind_label: str
    effective_date: datetime.date
    legal_basis: str


class LineageStepOut(Schema):
    unit: OrgUnitRef
    event: LineageEventOut
    depth: int
    carried: bool


class OrgUnitDetailOut(OrgUnitOut):
    ancestors: list[OrgUnitRef]
    predecessors: list[LineageStepOut]
    successors: list[LineageStepOut]
