"""Choices of the exemplary models (điển hình tiên tiến, gương người tốt việc tốt)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExemplarKind(models.TextChoices):
    INDIVIDUAL = "ca_nhan", _("Cá nhân")
    COLLECTIVE = "tap_the", _("Tập thể")
    HOUSEHOLD = "ho_gia_dinh", _("Hộ gia đình")


class ExemplarCategory(models.TextChoices):
    ADVANCED = "dien_hinh", _("Điển hình tiên tiến")
    GOOD_DEED = "nguoi_tot", _("Gương người tốt, việc tốt")
    MODEL = "mo_hinh", _("Mô hình, cách làm hay")


class Sector(models.TextChoices):
    ECONOMY = "kinh_te", _("Kinh tế, sản xuất, kinh doanh")
    RURAL = "nong_thon", _("Nông nghiệp, xây dựng nông thôn mới")
    EDUCATION = "giao_duc", _("Giáo dục, đào tạo")
    HEALTH = "y_te", _("Y tế")
    CULTURE = "van_hoa", _("Văn hóa, xã hội, giảm nghèo")
    SECURITY = "an_ninh", _("Quốc phòng, an ninh")
    ADMINISTRATION = "hanh_chinh", _("Cải cách hành chính, chuyển đổi số")
    OTHER = "khac", _("Lĩnh vực khác")


class ProposalSource(models.TextChoices):
    """Who brought the model forward (Chỉ thị 08/CT-UBND, III.3 and III.4)."""

    UNIT = "don_vi", _("Cơ quan, đơn vị, địa phương")
    FRONT = "mat_tran", _("Ủy ban Mặt trận Tổ quốc, đoàn thể")
    PRESS = "bao_chi", _("Cơ quan báo chí")


class ExemplarStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi, chờ duyệt")
    RETURNED = "returned", _("Bị trả lại")
    APPROVED = "approved", _("Đã duyệt")
    PUBLISHED = "published", _("Đã công bố")
    UNPUBLISHED = "unpublished", _("Đã gỡ công bố")


class ConsentStatus(models.TextChoices):
    NONE = "none", _("Chưa có sự đồng ý")
    GIVEN = "given", _("Đã đồng ý công bố")
    WITHDRAWN = "withdrawn", _("Đã rút lại sự đồng ý")


# Statuses in which the proposing side edits the model (the office returns it to edit again).
EDITABLE_STATUSES = (ExemplarStatus.DRAFT, ExemplarStatus.RETURNED)
# Statuses from which the office may return a model to its proposers.
RETURNABLE_STATUSES = (
    ExemplarStatus.SUBMITTED,
    ExemplarStatus.APPROVED,
    ExemplarStatus.UNPUBLISHED,
)
# Statuses from which the office publishes (again).
PUBLISHABLE_STATUSES = (ExemplarStatus.APPROVED, ExemplarStatus.UNPUBLISHED)
