"""Workflow services: rounds, nominations and their dossiers, appraisal within working days,
public comments. Every write is authorised, validated with a Vietnamese message, audited, and a
refused call changes nothing; drafts stay inside the proposing unit.

The helpers at the top (a round, a person, a nomination brought to a given status through the
services) are shared with the council and decision tests."""

import datetime
import os
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied

from conftest import PERMISSION_CASES, Tree, make_user
from thidua.accounts.enums import Role
from thidua.commendation.catalogue import (
    CSTD_CO_SO,
    CSTD_TINH,
    GIAY_KHEN,
    LDTT,
    TTLDTT,
)
from thidua.commendation.models import (
    CommentStatus,
    DossierFile,
    DossierKind,
    Nomination,
    NominationStatus,
    Person,
    PublicComment,
    Round,
    RoundStatus,
)
from thidua.commendation.services import (
    dossier_file_add,
    dossier_file_remove,
    nomination_accept,
    nomination_create,
    nomination_return,
    nomination_submit,
    nomination_update,
    nomination_withdraw,
    person_create,
    public_comment_moderate,
    public_comment_post,
    rating_set,
    round_close,
    round_create,
)
from thidua.commendation.services.workflow import COMMENT_RATE_LIMIT, MAX_COMMENT_LENGTH
from thidua.commendation.workflow_selectors import nomination_list_for
from thidua.core.exceptions import ApplicationError, ConflictError
from thidua.core.models import AuditEvent, Holiday
from thidua.core.ratelimit import RateLimitedError
from thidua.core.text import TIME_ZONE, local_today

D = datetime.date
YEAR = 2025
DEADLINE = D(2025, 12, 10)
SUBMITTED_ON = D(2025, 11, 3)  # a Monday
ACCEPTED_ON = D(2025, 11, 10)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
BASIC_DOSSIER = (DossierKind.TO_TRINH, DossierKind.BAO_CAO, DossierKind.BIEN_BAN)


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


# --- Helpers shared with the council and decision tests ------------------------------------


def new_round(
    issuer: Any,
    *,
    name: str = "Khen thưởng tổng kết năm 2025",
    kind: str = "hang_nam",
    year: int = YEAR,
    deadline: datetime.date = DEADLINE,
    appraisal_working_days: int = 20,
    comment_working_days: int = 0,
    actor: Any = None,
) -> Round:
    return round_create(
        actor=actor,
        issuer=issuer,
        name=name,
        kind=kind,
        year=year,
        submission_deadline=deadline,
        appraisal_working_days=appraisal_working_days,
        comment_working_days=comment_working_days,
    )


def new_person(unit: Any, name: str = "Nguyễn Văn An", category: str = "truc_tiep") -> Person:
    return person_create(actor=None, full_name=name, gender="nam", unit=unit, category=category)


def add_dossier(nomination: Nomination, kinds: Any = None, actor: Any = None) -> None:
    if kinds is None:
        kinds = list(BASIC_DOSSIER)
        if nomination.award in {CSTD_CO_SO, CSTD_TINH, "CSTD_TOAN_QUOC"}:
            kinds.append(DossierKind.MINH_CHUNG)
    for kind in kinds:
        dossier_file_add(
            actor=actor, nomination=nomination, kind=kind, name=f"{kind}.pdf", content=PDF
        )


def new_nomination(
    round_: Round,
    subject: Any,
    award: str = LDTT,
    *,
    unit: Any = None,
    status: str = NominationStatus.DRAFT,
    dossier: bool = True,
    actor: Any = None,
) -> Nomination:
    """A nomination brought to `status` (draft, submitted or accepted) by the services."""
    if unit is None:
        unit = subject if hasattr(subject, "path") else subject.unit
    nomination = nomination_create(
        actor=actor,
        round_=round_,
        unit=unit,
        subject=subject,
        award=award,
        achievement="Hoàn thành xuất sắc nhiệm vụ được giao năm 2025.",
    )
    if dossier:
        add_dossier(nomination)
    if status in {NominationStatus.SUBMITTED, NominationStatus.ACCEPTED}:
        nomination = nomination_submit(actor=None, nomination=nomination, today=SUBMITTED_ON)
    if status == NominationStatus.ACCEPTED:
        nomination = nomination_accept(actor=None, nomination=nomination, today=ACCEPTED_ON)
    return nomination


def audit_actions(prefix: str = "") -> list[str]:
    return list(
        AuditEvent.objects.filter(action__startswith=prefix)
        .order_by("id")
        .values_list("action", flat=True)
    )


def after_of(event: AuditEvent) -> dict[str, Any]:
    assert event.after is not None
    return event.after


def before_of(event: AuditEvent) -> dict[str, Any]:
    assert event.before is not None
    return event.before


def actor_for(case: str) -> Callable[[Tree, str], Any]:
    return dict(PERMISSION_CASES)[case]


def reloaded(nomination: Nomination) -> Nomination:
    return Nomination.objects.get(pk=nomination.pk)


# --- Rounds --------------------------------------------------------------------------------


def test_round_create_stores_and_audits(tree: Tree) -> None:
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)

    round_ = new_round(
        tree.province, name="  Khen thưởng   năm 2025 ", comment_working_days=5, actor=office
    )

    assert (
        round_.name,
        round_.kind,
        round_.award_type,
        round_.year,
        round_.issuer,
        round_.submission_deadline,
        round_.appraisal_working_days,
        round_.comment_working_days,
        round_.status,
        round_.created_by,
    ) == (
        "Khen thưởng năm 2025",
        "hang_nam",
        "phong_trao",
        2025,
        tree.province,
        DEADLINE,
        20,
        5,
        RoundStatus.OPEN,
        office,
    )
    event = AuditEvent.objects.get(action="round.created")
    assert (event.actor, event.unit, event.object_id) == (office, tree.province, str(round_.pk))
    assert after_of(event)["submission_deadline"] == "2025-12-10"


@pytest.mark.parametrize(
    ("kind", "award_type"),
    [
        ("hang_nam", "phong_trao"),
        ("chuyen_de", "chuyen_de"),
        ("dot_xuat", "dot_xuat"),
        ("cum_khoi", "phong_trao"),
    ],
)
def test_round_kind_implies_the_award_type(tree: Tree, kind: str, award_type: str) -> None:
    assert new_round(tree.province, kind=kind).award_type == award_type


