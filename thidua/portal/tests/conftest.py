"""A small province with something of every public kind: a campaign with an approved and an
unsent report, a published decision (and a draft revocation), a nomination listed for comments,
a movement, a block whose standings are published. The demo (Kon Tum 2024) for the privacy test
is the demo app's module fixture."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache

from conftest import Tree, make_user
from thidua.accounts.enums import Role
from thidua.accounts.models import User
from thidua.commendation.catalogue import BANG_KHEN_TINH
from thidua.commendation.models import Nomination, PublicComment
from thidua.commendation.services import (
    decision_attach_scan,
    decision_draft,
    decision_publish,
    decision_sign,
    nomination_accept,
    public_comment_post,
    session_close,
    session_create,
    votes_record,
)
from thidua.commendation.tests.test_workflow_pages import World
from thidua.commendation.tests.test_workflow_services import (
    PDF,
    new_nomination,
    new_person,
    new_round,
)
from thidua.core.text import local_today
from thidua.demo.tests.conftest import demo  # noqa: F401 - the Kon Tum 2024 demo, per module
from thidua.emulation.models import ClusterYear, Movement
from thidua.emulation.services.clusters import assessment_review, edition_publish
from thidua.emulation.services.movements import movement_create
from thidua.emulation.tests.test_cluster_flow import Block
from thidua.targets.models import Report
from thidua.targets.services import report_approve
from thidua.targets.tests.conftest import CampaignSetup, submitted
from thidua.targets.tests.conftest import setup as campaign_setup  # noqa: F401


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    """Rate-limit counters live in the cache: every test starts and ends with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def media_root(settings: Any, tmp_path: Any) -> None:
    """Files written by a test go to its own folder (the demo keeps its own)."""
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class Portal:
    tree: Tree
    campaign: CampaignSetup
    approved: Report
    world: World
    listed: Nomination
    approved_comment: PublicComment
    pending_comment: PublicComment
    movement: Movement
    block: Block
    office: User

    @property
    def edition(self) -> ClusterYear:
        return ClusterYear.objects.get(pk=self.block.edition.pk)


def publish_awards(tree: Tree, names: list[str], *, signed_on: datetime.date | None = None):
    """Another round of the year whose nominations the seated council passes, and their
    published Bằng khen decision (the council of `World` must be seated)."""
    today = local_today()
    round_ = new_round(
        tree.province,
        name=f"Đợt thêm {names[0]}",
        kind="chuyen_de",
        year=today.year,
        deadline=today + datetime.timedelta(days=30),
    )
    nominations = [
        new_nomination(round_, new_person(tree.unit, name), BANG_KHEN_TINH, status="accepted")
        for name in names
    ]
    session = session_create(actor=None, round_=round_, held_on=today, ballot_mode="an_danh")
    for nomination in nominations:
        votes_record(actor=None, session=session, nomination=nomination, tally={"agree": 15})
    session_close(actor=None, session=session)
    decision = decision_draft(actor=None, round_=round_, award=BANG_KHEN_TINH)
    decision = decision_sign(
        actor=None,
        decision=decision,
        signed_on=signed_on or today,
        signer_name="Nguyễn Văn Ký",
        signer_title="Phó Chủ tịch",
    )
    decision_attach_scan(actor=None, decision=decision, name="qd.pdf", content=PDF)
    return decision_publish(actor=None, decision=decision)


def publish_block(block: Block) -> ClusterYear:
    for key, done in (("A", 50), ("B", 45), ("C", 30)):
        block.self_score(key, plan=8, done=done)
        block.cross(key)
        assessment_review(actor=block.office, assessment=block.sheet(key))
    return edition_publish(actor=block.office, edition=block.edition)


@pytest.fixture
def portal(tree: Tree, campaign_setup: CampaignSetup, media_root: None) -> Portal:  # noqa: F811
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)
    approved = report_approve(
        actor=None, report=submitted(campaign_setup, tree, period_key="2024-01", value=640)
    )
    world = World(tree)
    listing = new_round(
        tree.province,
        name="Đợt lấy ý kiến nhân dân",
        year=local_today().year,
        deadline=local_today() + datetime.timedelta(days=30),
        comment_working_days=5,
    )
    listed = nomination_accept(
        actor=None,
        nomination=new_nomination(
            listing, new_person(tree.unit, "Vũ Thị Công Khai"), BANG_KHEN_TINH, status="submitted"
        ),
    )
    approved_comment = public_comment_post(
        nomination=listed, text="Chị Khai luôn tận tụy với người dân.", author_name="Người Duyệt"
    )
    approved_comment.status = "approved"
    approved_comment.save(update_fields=["status"])
    pending_comment = public_comment_post(
        nomination=listed, text="Ý kiến còn chờ kiểm duyệt.", contact="0905 111 222"
    )
    movement = movement_create(
        actor=None,
        name="Phong trào thi đua chuyển đổi số",
        kind="thematic",
        launched_by=tree.province,
        starts_on=datetime.date(2024, 3, 1),
        ends_on=datetime.date(2024, 12, 31),
        document_number="15/KH-UBND",
        document_date=datetime.date(2024, 2, 20),
    )
    block = Block(tree)
    publish_block(block)
    return Portal(
        tree=tree,
        campaign=campaign_setup,
        approved=approved,
        world=world,
        listed=listed,
        approved_comment=approved_comment,
        pending_comment=pending_comment,
        movement=movement,
        block=block,
        office=office,
    )
