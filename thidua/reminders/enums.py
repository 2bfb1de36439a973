"""Vocabularies of the reminders app: the kinds of deadlines and their states, who sees and who
is reminded of a deadline, notifications, and the obstacles (vướng mắc, kiến nghị) with their
status transitions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeadlineKind(models.TextChoices):
    REPORT = "bao_cao_chi_tieu", _("Báo cáo chỉ tiêu")
    PLAN = "ke_hoach", _("Kế hoạch thực hiện phong trào")
    REGISTRATION = "dang_ky", _("Đăng ký thi đua")
    MILESTONE = "so_ket_tong_ket", _("Báo cáo sơ kết, tổng kết")
    COVENANT = "giao_uoc", _("Ký giao ước thi đua")
    ASSESSMENT = "cham_diem", _("Tự chấm điểm cụm, khối")
    DOSSIER = "ho_so", _("Hồ sơ đề nghị khen thưởng")
    APPRAISAL = "tham_dinh", _("Thẩm định hồ sơ khen thưởng")
    ROUND = "han_nop", _("Hạn nộp hồ sơ đợt khen thưởng")


class DeadlineStatus(models.TextChoices):
    DONE = "xong", _("Đã hoàn thành")
    UPCOMING = "chua_den_han", _("Chưa đến hạn")
    DUE_SOON = "sap_den_han", _("Sắp đến hạn")
    OVERDUE = "qua_han", _("Quá hạn")


class Visibility(models.TextChoices):
    """Who sees a deadline besides those whose roles cover its unit."""

    UNIT = "unit", _("Ai có vai trò bao trùm đơn vị")
    FILERS = "filers", _("Chỉ người lập hồ sơ của đơn vị")
    OFFICE = "office", _("Chỉ cơ quan thường trực thi đua")
    BELOW = "below", _("Đơn vị và các đơn vị cấp dưới")


class Audience(models.TextChoices):
    """Who is reminded once the deadline has passed."""

    UNIT = "unit", _("Lãnh đạo và cán bộ nhập liệu của đơn vị")
    OFFICE = "office", _("Cơ quan thường trực thi đua")
    NOBODY = "nobody", _("Không nhắc")


class NotificationKind(models.TextChoices):
    OVERDUE = "qua_han", _("Nhắc việc quá hạn")
    DIGEST = "tong_hop", _("Tổng hợp đơn vị chậm")
    OBSTACLE = "vuong_mac", _("Vướng mắc, kiến nghị")


class ObstacleStatus(models.TextChoices):
    NEW = "moi", _("Mới")
    IN_PROGRESS = "dang_xu_ly", _("Đang xử lý")
    ANSWERED = "da_tra_loi", _("Đã trả lời")
    FORWARDED = "da_chuyen", _("Đã chuyển")
    CLOSED = "dong", _("Đóng")


class ObstacleArea(models.TextChoices):
    TARGETS = "chi_tieu", _("Chỉ tiêu, báo cáo số liệu")
    MOVEMENTS = "phong_trao", _("Phong trào thi đua")
    CLUSTERS = "cum_khoi", _("Cụm, khối thi đua")
    COMMENDATION = "khen_thuong", _("Hồ sơ khen thưởng")
    OTHER = "khac", _("Khác")


# mới → đang xử lý → đã trả lời / đã chuyển / đóng; a forwarded obstacle may come back, an
# answered one may be taken up again; a closed one stays closed.
OBSTACLE_TRANSITIONS: dict[str, frozenset[str]] = {
    ObstacleStatus.NEW: frozenset(
        {
            ObstacleStatus.IN_PROGRESS,
            ObstacleStatus.ANSWERED,
            ObstacleStatus.FORWARDED,
            ObstacleStatus.CLOSED,
        }
    ),
    ObstacleStatus.IN_PROGRESS: frozenset(
        {ObstacleStatus.ANSWERED, ObstacleStatus.FORWARDED, ObstacleStatus.CLOSED}
    ),
    ObstacleStatus.FORWARDED: frozenset(
        {ObstacleStatus.IN_PROGRESS, ObstacleStatus.ANSWERED, ObstacleStatus.CLOSED}
    ),
    ObstacleStatus.ANSWERED: frozenset({ObstacleStatus.IN_PROGRESS, ObstacleStatus.CLOSED}),
    ObstacleStatus.CLOSED: frozenset(),
}
OPEN_OBSTACLE_STATUSES = frozenset(
    {ObstacleStatus.NEW, ObstacleStatus.IN_PROGRESS, ObstacleStatus.FORWARDED}
)