def test_round_award_type_may_be_given(tree: Tree) -> None:
    round_ = round_create(
        actor=None,
        issuer=tree.province,
        name="Khen thưởng cống hiến",
        kind="hang_nam",
        year=YEAR,
        submission_deadline=DEADLINE,
        award_type="cong_hien",
    )

    assert round_.award_type == "cong_hien"


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"name": "   "}, "Tên đợt", "không được để trống"),
        ({"kind": "hang_thang"}, "Loại đợt", "giá trị “hang_thang” không hợp lệ"),
        ({"award_type": "thuong_xuyen"}, "Loại hình", "giá trị “thuong_xuyen” không hợp lệ"),
        ({"year": 1900}, "Năm thành tích", "năm 1900 nằm ngoài khoảng 1945–"),
        (
            {"submission_deadline": D(2024, 12, 31)},
            "Hạn nộp hồ sơ",
            "hạn nộp 31/12/2024 trước năm thành tích 2025",
        ),
        (
            {"appraisal_working_days": 121},
            "Thời hạn thẩm định (ngày làm việc)",
            "số ngày làm việc phải từ 0 đến 120",
        ),
        (
            {"appraisal_working_days": -1},
            "Thời hạn thẩm định (ngày làm việc)",
            "số ngày làm việc phải từ 0 đến 120",
        ),
        (
            {"comment_working_days": 200},
            "Thời gian lấy ý kiến (ngày làm việc)",
            "số ngày làm việc phải từ 0 đến 120",
        ),
    ],
)
def test_round_create_names_the_bad_field(
    tree: Tree, changes: dict[str, Any], field: str, fragment: str
) -> None:
    values: dict[str, Any] = {
        "issuer": tree.province,
        "name": "Khen thưởng năm 2025",
        "kind": "hang_nam",
        "year": YEAR,
        "submission_deadline": DEADLINE,
        **changes,
    }

    with pytest.raises(ApplicationError) as error:
        round_create(actor=None, **values)

    assert error.value.message.startswith(f"Trường “{field}”")
    assert fragment in error.value.message
    assert error.value.extra == {"field": field}
    assert not Round.objects.exists()
    assert audit_actions("round.") == []


@pytest.mark.parametrize("days", [0, 120])
def test_round_working_days_bounds_are_accepted(tree: Tree, days: int) -> None:
    round_ = new_round(tree.province, appraisal_working_days=days, comment_working_days=days)

    assert (round_.appraisal_working_days, round_.comment_working_days) == (days, days)


@pytest.mark.parametrize(
    ("case", "allowed"),
    [
        ("anonymous", False),
        ("no_role", False),
        ("other_unit", False),
        ("parent_unit", True),
        ("right_role", True),
    ],
)
def test_round_create_permission_matrix(tree: Tree, case: str, allowed: bool) -> None:
    actor = actor_for(case)(tree, Role.CHUYEN_VIEN_TDKT)

    if allowed:
        new_round(tree.unit, actor=actor)
    else:
        with pytest.raises(PermissionDenied):
            new_round(tree.unit, actor=actor)

    assert Round.objects.count() == int(allowed)
    assert audit_actions("round.") == (["round.created"] if allowed else [])


@pytest.mark.parametrize(
    "role", [Role.LANH_DAO_DON_VI, Role.NHAP_LIEU, Role.TRUONG_CUM_KHOI, Role.NGUOI_XEM]
)
def test_unit_roles_on_the_issuer_cannot_run_a_round(tree: Tree, role: str) -> None:
    actor = make_user(role, tree.unit)
    round_ = new_round(tree.unit)

    with pytest.raises(PermissionDenied):
        new_round(tree.unit, actor=actor)
    with pytest.raises(PermissionDenied):
        round_close(actor=actor, round_=round_)

    assert Round.objects.get().status == RoundStatus.OPEN
    assert audit_actions("round.") == ["round.created"]


def test_the_office_of_a_child_unit_cannot_run_the_parents_round(tree: Tree) -> None:
    office_below = make_user(Role.CHUYEN_VIEN_TDKT, tree.unit)

    with pytest.raises(PermissionDenied):
        new_round(tree.province, actor=office_below)
    assert not Round.objects.exists()


def test_round_close_stops_new_nominations_and_is_done_once(tree: Tree) -> None:
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)
    round_ = new_round(tree.province)

    closed = round_close(actor=office, round_=round_)

    assert closed.status == RoundStatus.CLOSED
    event = AuditEvent.objects.get(action="round.closed")
    assert (before_of(event)["status"], after_of(event)["status"], event.actor) == (
        "mo",
        "dong",
        office,
    )
    with pytest.raises(ApplicationError, match=r"^Đợt khen thưởng đã khóa sổ.$"):
        round_close(actor=office, round_=round_)
    assert audit_actions("round.") == ["round.created", "round.closed"]


# --- Nominations: creation -----------------------------------------------------------------


def test_nomination_create_stores_a_draft_and_audits(tree: Tree) -> None:
    proposer = make_user(Role.NHAP_LIEU, tree.unit)
    round_ = new_round(tree.province)
    person = new_person(tree.child)

    nomination = nomination_create(
        actor=proposer,
        round_=round_,
        unit=tree.unit,
        subject=person,
        award=" ldtt ",
        achievement="  Hoàn thành   tốt nhiệm vụ ",
    )

    assert (
        nomination.award,
        nomination.achievement,
        nomination.status,
        nomination.version,
        nomination.person,
        nomination.unit,
        nomination.created_by,
    ) == (LDTT, "Hoàn thành tốt nhiệm vụ", NominationStatus.DRAFT, 1, person, tree.unit, proposer)
    event = AuditEvent.objects.get(action="nomination.created")
    assert (event.actor, event.unit, after_of(event)["status"]) == (proposer, tree.unit, "draft")


@pytest.mark.parametrize("subject_name", ["unit", "child"])
def test_a_unit_proposes_collectives_of_its_subtree(tree: Tree, subject_name: str) -> None:
    round_ = new_round(tree.province)
    collective = getattr(tree, subject_name)

    nomination = new_nomination(round_, collective, TTLDTT, unit=tree.unit, dossier=False)

    assert (nomination.collective, nomination.unit) == (collective, tree.unit)


def test_nomination_create_refusals(tree: Tree) -> None:
    round_ = new_round(tree.province)
    person = new_person(tree.unit, "Trần Thị Bình")
    outsider = new_person(tree.other, "Lê Văn Cường")
    new_nomination(round_, person, LDTT, dossier=False)
    before = (Nomination.objects.count(), AuditEvent.objects.count())
    cases: list[tuple[Any, str, str]] = [
        (
            outsider,
            LDTT,
            "“Lê Văn Cường” không thuộc Sở Nội vụ tỉnh Thử Nghiệm nên đơn vị không đề nghị được.",
        ),
        (
            tree.province,
            TTLDTT,
            "“Tỉnh Thử Nghiệm” không thuộc Sở Nội vụ tỉnh Thử Nghiệm nên đơn vị không đề nghị "
            "được.",
        ),
        (
            person,
            TTLDTT,
            "Trường “Danh hiệu, hình thức đề nghị”: “Tập thể lao động tiên tiến” không dành cho "
            "cá nhân.",
        ),
        (
            tree.child,
            CSTD_CO_SO,
            "Trường “Danh hiệu, hình thức đề nghị”: “Chiến sĩ thi đua cơ sở” không dành cho "
            "tập thể.",
        ),
        (
            person,
            "HUAN_CHUONG_LAO_DONG",
            "Trường “Danh hiệu, hình thức đề nghị”: mã “HUAN_CHUONG_LAO_DONG” không có trong "
            "danh mục khen thưởng.",
        ),
        (
            person,
            "ldtt",
            "“Trần Thị Bình” đã được đề nghị Lao động tiên tiến trong đợt này (trạng thái "
            "“Đang soạn”).",
        ),
    ]

    for subject, award, message in cases:
        with pytest.raises(ApplicationError) as error:
            nomination_create(
                actor=None,
                round_=round_,
                unit=tree.unit,
                subject=subject,
                award=award,
                achievement="Thành tích",
            )
        assert error.value.message == message

    assert (Nomination.objects.count(), AuditEvent.objects.count()) == before


