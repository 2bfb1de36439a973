"""The press pack: the story as DOCX with the approved photos, a facts sheet, the photo files;
only what the person consented to publish; recipients by date; made by the office only and
audited."""

import datetime
import io
import zipfile
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from docx import Document

from conftest import Tree, make_user
from thidua.accounts.enums import Role
from thidua.core.exceptions import ApplicationError
from thidua.core.models import AuditEvent
from thidua.exemplars.press_pack import press_recipients
from thidua.exemplars.services import (
    exemplar_approve,
    exemplar_press_pack_make,
    exemplar_return,
)
from thidua.exemplars.tests.helpers import (
    ADDRESS,
    FACTS,
    HEADLINE,
    ID_NUMBER,
    NAME,
    PHONE,
    PUBLIC_NAME,
    consented,
    published,
    sent,
)


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def test_the_pack_holds_the_public_story_and_only_approved_photos(tree: Tree) -> None:
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)
    photos = published(tree)

    name, content = exemplar_press_pack_make(
        actor=office, exemplar=photos.exemplar, day=datetime.date(2024, 12, 30)
    )

    archive = zipfile.ZipFile(io.BytesIO(content))
    assert name == "tu-lieu-chi-y-nhung.zip"
    assert archive.namelist() == [
        "chi-y-nhung/cau-chuyen.docx",
        "chi-y-nhung/thong-tin.txt",
        "chi-y-nhung/anh/01-chi-y-nhung-kham-cho-tre-em.jpg",
    ]
    story = _docx_text(archive.read("chi-y-nhung/cau-chuyen.docx"))
    sheet = archive.read("chi-y-nhung/thong-tin.txt").decode()
    for text in (story, sheet):
        assert HEADLINE in text
        assert PUBLIC_NAME in text
        assert FACTS[1] in text
        assert "Ban Tuyên giáo Tỉnh ủy Thử Nghiệm" in text
        assert "Sở Thông tin và Truyền thông tỉnh Thử Nghiệm" in text
        for secret in (NAME, PHONE, ID_NUMBER, ADDRESS, "14/03/1982", "gia đình", "Giấy xác nhận"):
            assert secret not in text
    assert "Chị Y Nhung khám cho trẻ em (Ảnh: Báo Kon Tum)" in story
    assert "ngày 10/05/2024" in story
    assert len(Document(io.BytesIO(archive.read("chi-y-nhung/cau-chuyen.docx"))).inline_shapes) == 1
    event = AuditEvent.objects.get(action="exemplar.press_pack_made")
    assert (event.actor, event.after["photos"]) == (office, 1)


def test_the_unit_is_left_out_when_the_person_did_not_agree(tree: Tree) -> None:
    exemplar = consented(exemplar_approve(actor=None, exemplar=sent(tree)), show_unit=False)

    _name, content = exemplar_press_pack_make(actor=None, exemplar=exemplar)

    sheet = zipfile.ZipFile(io.BytesIO(content)).read("chi-y-nhung/thong-tin.txt").decode()
    assert tree.unit.name not in sheet
    assert "Đơn vị:" not in sheet


def test_no_pack_without_consent_or_approval(tree: Tree) -> None:
    waiting = sent(tree)
    approved = exemplar_approve(actor=None, exemplar=sent(tree, name="Người Thứ Hai"))

    with pytest.raises(ApplicationError) as not_approved:
        exemplar_press_pack_make(actor=None, exemplar=waiting)
    with pytest.raises(ApplicationError) as no_consent:
        exemplar_press_pack_make(actor=None, exemplar=approved)

    assert "Chỉ lập bộ tư liệu cho điển hình đã duyệt hoặc đã công bố" in not_approved.value.message
    assert "Chưa có sự đồng ý công bố" in no_consent.value.message
    assert not AuditEvent.objects.filter(action="exemplar.press_pack_made").exists()


def test_only_the_office_makes_the_pack(tree: Tree) -> None:
    exemplar = published(tree).exemplar

    with pytest.raises(PermissionDenied):
        exemplar_press_pack_make(
            actor=make_user(Role.LANH_DAO_DON_VI, tree.unit), exemplar=exemplar
        )
    with pytest.raises(PermissionDenied):
        exemplar_press_pack_make(
            actor=make_user(Role.CHUYEN_VIEN_TDKT, tree.other), exemplar=exemplar
        )


def test_returned_models_have_no_pack(tree: Tree) -> None:
    exemplar = exemplar_return(
        actor=None, exemplar=exemplar_approve(actor=None, exemplar=sent(tree)), reason="Sửa"
    )

    with pytest.raises(ApplicationError):
        exemplar_press_pack_make(actor=None, exemplar=consented(exemplar))


@pytest.mark.parametrize(
    ("province", "day", "expected"),
    [
        (
            "Tỉnh Kon Tum",
            datetime.date(2024, 12, 30),
            ["Ban Tuyên giáo Tỉnh ủy Kon Tum", "Sở Thông tin và Truyền thông tỉnh Kon Tum"],
        ),
        (
            "Tỉnh Quảng Ngãi",
            datetime.date(2025, 3, 1),
            [
                "Ban Tuyên giáo và Dân vận Tỉnh ủy Quảng Ngãi",
                "Sở Văn hóa, Thể thao và Du lịch tỉnh Quảng Ngãi",
            ],
        ),
        (
            "Thành phố Đà Nẵng",
            datetime.date(2024, 1, 1),
            ["Ban Tuyên giáo Thành ủy Đà Nẵng", "Sở Thông tin và Truyền thông thành phố Đà Nẵng"],
        ),
    ],
)
def test_recipients_follow_the_2025_restructuring(
    province: str, day: datetime.date, expected: list[str]
) -> None:
    assert press_recipients(province, day) == expected
