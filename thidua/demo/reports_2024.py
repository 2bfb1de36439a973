"""Periodic reports of the Kon Tum 2024 demo: the province's sơ kết 6 tháng, issued, and its
tổng kết năm as a draft the office is still writing. The figures between the sections come
from the demo's data when the report is opened or printed."""

import datetime

from thidua.org.models import OrgUnit
from thidua.reports import services
from thidua.reports.models import PeriodicReport

HALF_YEAR = {
    "overview": (
        "Sáu tháng đầu năm 2024, các cấp, các ngành triển khai Chỉ thị số 08/CT-UBND ngày "
        "06/02/2024 của Ủy ban nhân dân tỉnh; phong trào thi đua gắn với nhiệm vụ chính trị "
        "của từng cơ quan, đơn vị.\n"
        "Nhiều đơn vị chủ động ký giao ước thi đua, đăng ký danh hiệu ngay từ đầu năm."
    ),
    "shortcomings": (
        "Một số đơn vị gửi báo cáo định kỳ chậm so với thời hạn.\n"
        "Việc phát hiện, bồi dưỡng điển hình tiên tiến ở cơ sở còn ít."
    ),
    "causes": "Cán bộ làm công tác thi đua, khen thưởng ở cơ sở phần lớn kiêm nhiệm.",
    "lessons": "Lãnh đạo đơn vị trực tiếp chỉ đạo thì phong trào có kết quả rõ nét.",
    "next_tasks": (
        "Đôn đốc các đơn vị hoàn thành các chỉ tiêu chậm tiến độ.\n"
        "Chuẩn bị tổng kết công tác thi đua, khen thưởng năm 2024."
    ),
    "proposals": "Đề nghị Sở Nội vụ tổ chức tập huấn nghiệp vụ cho cán bộ cấp xã.",
    "signer_name": "Nguyễn Văn Hòa",
    "signer_title": "KT. CHỦ TỊCH",
}


def load_reports_2024() -> list[PeriodicReport]:
    province = OrgUnit.objects.get(name="Tỉnh Kon Tum")
    half = services.periodic_report_create(actor=None, unit=province, kind="so_ket", year=2024)
    half = services.periodic_report_update(actor=None, report=half, version=1, **HALF_YEAR)
    half = services.periodic_report_issue(
        actor=None,
        report=half,
        version=half.version,
        number="142/BC-UBND",
        issued_on=datetime.date(2024, 7, 12),
    )
    year_end = services.periodic_report_create(
        actor=None, unit=province, kind="tong_ket", year=2024
    )
    year_end = services.periodic_report_update(
        actor=None,
        report=year_end,
        version=1,
        overview=(
            "Năm 2024, phong trào thi đua yêu nước được phát động sâu rộng với 18 phong trào; "
            "các cụm, khối thi đua chấm điểm, xếp hạng công khai."
        ),
    )
    return [half, year_end]