def test_nomination_create_requires_the_achievement(tree: Tree) -> None:
    round_ = new_round(tree.province)

    with pytest.raises(ApplicationError) as error:
        nomination_create(
            actor=None,
            round_=round_,
            unit=tree.unit,
            subject=new_person(tree.unit),
            award=LDTT,
            achievement=" \n ",
        )

    assert error.value.message == "Trường “Tóm tắt thành tích” không được để trống."
    assert not Nomination.objects.exists()


def test_nomination_create_refused_in_a_closed_round(tree: Tree) -> None:
    round_ = round_close(actor=None, round_=new_round(tree.province, name="Đợt đã khóa"))

    with pytest.raises(ApplicationError, match=r"^Đợt “Đợt đã khóa” đã khóa sổ.$"):
        new_nomination(round_, new_person(tree.unit), dossier=False)
    assert not Nomination.objects.exists()


@pytest.mark.parametrize(
    ("status", "duplicate_allowed"),
    [
        (NominationStatus.SUBMITTED, False),
        (NominationStatus.ACCEPTED, False),
        (NominationStatus.WITHDRAWN, True),
    ],
)
def test_only_an_active_nomination_holds_the_subjects_place(
    tree: Tree, status: str, duplicate_allowed: bool
) -> None:
    round_ = new_round(tree.province)
    person = new_person(tree.unit)
    first = new_nomination(round_, person, status=NominationStatus.SUBMITTED)
    if status == NominationStatus.ACCEPTED:
        nomination_accept(actor=None, nomination=first, today=ACCEPTED_ON)
    if status == NominationStatus.WITHDRAWN:
        nomination_withdraw(actor=None, nomination=first, reason="Đổi hình thức đề nghị")

    if duplicate_allowed:
        second = new_nomination(round_, person, dossier=False)
        assert second.status == NominationStatus.DRAFT
    else:
        with pytest.raises(ApplicationError, match="đã được đề nghị Lao động tiên tiến"):
            new_nomination(round_, person, dossier=False)
    assert Nomination.objects.count() == 1 + int(duplicate_allowed)


def test_another_award_for_the_same_subject_is_not_a_duplicate(tree: Tree) -> None:
    round_ = new_round(tree.province)
    person = new_person(tree.unit)
    new_nomination(round_, person, LDTT, dossier=False)

    new_nomination(round_, person, GIAY_KHEN, dossier=False)

    assert sorted(Nomination.objects.values_list("award", flat=True)) == [GIAY_KHEN, LDTT]


def test_a_unit_outside_the_issuers_subtree_cannot_propose(tree: Tree) -> None:
    round_ = new_round(tree.unit, name="Khen thưởng của Sở Nội vụ")
    proposer = make_user(Role.NHAP_LIEU, tree.other)

    with pytest.raises((ApplicationError, PermissionDenied)):
        new_nomination(round_, new_person(tree.other), dossier=False, actor=proposer)
    assert not Nomination.objects.exists()


@pytest.mark.parametrize(
    ("case", "allowed"),
    [
        ("anonymous", False),
        ("no_role", False),
        ("other_unit", False),
        ("parent_unit", True),
        ("right_role", True),
    ],
)
def test_nomination_create_permission_matrix(tree: Tree, case: str, allowed: bool) -> None:
    actor = actor_for(case)(tree, Role.NHAP_LIEU)
    round_ = new_round(tree.province)
    person = new_person(tree.unit)

    if allowed:
        new_nomination(round_, person, dossier=False, actor=actor)
    else:
        with pytest.raises(PermissionDenied):
            new_nomination(round_, person, dossier=False, actor=actor)

    assert Nomination.objects.count() == int(allowed)
    assert audit_actions("nomination.") == (["nomination.created"] if allowed else [])


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.LANH_DAO_DON_VI, True),
        (Role.NHAP_LIEU, True),
        (Role.TRUONG_CUM_KHOI, True),
        (Role.CHUYEN_VIEN_TDKT, False),
        (Role.THANH_VIEN_HOI_DONG, False),
        (Role.NGUOI_XEM, False),
    ],
)
def test_who_proposes_for_a_unit(tree: Tree, role: str, allowed: bool) -> None:
    actor = make_user(role, tree.unit)
    round_ = new_round(tree.province)

    if allowed:
        new_nomination(round_, new_person(tree.unit), dossier=False, actor=actor)
    else:
        with pytest.raises(PermissionDenied):
            new_nomination(round_, new_person(tree.unit), dossier=False, actor=actor)
    assert Nomination.objects.count() == int(allowed)


# --- Dossier files -------------------------------------------------------------------------


def test_dossier_file_add_keeps_the_file_and_audits(tree: Tree) -> None:
    proposer = make_user(Role.NHAP_LIEU, tree.unit)
    nomination = new_nomination(new_round(tree.province), new_person(tree.unit), dossier=False)

    dossier = dossier_file_add(
        actor=proposer,
        nomination=nomination,
        kind=DossierKind.TO_TRINH,
        name="  Tờ   trình.PDF ",
        content=PDF,
    )

    assert (dossier.name, dossier.size, dossier.content_type, dossier.generated) == (
        "Tờ trình.PDF",
        len(PDF),
        "application/pdf",
        False,
    )
    with dossier.file.open("rb") as stored:
        assert stored.read() == PDF
    event = AuditEvent.objects.get(action="dossier.uploaded")
    assert (event.actor, event.unit, after_of(event)["kind"]) == (proposer, tree.unit, "to_trinh")


@pytest.mark.parametrize(
    ("kind", "name", "content", "message"),
    [
        (
            "to_trinh",
            "to-trinh.pdf",
            PNG,
            "Nội dung tệp “to-trinh.pdf” không đúng định dạng PDF.",
        ),
        ("to_trinh", "to-trinh.exe", PDF, "Tệp “to-trinh.exe” không được nhận: chỉ nhận PDF, "),
        ("to_trinh", "to-trinh.pdf", b"", "Tệp “to-trinh.pdf” rỗng."),
        ("quyet_dinh", "qd.pdf", PDF, "Trường “Thành phần hồ sơ”: giá trị “quyet_dinh”"),
    ],
)
def test_dossier_file_add_refusals(
    tree: Tree, kind: str, name: str, content: bytes, message: str
) -> None:
    nomination = new_nomination(new_round(tree.province), new_person(tree.unit), dossier=False)

    with pytest.raises(ApplicationError) as error:
        dossier_file_add(actor=None, nomination=nomination, kind=kind, name=name, content=content)

    assert error.value.message.startswith(message)
    assert not DossierFile.objects.exists()
    assert audit_actions("dossier.") == []


