"""Choices for targets, measures and reports. The comparator, direction, accumulation and
status vocabularies are those of `evaluation.py` (and of the ingestion of directives)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ComparatorChoice(models.TextChoices):
    GTE = ">=", _("từ X trở lên (≥)")
    GT = ">", _("trên X (>)")
    LTE = "<=", _("không quá X (≤)")
    LT = "<", _("dưới X (<)")
    EQ = "=", _("đạt X")
    RANGE = "range", _("trong khoảng X–Y")
    INCREASE_BY = "increase_by", _("tăng X so với gốc")
    DECREASE_BY = "decrease_by", _("giảm X so với gốc")
    NEW_COUNT = "new_count", _("thêm mới X")
    RANK_IMPROVE_BY = "rank_improve_by", _("tăng X bậc xếp hạng")


class DirectionChoice(models.TextChoices):
    HIGHER = "higher", _("càng cao càng tốt")
    LOWER = "lower", _("càng thấp càng tốt")


class AccumulationChoice(models.TextChoices):
    FLOW = "flow", _("lũy kế từ đầu năm")
    LEVEL = "level", _("giá trị tại thời điểm")


class PeriodScope(models.TextChoices):
    YEAR = "year", _("trong năm")
    PER_YEAR = "per_year", _("mỗi năm")


class Rollup(models.TextChoices):
    SUM = "sum", _("cộng các đơn vị")
    MEAN = "mean", _("bình quân các đơn vị")
    WEIGHTED_MEAN = "weighted_mean", _("bình quân gia quyền theo dân số")
    LATEST = "latest", _("số mới nhất")
    LEAD_ONLY = "lead_only", _("chỉ đơn vị chủ trì báo cáo")


class FrequencyChoice(models.TextChoices):
    MONTHLY = "monthly", _("hằng tháng")
    QUARTERLY = "quarterly", _("hằng quý")
    HALF_YEARLY = "half_yearly", _("6 tháng")
    YEARLY = "yearly", _("hằng năm")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi, chờ duyệt")
    RETURNED = "returned", _("Bị trả lại")
    APPROVED = "approved", _("Đã duyệt")


class RevisionAction(models.TextChoices):
    SAVED = "saved", _("Lưu")
    SUBMITTED = "submitted", _("Gửi duyệt")
    RETURNED = "returned", _("Trả lại")
    APPROVED = "approved", _("Duyệt")
    CORRECTED = "corrected", _("Điều chỉnh")


STATUS_LABELS = {
    "vuot": _("Vượt"),
    "dat": _("Đạt"),
    "dung_tien_do": _("Đúng tiến độ"),
    "cham_tien_do": _("Chậm tiến độ"),
    "nguy_co": _("Nguy cơ không đạt"),
    "chua_dat": _("Chưa đạt"),
    "chua_co_so_lieu": _("Chưa có số liệu"),
}
