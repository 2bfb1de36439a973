"""Photo and document uploads: type sniffed from the content, size capped, decoded for real,
re-encoded upright without metadata; refusals name the file and say why, and keep nothing."""

import io
from typing import Any

import pytest
from PIL import Image

from conftest import Tree, make_user
from thidua.accounts.enums import Role
from thidua.core.exceptions import ApplicationError
from thidua.exemplars.models import ExemplarEvidence, ExemplarPhoto
from thidua.exemplars.services import (
    exemplar_approve,
    exemplar_evidence_add,
    exemplar_photo_add,
)
from thidua.exemplars.tests.helpers import PDF, gps_exif, image_bytes, new_exemplar, sent
from thidua.exemplars.uploads import PHOTO_MAX_BYTES, check_document, check_photo


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_photo_is_reencoded_without_gps_and_owner() -> None:
    original = image_bytes(exif=gps_exif())
    assert b"Nguyen Van Chup" in original

    checked = check_photo("IMG_0001.JPG", original)

    assert (checked.name, checked.extension, checked.content_type) == (
        "IMG_0001.JPG",
        ".jpg",
        "image/jpeg",
    )
    assert b"Nguyen Van Chup" not in checked.content
    with Image.open(io.BytesIO(checked.content)) as stored:
        assert (stored.format, stored.size, dict(stored.getexif())) == ("JPEG", (800, 600), {})


def test_a_photo_taken_sideways_is_turned_upright() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view

    checked = check_photo("doc.jpg", image_bytes(800, 600, exif=exif.tobytes()))

    assert (checked.width, checked.height) == (600, 800)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("anh.gif", b"GIF89a....", "Tệp “anh.gif” không được nhận: chỉ nhận JPG, JPEG, PNG."),
        ("anh.jpg", b"", "Tệp “anh.jpg” rỗng."),
        (
            "anh.jpg",
            b"<html>not an image</html>",
            "Nội dung tệp “anh.jpg” không đúng định dạng JPG.",
        ),
        (
            "anh.jpg",
            b"\xff\xd8\xff" + b"garbage" * 50,
            "Tệp “anh.jpg” không phải ảnh đọc được (ảnh hỏng hoặc chỉ đổi đuôi tệp).",
        ),
        (
            "anh.png",
            image_bytes(fmt="JPEG"),
            "Nội dung tệp “anh.png” không đúng định dạng PNG.",
        ),
        (
            "nho.jpg",
            image_bytes(320, 240),
            "Ảnh “nho.jpg” quá nhỏ (320 × 240 điểm ảnh); ảnh gửi báo chí cần cạnh ngắn ít nhất "
            "400 điểm ảnh.",
        ),
        (
            "dai.png",
            image_bytes(12_001, 400, fmt="PNG"),
            "Ảnh “dai.png” quá lớn (12.001 × 400 điểm ảnh); tối đa 12.000 điểm ảnh mỗi cạnh.",
        ),
        ("to.jpg", b"\xff\xd8\xff" + b"0" * PHOTO_MAX_BYTES, "Tệp “to.jpg” lớn hơn 10 MB."),
    ],
)
def test_refused_photos_are_named_with_the_reason(name: str, content: bytes, message: str) -> None:
    with pytest.raises(ApplicationError) as refused:
        check_photo(name, content)

    assert (refused.value.message, refused.value.extra) == (message, {"field": "file"})


def test_a_refused_photo_leaves_nothing_behind(tree: Tree, tmp_path: Any) -> None:
    exemplar = new_exemplar(tree)

    with pytest.raises(ApplicationError):
        exemplar_photo_add(
            actor=make_user(Role.NHAP_LIEU, tree.unit),
            exemplar=exemplar,
            file_name="anh.jpg",
            content=b"\xff\xd8\xff not really",
            caption="Ảnh",
        )

    assert ExemplarPhoto.objects.count() == 0
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*.jpg"))


def test_a_caption_is_required(tree: Tree) -> None:
    with pytest.raises(ApplicationError) as refused:
        exemplar_photo_add(
            actor=None,
            exemplar=new_exemplar(tree),
            file_name="a.jpg",
            content=image_bytes(),
            caption=" ",
        )

    assert refused.value.message == "Trường “Chú thích ảnh” không được để trống."


def test_the_unit_adds_files_only_while_it_edits(tree: Tree) -> None:
    exemplar = exemplar_approve(actor=None, exemplar=sent(tree))
    proposer = make_user(Role.NHAP_LIEU, tree.unit)
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)

    with pytest.raises(ApplicationError) as refused:
        exemplar_photo_add(
            actor=proposer, exemplar=exemplar, file_name="a.jpg", content=image_bytes(), caption="A"
        )
    photo = exemplar_photo_add(
        actor=office, exemplar=exemplar, file_name="a.jpg", content=image_bytes(), caption="A"
    )

    assert "đang ở trạng thái “Đã duyệt”" in refused.value.message
    assert (photo.order, photo.width, photo.height, photo.approved) == (1, 800, 600, False)


def test_evidence_accepts_pdf_and_refuses_a_renamed_file(tree: Tree) -> None:
    exemplar = new_exemplar(tree)

    evidence = exemplar_evidence_add(
        actor=None, exemplar=exemplar, file_name="xac-nhan.pdf", content=PDF, description="Xác nhận"
    )
    with pytest.raises(ApplicationError) as refused:
        exemplar_evidence_add(
            actor=None, exemplar=exemplar, file_name="gia.pdf", content=b"MZ\x90", description="X"
        )

    assert (evidence.content_type, ExemplarEvidence.objects.count()) == ("application/pdf", 1)
    assert refused.value.message == "Nội dung tệp “gia.pdf” không đúng định dạng PDF."


def test_check_document_names_the_field() -> None:
    with pytest.raises(ApplicationError) as refused:
        check_document("phieu.exe", b"MZ")

    assert refused.value.extra == {"field": "file"}