def test_dossier_is_frozen_once_sent(tree: Tree) -> None:
    proposer = make_user(Role.NHAP_LIEU, tree.unit)
    nomination = new_nomination(
        new_round(tree.province), new_person(tree.unit), status=NominationStatus.SUBMITTED
    )
    files = DossierFile.objects.count()

    with pytest.raises(ApplicationError) as error:
        dossier_file_add(
            actor=proposer, nomination=nomination, kind="khac", name="them.pdf", content=PDF
        )
    with pytest.raises(ApplicationError):
        dossier_file_remove(actor=proposer, dossier=nomination.files.all()[0])

    assert error.value.message == (
        "Không thể thay đổi hồ sơ: đề nghị đang ở trạng thái “Đã gửi, chờ thẩm định”."
    )
    assert DossierFile.objects.count() == files


def test_dossier_file_remove_deletes_and_audits(tree: Tree) -> None:
    proposer = make_user(Role.NHAP_LIEU, tree.unit)
    nomination = new_nomination(new_round(tree.province), new_person(tree.unit))
    dossier = nomination.files.get(kind=DossierKind.BIEN_BAN)
    path, pk = dossier.file.path, dossier.pk

    dossier_file_remove(actor=proposer, dossier=dossier)

    assert sorted(nomination.files.values_list("kind", flat=True)) == ["bao_cao", "to_trinh"]
    event = AuditEvent.objects.get(action="dossier.removed")
    assert (event.object_type, event.object_id, before_of(event)["kind"]) == (
        "commendation.dossierfile",
        str(pk),
        "bien_ban",
    )
    assert not os.path.exists(path)


def test_the_office_cannot_touch_a_units_dossier(tree: Tree) -> None:
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)
    nomination = new_nomination(new_round(tree.province), new_person(tree.unit), dossier=False)

    with pytest.raises(PermissionDenied):
        dossier_file_add(
            actor=office, nomination=nomination, kind="to_trinh", name="a.pdf", content=PDF
        )
    assert not DossierFile.objects.exists()


def test_dossier_file_generate_makes_a_docx(tree: Tree) -> None:
    pytest.importorskip("thidua.commendation.dossier_documents")
    docx = pytest.importorskip("docx")
    from thidua.commendation.services import dossier_file_generate

    nomination = new_nomination(new_round(tree.province), new_person(tree.unit), dossier=False)

    first = dossier_file_generate(actor=None, nomination=nomination, kind=DossierKind.BAO_CAO)
    second = dossier_file_generate(actor=None, nomination=nomination, kind=DossierKind.BAO_CAO)

    assert list(nomination.files.values_list("pk", flat=True)) == [second.pk]
    assert (second.generated, second.name.endswith(".docx")) == (True, True)
    assert not DossierFile.objects.filter(pk=first.pk).exists()
    with second.file.open("rb") as stored:
        document = docx.Document(stored)
    assert "".join(paragraph.text for paragraph in document.paragraphs).strip()
    assert audit_actions("dossier.") == ["dossier.generated", "dossier.generated"]
    with pytest.raises(ApplicationError, match="hãy tải lên"):
        dossier_file_generate(actor=None, nomination=nomination, kind=DossierKind.BIEN_BAN)


# --- Nominations: submission -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("award", "kinds", "missing"),
    [
        (
            LDTT,
            [],
            [
                "Tờ trình đề nghị",
                "Báo cáo thành tích",
                "Biên bản họp xét (có kết quả bỏ phiếu)",
            ],
        ),
        (
            LDTT,
            ["to_trinh", "khac"],
            ["Báo cáo thành tích", "Biên bản họp xét (có kết quả bỏ phiếu)"],
        ),
        (
            CSTD_CO_SO,
            list(BASIC_DOSSIER),
            ["Minh chứng sáng kiến hoặc hoàn thành xuất sắc nhiệm vụ"],
        ),
        (
            CSTD_TINH,
            ["to_trinh", "bao_cao"],
            [
                "Biên bản họp xét (có kết quả bỏ phiếu)",
                "Minh chứng sáng kiến hoặc hoàn thành xuất sắc nhiệm vụ",
            ],
        ),
    ],
)
def test_submit_lists_the_missing_dossier_pieces(
    tree: Tree, award: str, kinds: list[str], missing: list[str]
) -> None:
    nomination = new_nomination(
        new_round(tree.province), new_person(tree.unit), award, dossier=False
    )
    add_dossier(nomination, kinds)

    with pytest.raises(ApplicationError) as error:
        nomination_submit(actor=None, nomination=nomination, today=SUBMITTED_ON)

    assert error.value.message == f"Hồ sơ còn thiếu: {'; '.join(missing)}."
    assert error.value.extra == {"missing": missing}
    assert (reloaded(nomination).status, reloaded(nomination).version) == ("draft", 1)
    assert audit_actions("nomination.submitted") == []


def test_submit_sends_the_nomination_and_audits(tree: Tree) -> None:
    proposer = make_user(Role.LANH_DAO_DON_VI, tree.unit)
    nomination = new_nomination(new_round(tree.province), new_person(tree.unit))

    sent = nomination_submit(
        actor=proposer, nomination=nomination, expected_version=1, today=SUBMITTED_ON
    )

    assert (sent.status, sent.version) == (NominationStatus.SUBMITTED, 2)
    assert sent.submitted_at == datetime.datetime(2025, 11, 3, 9, tzinfo=TIME_ZONE)
    # 20 working days after Monday 03/11/2025.
    assert sent.appraisal_due == D(2025, 12, 1)
    event = AuditEvent.objects.get(action="nomination.submitted")
    assert (event.actor, event.unit) == (proposer, tree.unit)
    assert (before_of(event)["status"], after_of(event)["status"]) == ("draft", "submitted")
    assert (before_of(event)["version"], after_of(event)["version"]) == (1, 2)
    assert after_of(event)["appraisal_due"] == "2025-12-01"


def test_appraisal_due_is_counted_in_working_days_skipping_holidays(tree: Tree) -> None:
    Holiday.objects.create(day=D(2025, 9, 1), name="Nghỉ lễ Quốc khánh")
    Holiday.objects.create(day=D(2025, 9, 2), name="Quốc khánh")
    round_ = new_round(tree.province, appraisal_working_days=3)
    nomination = new_nomination(round_, new_person(tree.unit))

    # Friday 29/08: Monday and Tuesday are holidays, so Wed 03, Thu 04, Fri 05/09.
    sent = nomination_submit(actor=None, nomination=nomination, today=D(2025, 8, 29))

    assert sent.appraisal_due == D(2025, 9, 5)


