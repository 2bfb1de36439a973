"""Kinds of org units and of the events that change them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    TINH = "tinh", _("Tỉnh, thành phố trực thuộc Trung ương")
    SO_BAN_NGANH = "so_ban_nganh", _("Sở, ban, ngành")
    HUYEN = "huyen", _("Huyện, thị xã, thành phố thuộc tỉnh (trước 01/07/2025)")
    XA = "xa", _("Xã, phường, thị trấn, đặc khu")
    TRUNG_UONG = "trung_uong", _("Đơn vị Trung ương trên địa bàn")
    MAT_TRAN = "mat_tran", _("Mặt trận và tổ chức chính trị - xã hội")
    DOANH_NGHIEP = "doanh_nghiep", _("Doanh nghiệp")
    SU_NGHIEP = "su_nghiep", _("Đơn vị sự nghiệp")
    PHONG_BAN = "phong_ban", _("Phòng, ban nội bộ")


class LineageKind(models.TextChoices):
    ESTABLISH = "establish", _("Thành lập")
    MERGE = "merge", _("Sáp nhập, hợp nhất")
    SPLIT = "split", _("Chia tách")
    RENAME = "rename", _("Đổi tên")
    MOVE = "move", _("Điều chuyển")
    DISSOLVE = "dissolve", _("Giải thể")
