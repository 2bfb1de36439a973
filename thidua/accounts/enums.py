"""Roles a user may hold on an org unit (the role covers the unit's subtree)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    QUAN_TRI = "quan_tri", _("Quản trị hệ thống")
    CHUYEN_VIEN_TDKT = "chuyen_vien_tdkt", _("Chuyên viên thi đua – khen thưởng (Sở Nội vụ)")
    THANH_VIEN_HOI_DONG = "thanh_vien_hoi_dong", _("Thành viên Hội đồng Thi đua – Khen thưởng")
    LANH_DAO_DON_VI = "lanh_dao_don_vi", _("Lãnh đạo đơn vị")
    NHAP_LIEU = "nhap_lieu", _("Cán bộ nhập liệu của đơn vị")
    TRUONG_CUM_KHOI = "truong_cum_khoi", _("Trưởng cụm, khối thi đua")
    NGUOI_XEM = "nguoi_xem", _("Người xem")


# Roles that may read the audit trail of the units they cover.
AUDIT_READER_ROLES = frozenset({Role.QUAN_TRI, Role.CHUYEN_VIEN_TDKT, Role.LANH_DAO_DON_VI})