def test_submit_keeps_the_eligibility_verdict_with_its_criteria(tree: Tree) -> None:
    person = new_person(tree.unit)
    rating_set(actor=None, subject=person, year=YEAR, rating="HTTNV")
    nomination = new_nomination(new_round(tree.province), person)

    sent = nomination_submit(actor=None, nomination=nomination, today=SUBMITTED_ON)

    verdict = reloaded(sent).eligibility
    assert (verdict["award"], verdict["eligible"], verdict["as_of"], verdict["year"]) == (
        LDTT,
        True,
        "2025-11-03",
        2025,
    )
    assert verdict["criteria"]
    assert {"code", "passed", "explanation", "reference"} <= set(verdict["criteria"][0])
    assert all(criterion["passed"] for criterion in verdict["criteria"])
    assert any("Luật Thi đua, khen thưởng" in c["reference"] for c in verdict["criteria"])


def test_submit_keeps_a_failed_verdict_too(tree: Tree) -> None:
    person = new_person(tree.unit)
    rating_set(actor=None, subject=person, year=YEAR, rating="HTNV")
    nomination = new_nomination(new_round(tree.province), person)

    sent = nomination_submit(actor=None, nomination=nomination, today=SUBMITTED_ON)

    assert sent.status == NominationStatus.SUBMITTED
    verdict = reloaded(sent).eligibility
    assert verdict["eligible"] is False
    assert [c["passed"] for c in verdict["criteria"]].count(False) >= 1


def test_submit_on_the_deadline_is_accepted_and_after_it_refused(tree: Tree) -> None:
    round_ = new_round(tree.province)
    on_time = new_nomination(round_, new_person(tree.unit, "Người đúng hạn"))
    late = new_nomination(round_, new_person(tree.unit, "Người nộp muộn"))

    nomination_submit(actor=None, nomination=on_time, today=DEADLINE)
    with pytest.raises(ApplicationError) as error:
        nomination_submit(actor=None, nomination=late, today=DEADLINE + datetime.timedelta(days=1))

    assert error.value.message == "Đã quá hạn nộp hồ sơ của đợt (10/12/2025)."
    assert (reloaded(on_time).status, reloaded(late).status) == ("submitted", "draft")


def test_a_draft_cannot_be_sent_to_a_closed_round(tree: Tree) -> None:
    round_ = new_round(tree.province, name="Đợt A")
    nomination = new_nomination(round_, new_person(tree.unit))
    round_close(actor=None, round_=round_)

    with pytest.raises(ApplicationError, match=r"^Đợt “Đợt A” đã khóa sổ.$"):
        nomination_submit(actor=None, nomination=nomination, today=SUBMITTED_ON)
    assert reloaded(nomination).status == NominationStatus.DRAFT


def test_a_returned_nomination_is_resent_after_the_deadline_and_the_closing(tree: Tree) -> None:
    round_ = new_round(tree.province)
    nomination = new_nomination(round_, new_person(tree.unit), status=NominationStatus.SUBMITTED)
    nomination_return(actor=None, nomination=nomination, reason="Bổ sung biên bản")
    round_close(actor=None, round_=round_)

    sent = nomination_submit(actor=None, nomination=nomination, today=D(2025, 12, 22))

    assert sent.status == NominationStatus.SUBMITTED
    assert sent.appraisal_due == D(2026, 1, 19)


def test_recording_a_2023_round_does_not_crash(tree: Tree) -> None:
    round_ = new_round(
        tree.province, name="Khen thưởng năm 2023", year=2023, deadline=D(2023, 12, 10)
    )
    nomination = new_nomination(round_, new_person(tree.unit))

    try:
        nomination_submit(actor=None, nomination=nomination, today=D(2023, 11, 6))
    except ApplicationError:
        assert reloaded(nomination).status == NominationStatus.DRAFT


# --- Appraisal: return, accept ----------------------------------------------------------------


def test_return_needs_a_reason_and_changes_nothing_without_one(tree: Tree) -> None:
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)
    nomination = new_nomination(
        new_round(tree.province), new_person(tree.unit), status=NominationStatus.SUBMITTED
    )

    with pytest.raises(ApplicationError) as error:
        nomination_return(actor=office, nomination=nomination, reason="  ")

    assert error.value.message == "Trường “Lý do trả lại” không được để trống."
    assert (reloaded(nomination).status, reloaded(nomination).version) == ("submitted", 2)
    assert audit_actions("nomination.returned") == []


@pytest.mark.parametrize(
    ("role", "unit_name", "allowed"),
    [
        (Role.CHUYEN_VIEN_TDKT, "province", True),
        (Role.QUAN_TRI, "province", True),
        (Role.CHUYEN_VIEN_TDKT, "unit", False),  # the office below the issuer
        (Role.NHAP_LIEU, "unit", False),
        (Role.LANH_DAO_DON_VI, "unit", False),
        (Role.LANH_DAO_DON_VI, "province", False),
        (Role.THANH_VIEN_HOI_DONG, "province", False),
    ],
)
def test_only_the_office_of_the_issuer_appraises(
    tree: Tree, role: str, unit_name: str, allowed: bool
) -> None:
    actor = make_user(role, getattr(tree, unit_name))
    round_ = new_round(tree.province)
    to_return = new_nomination(
        round_, new_person(tree.unit, "Người bị trả"), status=NominationStatus.SUBMITTED
    )
    to_accept = new_nomination(
        round_, new_person(tree.unit, "Người được nhận"), status=NominationStatus.SUBMITTED
    )
    events = AuditEvent.objects.count()

    for appraise in (
        lambda: nomination_return(actor=actor, nomination=to_return, reason="Thiếu chữ ký"),
        lambda: nomination_accept(actor=actor, nomination=to_accept, today=ACCEPTED_ON),
    ):
        if allowed:
            appraise()
        else:
            with pytest.raises(PermissionDenied):
                appraise()

    statuses = (reloaded(to_return).status, reloaded(to_accept).status)
    if allowed:
        assert statuses == (NominationStatus.RETURNED, NominationStatus.ACCEPTED)
        assert audit_actions("nomination.")[-2:] == ["nomination.returned", "nomination.accepted"]
    else:
        assert statuses == (NominationStatus.SUBMITTED, NominationStatus.SUBMITTED)
        assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("case", "allowed"),
    [
        ("anonymous", False),
        ("no_role", False),
        ("other_unit", False),
        ("parent_unit", True),
        ("right_role", True),
    ],
)
def test_appraisal_permission_matrix(tree: Tree, case: str, allowed: bool) -> None:
    actor = actor_for(case)(tree, Role.CHUYEN_VIEN_TDKT)
    round_ = new_round(tree.unit, name="Khen thưởng của Sở")
    nomination = new_nomination(round_, new_person(tree.child), status=NominationStatus.SUBMITTED)
    events = AuditEvent.objects.count()

    if allowed:
        nomination_accept(actor=actor, nomination=nomination, today=ACCEPTED_ON)
    else:
        with pytest.raises(PermissionDenied):
            nomination_accept(actor=actor, nomination=nomination, today=ACCEPTED_ON)

    expected = NominationStatus.ACCEPTED if allowed else NominationStatus.SUBMITTED
    assert reloaded(nomination).status == expected
    assert AuditEvent.objects.count() == events + int(allowed)


