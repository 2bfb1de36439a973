"""Vietnamese names of the audited actions, for the audit pages."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

AUDIT_ACTION_LABELS: dict[str, Promise] = {
    "org_unit.established": _("Thành lập đơn vị"),
    "org_unit.corrected": _("Sửa thông tin đơn vị"),
    "org_unit.renamed": _("Đổi tên đơn vị"),
    "org_unit.moved": _("Điều chuyển đơn vị"),
    "org_unit.merged": _("Sáp nhập, hợp nhất đơn vị"),
    "org_unit.split": _("Chia tách đơn vị"),
    "org_unit.dissolved": _("Giải thể đơn vị"),
    "user.created": _("Tạo tài khoản"),
    "user.password_changed": _("Đổi mật khẩu"),
    "user.activated": _("Mở khóa tài khoản"),
    "user.deactivated": _("Khóa tài khoản"),
    "membership.granted": _("Giao vai trò"),
    "membership.revoked": _("Thu hồi vai trò"),
    "api_token.created": _("Tạo mã truy cập API"),
    "api_token.revoked": _("Thu hồi mã truy cập API"),
    "admin.changed": _("Sửa dữ liệu trong trang quản trị"),
    "admin.added": _("Thêm dữ liệu trong trang quản trị"),
    "admin.deleted": _("Xóa dữ liệu trong trang quản trị"),
    "periodic_report.created": _("Lập báo cáo sơ kết, tổng kết"),
    "periodic_report.updated": _("Sửa báo cáo sơ kết, tổng kết"),
    "periodic_report.issued": _("Ban hành báo cáo sơ kết, tổng kết"),
    "rendering.requested": _("Yêu cầu tạo bản PDF"),
    "rendering.done": _("Tạo xong bản PDF"),
    "rendering.failed": _("Không tạo được bản PDF"),
    "rendering.requeued": _("Đưa lại việc tạo bản PDF vào hàng đợi"),
    "round.created": _("Mở đợt khen thưởng"),
    "round.closed": _("Khóa sổ đợt khen thưởng"),
    "nomination.created": _("Tạo đề nghị khen thưởng"),
    "nomination.updated": _("Sửa đề nghị khen thưởng"),
    "nomination.submitted": _("Gửi đề nghị khen thưởng"),
    "nomination.returned": _("Trả lại hồ sơ đề nghị"),
    "nomination.accepted": _("Xác nhận hồ sơ hợp lệ"),
    "nomination.withdrawn": _("Rút đề nghị khen thưởng"),
    "dossier.uploaded": _("Tải lên tệp hồ sơ"),
    "dossier.generated": _("Tạo tệp hồ sơ từ dữ liệu"),
    "dossier.removed": _("Xóa tệp hồ sơ"),
    "public_comment.posted": _("Góp ý công khai"),
    "public_comment.approved": _("Duyệt công khai góp ý"),
    "public_comment.rejected": _("Không công khai góp ý"),
    "council_member.added": _("Thêm thành viên Hội đồng"),
    "council_session.created": _("Lập phiên họp Hội đồng"),
    "council_session.attendance_set": _("Cập nhật danh sách dự họp"),
    "council_session.votes_recorded": _("Ghi kết quả biểu quyết"),
    "council_session.ballot_cast": _("Ghi phiếu của một thành viên Hội đồng"),
    "council_session.closed": _("Kết thúc phiên họp Hội đồng"),
    "decision.drafted": _("Lập dự thảo quyết định"),
    "decision.discarded": _("Hủy dự thảo quyết định"),
    "decision_register.continued": _("Nối tiếp sổ đăng ký số quyết định"),
    "decision.signed": _("Ký, lấy số quyết định"),
    "decision.scan_attached": _("Đính kèm bản quyết định đã ký"),
    "decision.published": _("Công khai quyết định"),
}


def audit_action_label(action: str) -> str:
    label = AUDIT_ACTION_LABELS.get(action)
    return str(label) if label is not None else action


AUDIT_ACTION_LABELS.update(
    {
        "campaign.created": _("Tạo phong trào thi đua năm"),
        "target.created": _("Thêm chỉ tiêu"),
        "measure.created": _("Thêm chỉ số đo"),
        "report.saved": _("Lưu báo cáo chỉ tiêu"),
        "report.submitted": _("Gửi báo cáo chỉ tiêu"),
        "report.approved": _("Duyệt báo cáo chỉ tiêu"),
        "report.returned": _("Trả lại báo cáo chỉ tiêu"),
        "report.corrected": _("Điều chỉnh số liệu đã duyệt"),
        "report.evidence_added": _("Thêm minh chứng cho báo cáo"),
    }
)

AUDIT_ACTION_LABELS.update(
    {
        "movement.created": _("Phát động phong trào thi đua"),
        "decision_number.taken": _("Lấy số quyết định khen thưởng"),
        "ingest.uploaded": _("Tải lên văn bản phát động"),
        "ingest.read": _("Đọc xong văn bản"),
        "ingest.failed": _("Không đọc được văn bản"),
        "ingest.requeued": _("Đưa lại việc đọc văn bản vào hàng đợi"),
        "ingest.text_corrected": _("Sửa nội dung văn bản đã đọc"),
        "ingest.confirmed": _("Xác nhận văn bản, tạo phong trào"),
    }
)

AUDIT_ACTION_LABELS.update(
    {
        "movement.cascaded": _("Phát động tiếp phong trào thi đua"),
        "milestone.created": _("Thêm mốc sơ kết, tổng kết phong trào"),
        "movement_plan.saved": _("Lưu kế hoạch thực hiện phong trào"),
        "movement_plan.submitted": _("Gửi kế hoạch thực hiện phong trào"),
        "registration.saved": _("Lưu đăng ký thi đua"),
        "registration.submitted": _("Gửi đăng ký thi đua"),
        "registration.acknowledged": _("Xác nhận đăng ký thi đua"),
        "milestone_report.saved": _("Lưu báo cáo sơ kết, tổng kết"),
        "milestone_report.submitted": _("Gửi báo cáo sơ kết, tổng kết"),
    }
)

AUDIT_ACTION_LABELS.update(
    {
        "core.backup": _("Sao lưu dữ liệu và tệp tải lên"),
        "core.restore": _("Khôi phục dữ liệu từ bản sao lưu"),
    }
)

AUDIT_ACTION_LABELS.update(
    {
        "cluster.created": _("Thành lập cụm, khối thi đua"),
        "cluster_year.created": _("Mở năm thi đua của cụm, khối"),
        "covenant.signed": _("Ký giao ước thi đua"),
        "scoring_table.set": _("Ban hành bảng tiêu chí chấm điểm"),
        "assessment.saved": _("Lưu bảng chấm điểm thi đua"),
        "assessment.self_submitted": _("Gửi bảng tự chấm điểm"),
        "assessment.cross_submitted": _("Gửi kết quả chấm chéo"),
        "assessment.reviewed": _("Thẩm định bảng chấm điểm"),
        "assessment.returned": _("Trả lại bảng chấm điểm"),
        "assessment.evidence_added": _("Thêm minh chứng cho bảng chấm điểm"),
        "cluster_year.published": _("Công bố kết quả thi đua của cụm, khối"),
        "cluster_year.proposed": _("Đề nghị khen thưởng theo kết quả cụm, khối"),
        "person.created": _("Thêm cá nhân vào sổ khen thưởng"),
        "household.created": _("Thêm hộ gia đình vào sổ khen thưởng"),
        "rating.set": _("Ghi xếp loại năm"),
        "rating.replaced": _("Sửa xếp loại năm"),
        "award_record.created": _("Ghi khen thưởng vào lịch sử"),
        "award_record.revoked": _("Hủy khen thưởng trong lịch sử"),
        "discipline_record.created": _("Ghi kỷ luật vào lịch sử"),
        "hold.created": _("Ghi việc tạm hoãn xét khen thưởng"),
        "hold.closed": _("Kết thúc tạm hoãn xét khen thưởng"),
        "initiative.created": _("Ghi sáng kiến vào lịch sử"),
        "initiative.used": _("Ghi sáng kiến đã dùng để khen thưởng"),
        "holiday.created": _("Thêm ngày nghỉ lễ"),
        "holiday.renamed": _("Đổi tên ngày nghỉ lễ"),
        "holidays.imported": _("Nhập lịch ngày nghỉ lễ"),
        "holiday.seeded": _("Nạp lịch ngày nghỉ lễ"),
        "demo.commendation_loaded": _("Nạp dữ liệu khen thưởng minh họa"),
    }
)
