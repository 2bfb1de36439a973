"""Vietnamese names of the audited actions on exemplary models; added to the audit pages'
labels when the app is ready (see apps.py)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

EXEMPLAR_ACTION_LABELS: dict[str, Promise] = {
    "exemplar.created": _("Đề xuất điển hình"),
    "exemplar.updated": _("Sửa điển hình"),
    "exemplar.submitted": _("Gửi điển hình chờ duyệt"),
    "exemplar.returned": _("Trả lại điển hình"),
    "exemplar.approved": _("Duyệt điển hình"),
    "exemplar.published": _("Công bố điển hình"),
    "exemplar.unpublished": _("Gỡ công bố điển hình"),
    "exemplar.consent_recorded": _("Ghi nhận sự đồng ý công bố"),
    "exemplar.consent_withdrawn": _("Rút lại sự đồng ý công bố"),
    "exemplar.links_set": _("Gắn khen thưởng, phong trào cho điển hình"),
    "exemplar.press_pack_made": _("Lập bộ tư liệu gửi báo chí"),
    "exemplar_photo.added": _("Thêm ảnh điển hình"),
    "exemplar_photo.reviewed": _("Duyệt ảnh điển hình"),
    "exemplar_photo.consent_changed": _("Ghi nhận sự đồng ý công bố ảnh"),
    "exemplar_photo.removed": _("Xóa ảnh điển hình"),
    "exemplar_evidence.added": _("Thêm minh chứng điển hình"),
    "exemplar_evidence.removed": _("Xóa minh chứng điển hình"),
}