def test_return_edit_and_resubmit(tree: Tree) -> None:
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)
    proposer = make_user(Role.NHAP_LIEU, tree.unit)
    nomination = new_nomination(
        new_round(tree.province),
        new_person(tree.unit),
        status=NominationStatus.SUBMITTED,
        actor=proposer,
    )

    returned = nomination_return(
        actor=office, nomination=nomination, reason="Biên bản thiếu chữ ký", expected_version=2
    )
    assert (returned.status, returned.return_reason, returned.appraised_by, returned.version) == (
        NominationStatus.RETURNED,
        "Biên bản thiếu chữ ký",
        office,
        3,
    )
    assert AuditEvent.objects.get(action="nomination.returned").note == "Biên bản thiếu chữ ký"

    dossier_file_remove(actor=proposer, dossier=returned.files.get(kind=DossierKind.BIEN_BAN))
    dossier_file_add(
        actor=proposer, nomination=returned, kind="bien_ban", name="bb-ky.pdf", content=PDF
    )
    updated = nomination_update(
        actor=proposer, nomination=returned, achievement="Thành tích đã sửa", expected_version=3
    )
    resent = nomination_submit(
        actor=proposer, nomination=updated, expected_version=4, today=D(2025, 11, 20)
    )
    accepted = nomination_accept(
        actor=office, nomination=resent, expected_version=5, today=D(2025, 11, 24)
    )

    assert (accepted.status, accepted.achievement, accepted.return_reason, accepted.version) == (
        NominationStatus.ACCEPTED,
        "Thành tích đã sửa",
        "",
        6,
    )
    assert audit_actions("nomination.") == [
        "nomination.created",
        "nomination.submitted",
        "nomination.returned",
        "nomination.updated",
        "nomination.submitted",
        "nomination.accepted",
    ]


@pytest.mark.parametrize(
    ("status", "service", "message"),
    [
        (
            NominationStatus.DRAFT,
            "accept",
            "Không thể xác nhận hồ sơ hợp lệ: đề nghị đang ở trạng thái “Đang soạn”.",
        ),
        (
            NominationStatus.DRAFT,
            "return",
            "Không thể trả lại hồ sơ: đề nghị đang ở trạng thái “Đang soạn”.",
        ),
        (
            NominationStatus.ACCEPTED,
            "accept",
            "Không thể xác nhận hồ sơ hợp lệ: đề nghị đang ở trạng thái “Hồ sơ hợp lệ, chờ Hội "
            "đồng”.",
        ),
        (
            NominationStatus.SUBMITTED,
            "update",
            "Không thể sửa đề nghị: đề nghị đang ở trạng thái “Đã gửi, chờ thẩm định”.",
        ),
        (
            NominationStatus.SUBMITTED,
            "submit",
            "Không thể gửi đề nghị: đề nghị đang ở trạng thái “Đã gửi, chờ thẩm định”.",
        ),
    ],
)
def test_transitions_refused_from_the_wrong_status(
    tree: Tree, status: str, service: str, message: str
) -> None:
    nomination = new_nomination(new_round(tree.province), new_person(tree.unit), status=status)
    version = reloaded(nomination).version
    calls: dict[str, Callable[[], Any]] = {
        "accept": lambda: nomination_accept(actor=None, nomination=nomination),
        "return": lambda: nomination_return(actor=None, nomination=nomination, reason="Lý do"),
        "update": lambda: nomination_update(actor=None, nomination=nomination, achievement="Sửa"),
        "submit": lambda: nomination_submit(actor=None, nomination=nomination),
    }

    with pytest.raises(ApplicationError) as error:
        calls[service]()

    assert error.value.message == message
    assert (reloaded(nomination).status, reloaded(nomination).version) == (status, version)


def test_accept_lists_the_nomination_for_comments_in_working_days(tree: Tree) -> None:
    Holiday.objects.create(day=D(2025, 11, 12), name="Ngày nghỉ thử nghiệm")
    round_ = new_round(tree.province, comment_working_days=5)
    nomination = new_nomination(round_, new_person(tree.unit), status=NominationStatus.SUBMITTED)

    accepted = nomination_accept(actor=None, nomination=nomination, today=D(2025, 11, 7))

    # Friday 07/11: Mon 10, Tue 11, (Wed 12 holiday), Thu 13, Fri 14, Mon 17.
    assert accepted.listed_until == D(2025, 11, 17)
    assert accepted.appraised_at == datetime.datetime(2025, 11, 7, 9, tzinfo=TIME_ZONE)
    event = AuditEvent.objects.get(action="nomination.accepted")
    assert after_of(event)["listed_until"] == "2025-11-17"


def test_accept_without_a_comment_period_lists_nothing(tree: Tree) -> None:
    nomination = new_nomination(
        new_round(tree.province), new_person(tree.unit), status=NominationStatus.ACCEPTED
    )

    assert nomination.listed_until is None


def test_return_of_an_accepted_nomination_ends_its_listing(tree: Tree) -> None:
    round_ = new_round(tree.province, comment_working_days=5)
    nomination = new_nomination(round_, new_person(tree.unit), status=NominationStatus.ACCEPTED)
    assert nomination.listed_until is not None

    returned = nomination_return(actor=None, nomination=nomination, reason="Có đơn phản ánh")

    assert (returned.status, returned.listed_until) == (NominationStatus.RETURNED, None)


# --- Withdrawal -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status",
    [
        NominationStatus.DRAFT,
        NominationStatus.SUBMITTED,
        NominationStatus.ACCEPTED,
    ],
)
def test_withdraw_by_the_unit(tree: Tree, status: str) -> None:
    proposer = make_user(Role.LANH_DAO_DON_VI, tree.unit)
    round_ = new_round(tree.province, comment_working_days=3)
    nomination = new_nomination(round_, new_person(tree.unit), status=status)

    withdrawn = nomination_withdraw(
        actor=proposer, nomination=nomination, reason="  Cá nhân xin rút  "
    )

    assert (withdrawn.status, withdrawn.listed_until) == (NominationStatus.WITHDRAWN, None)
    event = AuditEvent.objects.get(action="nomination.withdrawn")
    assert (event.note, before_of(event)["status"], event.actor) == (
        "Cá nhân xin rút",
        status,
        proposer,
    )


