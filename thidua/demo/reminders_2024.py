"""Kon Tum 2024 reminders: four obstacles (vướng mắc, kiến nghị) raised by the demo's units and
handled by the emulation office — answered, forwarded to the block's leader, answered and closed,
and one still new — and the overdue detection run on 20/07/2024, after the half-year reports
and the sơ kết were due, which notifies the late units' demo accounts and gives the office its
digest (the demo accounts have no e-mail address: nothing is mailed).

The questions and answers are invented for the demo. Everything goes through the services; the
times they take from the clock are then moved into 2024, as the other 2024 demos do.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from thidua.accounts.models import User
from thidua.core.text import TIME_ZONE
from thidua.demo.commendation_2024 import demo_pdf
from thidua.demo.movements_2024 import YEARLY_NAME
from thidua.demo.org_units import DEMO_PROVINCE_CODE
from thidua.emulation.models import Movement
from thidua.org.models import OrgUnit
from thidua.reminders.enums import NotificationKind, ObstacleStatus
from thidua.reminders.models import Notification, Obstacle, ObstacleEvent
from thidua.reminders.services import ReminderRun, obstacle_create, obstacle_status_set
from thidua.reminders.services import reminders_send as detect
from thidua.targets.models import Target

D = datetime.date
UNITS_DAY = D(2024, 6, 30)
DETECTION_DAY = D(2024, 7, 20)


@dataclass(frozen=True)
class RemindersDemo:
    obstacles: list[Obstacle]
    run: ReminderRun


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TIME_ZONE)


def _dated(obstacle: Obstacle, day: datetime.date, hour: int) -> Obstacle:
    """Move the last step of `obstacle` (its event and the notifications it sent) to `day`."""
    moment = _at(day, hour)
    event = ObstacleEvent.objects.filter(obstacle=obstacle).order_by("-id").first()
    if event is not None:
        ObstacleEvent.objects.filter(pk=event.pk).update(at=moment)
        Notification.objects.filter(
            kind=NotificationKind.OBSTACLE, item_key=f"obstacle:{obstacle.pk}:{event.pk}"
        ).update(day=day, created_at=moment)
    changes: dict[str, Any] = {"updated_at": moment}
    if event is not None and not event.from_status:
        changes["created_at"] = moment
    if obstacle.status == ObstacleStatus.ANSWERED and obstacle.replied_at is not None:
        changes["replied_at"] = moment
    Obstacle.objects.filter(pk=obstacle.pk).update(**changes)
    obstacle.refresh_from_db()
    return obstacle


def _step(
    obstacle: Obstacle,
    actor: Any,
    status: str,
    day: datetime.date,
    hour: int,
    *,
    note: str = "",
    reply: str = "",
    forwarded_to: str = "",
) -> Obstacle:
    moved = obstacle_status_set(
        actor=actor,
        obstacle=obstacle,
        status=status,
        note=note,
        reply=reply,
        forwarded_to=forwarded_to,
    )
    return _dated(moved, day, hour)


def load_reminders_2024() -> RemindersDemo:
    """The obstacles and their answers, then the detection of 20/07/2024."""
    units = OrgUnit.objects.valid_on(UNITS_DAY)
    root = units.get(parent__isnull=True, code=DEMO_PROVINCE_CODE)
    ward = units.get(path__startswith=root.path, name="Phường Quang Trung")
    health = units.get(parent=root, name="Sở Y tế tỉnh Kon Tum")
    district = units.filter(parent=root, kind="huyen").order_by("name").first() or root
    accounts = {user.username: user for user in User.objects.filter(is_demo=True)}
    officer, head, clerk = accounts["chuyenvien"], accounts["lanhdao"], accounts["nhaplieu"]
    yearly = Movement.objects.filter(name=YEARLY_NAME, launched_by=root).first()
    growth = Target.objects.filter(campaign__province=root, campaign__year=2024, number=1).first()

    template = obstacle_create(
        actor=clerk,
        unit=ward,
        title="Mẫu Excel báo cáo chỉ tiêu chưa có cột số liệu cùng kỳ năm trước",
        description=(
            "Mẫu Excel báo cáo chỉ tiêu 6 tháng đầu năm 2024 của phường chưa có cột số liệu cùng "
            "kỳ năm 2023, nên phường không giải trình được mức tăng, giảm so với cùng kỳ. Đề nghị "
            "bổ sung cột số liệu cùng kỳ hoặc hướng dẫn cách ghi vào phần giải trình."
        ),
        area="chi_tieu",
        target=growth,
        files=[
            (
                "Mau bao cao 6 thang cua phuong.pdf",
                demo_pdf("Mau bao cao chi tieu 6 thang", ["Phuong Quang Trung"]),
            )
        ],
        is_demo=True,
    )
    template = _dated(template, D(2024, 7, 8), 8)
    template = _step(
        template,
        officer,
        ObstacleStatus.IN_PROGRESS,
        D(2024, 7, 9),
        10,
        note="Ban Thi đua - Khen thưởng đang rà soát mẫu báo cáo của các xã, phường.",
    )
    template = _step(
        template,
        officer,
        ObstacleStatus.ANSWERED,
        D(2024, 7, 11),
        15,
        reply=(
            "Mẫu báo cáo theo kỳ chỉ ghi số liệu của kỳ báo cáo; số liệu cùng kỳ năm trước ghi "
            "vào ô giải trình (ví dụ: “Cùng kỳ 2023: 1.250 hộ”). Từ kỳ báo cáo quý III/2024, "
            "mẫu Excel tải về sẽ có sẵn cột cùng kỳ."
        ),
    )

    scoring = obstacle_create(
        actor=head,
        unit=health,
        title="Đề nghị hướng dẫn chấm tiêu chí 1.1 khi kế hoạch ban hành chậm do kiện toàn bộ máy",
        description=(
            "Kế hoạch thi đua năm 2024 của Sở ban hành chậm 10 ngày do kiện toàn lãnh đạo phòng "
            "chuyên môn. Đề nghị hướng dẫn mức trừ điểm tiêu chí 1.1 của Khối thi đua các cơ "
            "quan tham mưu quản lý nhà nước về văn hóa – xã hội trong trường hợp này."
        ),
        area="cum_khoi",
        is_demo=True,
    )
    scoring = _dated(scoring, D(2024, 11, 20), 9)
    scoring = _step(
        scoring,
        officer,
        ObstacleStatus.FORWARDED,
        D(2024, 11, 21),
        14,
        forwarded_to="Sở Thông tin và Truyền thông tỉnh Kon Tum (Trưởng khối thi đua)",
        note="Việc chấm điểm tiêu chí do Trưởng khối thống nhất tại hội nghị tổng kết khối.",
    )

    extension = obstacle_create(
        actor=head,
        unit=health,
        title="Kiến nghị gia hạn gửi báo cáo sơ kết 6 tháng phong trào thi đua năm 2024",
        description=(
            "Sở đang tổng hợp số liệu phòng, chống dịch bệnh mùa mưa của các đơn vị trực thuộc; "
            "đề nghị cho gia hạn gửi báo cáo sơ kết 6 tháng đến ngày 20/6/2024."
        ),
        area="phong_trao",
        movement=yearly,
        is_demo=True,
    )
    extension = _dated(extension, D(2024, 6, 12), 8)
    extension = _step(extension, officer, ObstacleStatus.IN_PROGRESS, D(2024, 6, 13), 9)
    extension = _step(
        extension,
        officer,
        ObstacleStatus.ANSWERED,
        D(2024, 6, 14),
        16,
        reply=(
            "Đồng ý để Sở Y tế gửi báo cáo sơ kết 6 tháng trước ngày 20/6/2024; báo cáo gửi sau "
            "ngày 15/6/2024 vẫn được ghi nhận là gửi muộn trên Hệ thống."
        ),
    )
    extension = _step(
        extension,
        head,
        ObstacleStatus.CLOSED,
        D(2024, 6, 15),
        8,
        note="Sở đã nhận ý kiến trả lời, sẽ gửi báo cáo đúng hạn gia hạn.",
    )

    training = obstacle_create(
        actor=None,
        unit=district,
        title="Đề nghị tập huấn sử dụng Hệ thống cho cán bộ nhập liệu cấp xã",
        description=(
            "Nhiều cán bộ văn phòng – thống kê cấp xã mới được phân công, chưa quen báo cáo chỉ "
            "tiêu và đăng ký thi đua trên Hệ thống. Đề nghị tổ chức tập huấn trực tuyến trong "
            "tháng 7/2024."
        ),
        area="khac",
        is_demo=True,
    )
    training = _dated(training, D(2024, 7, 18), 10)

    run = detect(actor=None, today=DETECTION_DAY)
    Notification.objects.filter(day=DETECTION_DAY).exclude(kind=NotificationKind.OBSTACLE).update(
        created_at=_at(DETECTION_DAY, 7)
    )
    return RemindersDemo(obstacles=[template, scoring, extension, training], run=run)
