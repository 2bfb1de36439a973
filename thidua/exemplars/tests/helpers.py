"""Builders shared by the exemplary-model tests: images made with Pillow, models written through
the services (actor=None is the system), a published model with its photos."""

import datetime
import io
from dataclasses import dataclass
from typing import Any

from PIL import Image

from conftest import Tree
from thidua.exemplars.models import Exemplar, ExemplarPhoto
from thidua.exemplars.services import (
    exemplar_approve,
    exemplar_consent_record,
    exemplar_create,
    exemplar_evidence_add,
    exemplar_photo_add,
    exemplar_photo_review,
    exemplar_publish,
    exemplar_submit,
)

NAME = "Y Nhung Ksor"
PUBLIC_NAME = "Chị Y Nhung"
HEADLINE = "Nữ y sĩ hai mươi năm bám bản"
STORY = (
    "Chị về trạm y tế xã từ năm 2004, khi đường vào thôn còn là đường đất.\n"
    "Mỗi tháng chị đi bộ đến từng thôn để tiêm chủng cho trẻ em."
)
FACTS = ["20 năm công tác tại trạm y tế xã", "Hơn 3.000 lượt trẻ em được tiêm chủng"]
PHONE = "0905123456"
ID_NUMBER = "062190001234"
ADDRESS = "Thôn Kon Klor, xã Đăk Rơ Wa"
BIRTH = datetime.date(1982, 3, 14)
CONSENT_DAY = datetime.date(2024, 5, 10)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def image_bytes(
    width: int = 800, height: int = 600, fmt: str = "JPEG", exif: bytes | None = None
) -> bytes:
    image = Image.new("RGB", (width, height), (200, 120, 40))
    buffer = io.BytesIO()
    options: dict[str, Any] = {"exif": exif} if exif is not None else {}
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def gps_exif() -> bytes:
    """EXIF with a GPS position (Kon Tum) and an owner name, as a phone writes it."""
    exif = Image.Exif()
    exif[0x013B] = "Nguyen Van Chup"  # Artist
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (14.0, 21.0, 0.0)
    gps[3] = "E"
    gps[4] = (108.0, 0.0, 0.0)
    return exif.tobytes()


def details(tree: Tree, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "unit": tree.unit,
        "kind": "ca_nhan",
        "category": "nguoi_tot",
        "sector": "y_te",
        "year": 2024,
        "name": NAME,
        "public_name": PUBLIC_NAME,
        "headline": HEADLINE,
        "story": STORY,
        "facts": FACTS,
        "source": "don_vi",
        "birth_date": BIRTH,
        "phone": PHONE,
        "id_number": ID_NUMBER,
        "address": ADDRESS,
    }
    values.update(overrides)
    return values


def new_exemplar(tree: Tree, **overrides: Any) -> Exemplar:
    return exemplar_create(actor=None, **details(tree, **overrides))


def sent(tree: Tree, **overrides: Any) -> Exemplar:
    return exemplar_submit(actor=None, exemplar=new_exemplar(tree, **overrides))


def consented(exemplar: Exemplar, show_unit: bool = True) -> Exemplar:
    return exemplar_consent_record(
        actor=None, exemplar=exemplar, consent_on=CONSENT_DAY, show_unit=show_unit
    )


@dataclass
class Published:
    exemplar: Exemplar
    shown: ExemplarPhoto  # consented and approved
    hidden: ExemplarPhoto  # no consent from the person in it


def published(tree: Tree, **overrides: Any) -> Published:
    exemplar = sent(tree, **overrides)
    shown = exemplar_photo_add(
        actor=None,
        exemplar=exemplar,
        file_name="tram-y-te.jpg",
        content=image_bytes(),
        caption="Chị Y Nhung khám cho trẻ em",
        credit="Báo Kon Tum",
        consent=True,
    )
    hidden = exemplar_photo_add(
        actor=None,
        exemplar=exemplar,
        file_name="gia-dinh.png",
        content=image_bytes(fmt="PNG"),
        caption="Ảnh gia đình không được công bố",
        consent=False,
    )
    exemplar_photo_review(actor=None, photo=shown, approved=True)
    exemplar_evidence_add(
        actor=None,
        exemplar=exemplar,
        file_name="xac-nhan.pdf",
        content=PDF,
        description="Giấy xác nhận của Trạm Y tế",
    )
    exemplar = exemplar_approve(actor=None, exemplar=exemplar)
    exemplar = consented(exemplar)
    exemplar = exemplar_publish(actor=None, exemplar=exemplar)
    return Published(exemplar=exemplar, shown=shown, hidden=hidden)