def test_withdraw_refusals(tree: Tree) -> None:
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)
    nomination = new_nomination(
        new_round(tree.province), new_person(tree.unit), status=NominationStatus.SUBMITTED
    )

    with pytest.raises(PermissionDenied):
        nomination_withdraw(actor=office, nomination=nomination, reason="Văn phòng rút")
    with pytest.raises(ApplicationError) as error:
        nomination_withdraw(actor=None, nomination=nomination, reason="")
    assert error.value.message == "Trường “Lý do rút đề nghị” không được để trống."
    assert reloaded(nomination).status == NominationStatus.SUBMITTED

    nomination_withdraw(actor=None, nomination=nomination, reason="Rút")
    with pytest.raises(ApplicationError) as again:
        nomination_withdraw(actor=None, nomination=nomination, reason="Rút lần nữa")
    assert again.value.message == (
        "Không thể rút đề nghị: đề nghị đang ở trạng thái “Đơn vị đã rút”."
    )
    assert audit_actions("nomination.withdrawn") == ["nomination.withdrawn"]


# --- Optimistic locking -------------------------------------------------------------------------


STALE_CALLS: dict[str, tuple[str, Callable[[Nomination], Any]]] = {
    "update": (
        NominationStatus.DRAFT,
        lambda n: nomination_update(
            actor=None, nomination=n, achievement="Bản của tôi", expected_version=1
        ),
    ),
    "submit": (
        NominationStatus.DRAFT,
        lambda n: nomination_submit(
            actor=None, nomination=n, expected_version=1, today=SUBMITTED_ON
        ),
    ),
    "return": (
        NominationStatus.SUBMITTED,
        lambda n: nomination_return(actor=None, nomination=n, reason="Lý do", expected_version=2),
    ),
    "accept": (
        NominationStatus.SUBMITTED,
        lambda n: nomination_accept(actor=None, nomination=n, expected_version=2),
    ),
    "withdraw": (
        NominationStatus.SUBMITTED,
        lambda n: nomination_withdraw(actor=None, nomination=n, reason="Rút", expected_version=2),
    ),
}


@pytest.mark.parametrize("service", list(STALE_CALLS))
def test_a_stale_version_is_a_conflict_and_changes_nothing(tree: Tree, service: str) -> None:
    status, call = STALE_CALLS[service]
    nomination = new_nomination(new_round(tree.province), new_person(tree.unit), status=status)
    # Someone else changed it meanwhile: the unit edited the draft, or the office returned it
    # and the unit sent it again.
    if status == NominationStatus.DRAFT:
        nomination_update(actor=None, nomination=nomination, achievement="Bản của người khác")
    else:
        nomination_return(actor=None, nomination=nomination, reason="Bổ sung")
        nomination_submit(actor=None, nomination=nomination, today=SUBMITTED_ON)
    current = reloaded(nomination)
    events = AuditEvent.objects.count()

    with pytest.raises(ConflictError) as error:
        call(nomination)

    assert error.value.status_code == 409
    assert error.value.message.startswith("Đề nghị đã được người khác thay đổi")
    after = reloaded(nomination)
    assert (after.status, after.version, after.achievement) == (
        current.status,
        current.version,
        current.achievement,
    )
    assert AuditEvent.objects.count() == events


# --- Visibility ---------------------------------------------------------------------------------


VIEWERS: list[tuple[str, str, str, bool, bool]] = [
    # (case, role, unit, sees the draft, sees it once submitted)
    ("proposer of the unit", Role.NHAP_LIEU, "unit", True, True),
    ("leader of the province", Role.LANH_DAO_DON_VI, "province", True, True),
    ("viewer of the unit", Role.NGUOI_XEM, "unit", False, True),
    ("office of the issuer", Role.CHUYEN_VIEN_TDKT, "province", False, True),
    ("council member", Role.THANH_VIEN_HOI_DONG, "province", False, True),
    ("proposer of another unit", Role.NHAP_LIEU, "other", False, False),
    ("office of another unit", Role.CHUYEN_VIEN_TDKT, "other", False, False),
    ("proposer of the child unit", Role.NHAP_LIEU, "child", False, False),
]


@pytest.mark.parametrize(("case", "role", "unit_name", "draft", "sent"), VIEWERS)
def test_drafts_stay_inside_the_unit(
    tree: Tree, case: str, role: str, unit_name: str, draft: bool, sent: bool
) -> None:
    viewer = make_user(role, getattr(tree, unit_name))
    round_ = new_round(tree.province)
    nomination = new_nomination(round_, new_person(tree.unit))

    def seen() -> tuple[bool, list[int]]:
        user = type(viewer).objects.get(pk=viewer.pk)  # a fresh scope cache
        return (
            user.has_perm("commendation.view_nomination", reloaded(nomination)),
            list(nomination_list_for(user=user, round_=round_).values_list("pk", flat=True)),
        )

    assert seen() == (draft, [nomination.pk] if draft else [])
    nomination_submit(actor=None, nomination=nomination, today=SUBMITTED_ON)
    assert seen() == (sent, [nomination.pk] if sent else [])


def test_nobody_outside_sees_a_draft(tree: Tree) -> None:
    round_ = new_round(tree.province)
    nomination = new_nomination(round_, new_person(tree.unit))

    for user in (make_user(), actor_for("anonymous")(tree, "")):
        assert not user.has_perm("commendation.view_nomination", nomination)
        assert list(nomination_list_for(user=user, round_=round_)) == []


# --- Public comments ----------------------------------------------------------------------------


@pytest.fixture
def listed(tree: Tree) -> Nomination:
    """A nomination listed for comments from today for 5 working days."""
    round_ = new_round(tree.province, comment_working_days=5)
    nomination = new_nomination(round_, new_person(tree.unit), status=NominationStatus.SUBMITTED)
    return nomination_accept(actor=None, nomination=nomination)


def test_anyone_comments_on_a_listed_nomination(listed: Nomination) -> None:
    assert listed.listed_until is not None
    assert listed.listed_until > local_today()

    comment = public_comment_post(
        nomination=listed,
        text="  Đề nghị xem lại   thành tích ",
        author_name="Người dân " + "x" * 300,
        contact="Thôn 3",
    )

    assert (comment.text, len(comment.author_name), comment.contact) == (
        "Đề nghị xem lại thành tích",
        200,
        "Thôn 3",
    )
    event = AuditEvent.objects.get(action="public_comment.posted")
    assert (event.actor, event.actor_name, event.unit) == (None, "hệ thống", listed.unit)


@pytest.mark.parametrize(
    ("length", "allowed"), [(MAX_COMMENT_LENGTH, True), (MAX_COMMENT_LENGTH + 1, False)]
)
def test_a_comment_has_a_length_limit(listed: Nomination, length: int, allowed: bool) -> None:
    text = "a" * length

    if allowed:
        public_comment_post(nomination=listed, text=text)
    else:
        with pytest.raises(ApplicationError) as error:
            public_comment_post(nomination=listed, text=text)
        assert error.value.message == "Trường “Nội dung góp ý” dài quá 5000 ký tự."
        assert error.value.extra == {"field": "Nội dung góp ý"}
    assert PublicComment.objects.count() == int(allowed)


def test_an_empty_comment_is_refused(listed: Nomination) -> None:
    with pytest.raises(ApplicationError, match="“Nội dung góp ý” không được để trống"):
        public_comment_post(nomination=listed, text=" ")
    assert not PublicComment.objects.exists()


def test_comments_only_while_listed(tree: Tree) -> None:
    listing = new_round(tree.province, comment_working_days=5, name="Có lấy ý kiến")
    silent = new_round(tree.province, comment_working_days=0, name="Không lấy ý kiến")
    submitted = new_nomination(
        listing, new_person(tree.unit, "Chưa thẩm định"), status=NominationStatus.SUBMITTED
    )
    over = new_nomination(
        listing, new_person(tree.unit, "Đã hết hạn"), status=NominationStatus.ACCEPTED
    )
    unlisted = new_nomination(
        silent, new_person(tree.unit, "Không niêm yết"), status=NominationStatus.SUBMITTED
    )
    unlisted = nomination_accept(actor=None, nomination=unlisted)
    withdrawn = nomination_withdraw(
        actor=None,
        nomination=nomination_accept(
            actor=None,
            nomination=new_nomination(
                listing, new_person(tree.unit, "Đã rút"), status=NominationStatus.SUBMITTED
            ),
        ),
        reason="Rút",
    )
    assert over.listed_until is not None
    assert over.listed_until < local_today()

    for nomination in (submitted, over, unlisted, withdrawn):
        with pytest.raises(ApplicationError, match=r"^Đề nghị này hiện không lấy ý kiến góp ý.$"):
            public_comment_post(nomination=nomination, text="Góp ý")
    assert not PublicComment.objects.exists()


@pytest.mark.parametrize(("offset", "allowed"), [(0, True), (-1, False)])
def test_the_last_listed_day_still_takes_comments(
    listed: Nomination, offset: int, allowed: bool
) -> None:
    # Opinions are collected until `listed_until` inclusive.
    last_day = local_today() + datetime.timedelta(days=offset)
    Nomination.objects.filter(pk=listed.pk).update(listed_until=last_day)

    if allowed:
        public_comment_post(nomination=reloaded(listed), text="Góp ý ngày cuối")
    else:
        with pytest.raises(ApplicationError, match="không lấy ý kiến góp ý"):
            public_comment_post(nomination=reloaded(listed), text="Góp ý muộn")

    assert PublicComment.objects.count() == int(allowed)


# --- Moderation and rate limit of public comments ------------------------------------------


def test_a_comment_waits_for_moderation(listed: Nomination) -> None:
    comment = public_comment_post(nomination=listed, text="Góp ý", author_name="An")

    assert (comment.status, comment.moderated_at, comment.moderated_by) == (
        CommentStatus.PENDING,
        None,
        None,
    )
    assert after_of(AuditEvent.objects.get(action="public_comment.posted"))["status"] == "pending"


@pytest.mark.parametrize("role", [Role.CHUYEN_VIEN_TDKT, Role.QUAN_TRI])
@pytest.mark.parametrize(
    ("status", "action"),
    [("approved", "public_comment.approved"), ("rejected", "public_comment.rejected")],
)
def test_the_office_moderates_with_an_audit_record(
    listed: Nomination, tree: Tree, role: str, status: str, action: str
) -> None:
    office = make_user(role, tree.province)
    comment = public_comment_post(nomination=listed, text="Góp ý", contact="0905 000 000")

    done = public_comment_moderate(actor=office, comment=comment, status=status, note=" Trùng  ")

    comment.refresh_from_db()
    assert (comment.status, comment.moderated_by, comment.moderation_note) == (
        status,
        office,
        "Trùng",
    )
    assert done.moderated_at is not None
    event = AuditEvent.objects.get(action=action)
    assert (event.actor, event.unit, before_of(event)["status"], after_of(event)["status"]) == (
        office,
        listed.unit,
        "pending",
        status,
    )
    assert event.note == "Trùng"


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_only_the_issuers_office_moderates(
    listed: Nomination, tree: Tree, case: str, make_actor: Any
) -> None:
    comment = public_comment_post(nomination=listed, text="Góp ý")
    actor = make_actor(tree, Role.CHUYEN_VIEN_TDKT)
    allowed = case == "parent_unit"

    if allowed:
        public_comment_moderate(actor=actor, comment=comment, status="approved")
    else:
        with pytest.raises(PermissionDenied):
            public_comment_moderate(actor=actor, comment=comment, status="approved")

    comment.refresh_from_db()
    assert comment.status == ("approved" if allowed else "pending")
    assert AuditEvent.objects.filter(action="public_comment.approved").count() == int(allowed)


def test_a_moderation_can_be_changed_but_not_repeated(listed: Nomination) -> None:
    comment = public_comment_post(nomination=listed, text="Góp ý")
    public_comment_moderate(actor=None, comment=comment, status="approved")

    with pytest.raises(ApplicationError) as repeated:
        public_comment_moderate(actor=None, comment=comment, status="approved")
    with pytest.raises(ApplicationError, match="Kiểm duyệt"):
        public_comment_moderate(actor=None, comment=comment, status="pending")
    withdrawn = public_comment_moderate(actor=None, comment=comment, status="rejected")

    assert repeated.value.message == "Ý kiến này đã ở trạng thái “Đã duyệt, công khai”."
    assert withdrawn.status == CommentStatus.REJECTED
    assert audit_actions("public_comment.") == [
        "public_comment.posted",
        "public_comment.approved",
        "public_comment.rejected",
    ]


def test_a_client_sending_too_many_comments_is_refused(listed: Nomination) -> None:
    cache.clear()
    limit = COMMENT_RATE_LIMIT.limit
    for index in range(limit):
        public_comment_post(nomination=listed, text=f"Góp ý {index}", client="203.0.113.7")

    with pytest.raises(RateLimitedError) as refused:
        public_comment_post(nomination=listed, text="Một góp ý nữa", client="203.0.113.7")
    public_comment_post(nomination=listed, text="Người khác", client="203.0.113.8")
    public_comment_post(nomination=listed, text="Hệ thống ghi hộ")  # no client: not limited

    assert refused.value.status_code == 429
    assert refused.value.message == (
        "Bạn đã gửi 5 góp ý trong 10 phút, là số tối đa cho phép. Vui lòng thử lại sau ít "
        "phút; góp ý vừa viết chưa được gửi."
    )
    assert PublicComment.objects.count() == limit + 2
    assert not PublicComment.objects.filter(text="Một góp ý nữa").exists()
    cache.clear()
