"""The reminders pages: who may open what (anonymous, no role, another unit, the parent unit,
the right role), the calendar listing exactly the late units on a fixed day, the letter page and
its DOCX, notifications and the bell, obstacles raised, answered and read, constant query
counts on the lists."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import PERMISSION_CASES, Tree, make_unit, make_user
from thidua.accounts.enums import Role
from thidua.core.text import search_key
from thidua.reminders.enums import ObstacleStatus
from thidua.reminders.models import Notification, Obstacle
from thidua.reminders.services import obstacle_create, reminders_send
from thidua.reminders.tests.conftest import PDF, TODAY, World
from thidua.targets.models import Assignment
from thidua.targets.services import report_save, report_submit

COVERED_URL_NAMES = [
    "reminders:calendar",
    "reminders:letter",
    "reminders:letter-docx",
    "reminders:notification-list",
    "reminders:notification-read-all",
    "reminders:notification-open",
    "reminders:notification-badge",
    "reminders:obstacle-list",
    "reminders:obstacle-new",
    "reminders:obstacle-detail",
    "reminders:obstacle-attachment",
]
DAY = "ngay=20/07/2024"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def obstacle_of(world: World) -> Obstacle:
    return obstacle_create(
        actor=None,
        unit=world.missing,
        title="Chưa rõ cách báo cáo chỉ tiêu sáng kiến",
        description="Đề nghị hướng dẫn cách tính số sáng kiến được công nhận trong 6 tháng.",
        files=[("Văn bản hỏi.pdf", PDF)],
    )


# --- Permissions -----------------------------------------------------------------------------

# Expected status per page and case, for a data officer (NHAP_LIEU) of "the unit" (Sở Nội vụ).
UNIT_EXPECTED: dict[str, dict[str, int]] = {
    "calendar": {"anonymous": 302, "no_role": 403},
    "letter": {"anonymous": 302, "no_role": 403, "other_unit": 403, "parent_unit": 403,
               "right_role": 403},
    "letter-docx": {"anonymous": 302, "no_role": 403, "other_unit": 403, "parent_unit": 403,
                    "right_role": 403},
    "notifications": {"anonymous": 302},
    "badge": {"anonymous": 302},
    "obstacles": {"anonymous": 302, "no_role": 403},
    "obstacle-new": {"anonymous": 302, "no_role": 403, "other_unit": 200},
    "obstacle": {"anonymous": 302, "no_role": 404, "other_unit": 404, "right_role": 404},
    "attachment": {"anonymous": 302, "no_role": 404, "other_unit": 404, "right_role": 404},
}  # fmt: skip


def _urls(world: World, obstacle: Obstacle) -> dict[str, str]:
    return {
        "calendar": reverse("reminders:calendar") + "?" + DAY,
        "letter": reverse("reminders:letter") + "?" + DAY,
        "letter-docx": reverse("reminders:letter-docx") + "?" + DAY,
        "notifications": reverse("reminders:notification-list"),
        "badge": reverse("reminders:notification-badge"),
        "obstacles": reverse("reminders:obstacle-list"),
        "obstacle-new": reverse("reminders:obstacle-new"),
        "obstacle": reverse("reminders:obstacle-detail", args=[obstacle.pk]),
        "attachment": reverse(
            "reminders:obstacle-attachment", args=[obstacle.attachments.get().pk]
        ),
    }


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_pages_permission_matrix_for_a_data_officer(
    world: World, login: Any, case: str, make_actor: Any
) -> None:
    obstacle = obstacle_of(world)  # raised by Sở Tài chính, neither "the unit" nor "other"
    client = login(make_actor(world.tree, Role.NHAP_LIEU))

    for name, url in _urls(world, obstacle).items():
        response = client.get(url)
        assert (name, response.status_code) == (name, UNIT_EXPECTED[name].get(case, 200))


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_the_letter_is_for_the_provinces_emulation_office(
    world: World, login: Any, case: str, make_actor: Any
) -> None:
    client = login(make_actor(world.tree, Role.CHUYEN_VIEN_TDKT))

    page = client.get(reverse("reminders:letter") + "?" + DAY)
    download = client.get(reverse("reminders:letter-docx") + "?" + DAY)

    expected = {"anonymous": 302, "parent_unit": 200}.get(case, 403)
    assert (page.status_code, download.status_code) == (expected, expected)
    if expected == 200:
        assert download["Content-Type"] == DOCX
        assert download["Content-Disposition"] == (
            'attachment; filename="cong-van-don-doc-2024-07-20.docx"'
        )
        assert download.content[:2] == b"PK"


def test_posts_need_a_signed_in_user_and_their_own_notification(
    world: World, login: Any, client: Any
) -> None:
    reminders_send(actor=None, today=TODAY)
    mine = Notification.objects.filter(user=world.missing_head).first()
    assert mine is not None
    open_url = reverse("reminders:notification-open", args=[mine.pk])
    read_all = reverse("reminders:notification-read-all")

    assert client.post(open_url).status_code == 302  # to the sign-in page
    assert client.post(read_all).status_code == 302
    login(world.office)
    assert client.post(open_url).status_code == 404
    assert client.get(open_url).status_code == 405
    assert Notification.objects.get(pk=mine.pk).read_at is None
    assert Notification.objects.filter(user=world.missing_head, read_at__isnull=False).count() == 0


# --- The calendar on a fixed day -----------------------------------------------------------


def test_the_calendar_lists_exactly_the_late_units(world: World, login: Any) -> None:
    client = login(world.office)

    response = client.get(reverse("reminders:calendar") + f"?{DAY}&che_do=qua-han")

    assert {late.unit.name for late in response.context["late"]} == world.late
    text = response.content.decode()
    listed = text.split('data-testid="late-units"')[1].split("</ol>")[0]
    assert world.missing.name in listed
    assert world.sent_after.name in listed
    assert world.on_time.name not in listed
    assert world.sent_late.name not in listed
    assert "Lập công văn đôn đốc" in text
    assert [item.title for item in response.context["others"]] == [
        "Thẩm định 1 hồ sơ đợt “Khen thưởng 6 tháng đầu năm 2024”"
    ]


def test_a_unit_sees_only_its_own_lateness(world: World, login: Any) -> None:
    client = login(world.missing_head)

    late = client.get(reverse("reminders:calendar") + f"?{DAY}&che_do=qua-han")
    listed = client.get(reverse("reminders:calendar") + f"?{DAY}&che_do=danh-sach")

    assert [unit.unit.name for unit in late.context["late"]] == [world.missing.name]
    assert "Lập công văn đôn đốc" not in late.content.decode()
    units = {item.unit.name for item in listed.context["page"].object_list}
    assert units == {world.missing.name, world.tree.province.name}
    assert world.sent_after.name not in listed.content.decode()


def test_the_month_grid_and_its_filters(world: World, login: Any) -> None:
    client = login(world.office)
    url = reverse("reminders:calendar")

    month = client.get(url + f"?{DAY}")
    by_kind = client.get(url + f"?{DAY}&che_do=danh-sach&loai=giao_uoc&thang=03/2024")
    by_unit = client.get(url + f"?{DAY}&che_do=danh-sach&don_vi={world.missing.pk}")
    overdue = client.get(url + f"?{DAY}&che_do=danh-sach&trang_thai=qua_han")
    on_day = client.get(url + f"?{DAY}&che_do=danh-sach&han=10/07/2024")

    weeks = month.context["weeks"]
    # reports, sơ kết reports, the round, the appraisal, plans and registrations (no dossiers)
    assert sum(cell.total for week in weeks for cell in week) == 4 + 4 + 1 + 1 + 8
    assert month.context["counts"]["qua_han"] == 4
    text = month.content.decode()
    assert "Tháng 07/2024" in text
    assert (
        "?ngay=20%2F07%2F2024&amp;che_do=danh-sach&amp;han=10/07/2024&amp;loai=bao_cao_chi_tieu"
        in text
    )
    assert [item.unit for item in by_kind.context["page"].object_list] == sorted(
        [world.on_time, world.sent_late, world.sent_after, world.missing],
        key=lambda u: search_key(u.name),
    )
    assert {item.unit for item in by_unit.context["page"].object_list} == {world.missing}
    assert {item.unit.name for item in overdue.context["page"].object_list} == {
        world.sent_after.name,
        world.missing.name,
        world.tree.province.name,  # the office's own appraisal
    }
    assert {item.kind for item in on_day.context["page"].object_list} == {"bao_cao_chi_tieu"}
    assert "Tháng 03/2024" in by_kind.content.decode()


def test_the_calendar_query_count_does_not_grow(
    world: World, login: Any, django_assert_num_queries: Any
) -> None:
    client = login(world.office)
    url = reverse("reminders:calendar") + f"?{DAY}&che_do=danh-sach"
    # session, user, memberships, lineage walk; the campaign, its measures, assignments, reports;
    # movements with participants and milestones, their plans, registrations, reports and
    # cascades; editions (none in July: no members read); appraisals, rounds, dossiers and
    # their units
    expected = 20
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200

    for number in range(5):
        unit = make_unit(f"Xã Thử Nghiệm {number}", kind="xa", parent=world.tree.province)
        Assignment.objects.create(measure=world.measure, unit=unit)
        report_submit(
            actor=None,
            report=report_save(
                actor=None, measure=world.measure, unit=unit, period_key="2024-H1", value=1
            ),
        )

    with django_assert_num_queries(expected):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 18 + 5


# --- The letter page -----------------------------------------------------------------------


def test_the_letter_page_prints_exactly_the_late_units(world: World, login: Any) -> None:
    client = login(world.office)

    response = client.get(reverse("reminders:letter") + "?" + DAY)

    letter = response.context["letter"]
    assert {late.unit.name for late in letter.late} == world.late
    text = response.content.decode()
    table = text.split('data-testid="letter-table"')[1].split("</table>")[0]
    assert world.sent_after.name in table
    assert world.missing.name in table
    assert world.on_time.name not in table
    assert world.sent_late.name not in table
    assert "V/v đôn đốc thực hiện các nội dung thi đua, khen thưởng quá hạn" in text
    assert "<strong><em>Nơi nhận:</em></strong>" in text
    assert "- Lưu: VT, TĐKT.</li>" in text
    assert f"tinh={world.tree.province.pk}" in text


# --- Notifications and the bell -------------------------------------------------------------


def test_notifications_page_open_and_read_all(world: World, login: Any) -> None:
    reminders_send(actor=None, today=TODAY)
    client = login(world.missing_head)

    page = client.get(reverse("reminders:notification-list"))
    first = page.context["page"].object_list[0]
    opened = client.post(reverse("reminders:notification-open", args=[first.pk]))
    badge = client.get(reverse("reminders:notification-badge"))
    unread = client.get(reverse("reminders:notification-list") + "?chua-doc=1")
    everything = client.post(reverse("reminders:notification-read-all"), follow=True)

    assert page.context["unread"] == 4
    assert {item.user_id for item in page.context["page"].object_list} == {world.missing_head.pk}
    assert opened["Location"] == first.link
    assert badge["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert "3 thông báo chưa đọc" in badge.content.decode()
    assert ">3</text>" in badge.content.decode()
    assert len(unread.context["page"].object_list) == 3
    assert "Đã đánh dấu 3 thông báo là đã đọc." in everything.content.decode()
    assert Notification.objects.filter(user=world.missing_head, read_at__isnull=True).count() == 0
    assert (
        "0 thông báo chưa đọc"
        in client.get(reverse("reminders:notification-badge")).content.decode()
    )


def test_the_header_shows_the_bell(world: World, login: Any) -> None:
    client = login(world.missing_head)

    home = client.get(reverse("core:home")).content.decode()

    assert f'src="{reverse("reminders:notification-badge")}"' in home
    assert f'href="{reverse("reminders:notification-list")}" class="bell"' in home
    assert f'href="{reverse("reminders:calendar")}"' in home  # the navigation entry


def test_the_notification_list_query_count_does_not_grow(
    world: World, login: Any, django_assert_num_queries: Any
) -> None:
    reminders_send(actor=None, today=TODAY)
    client = login(world.missing_head)
    url = reverse("reminders:notification-list")
    expected = 7  # session, user, memberships, lineage walk, count, page, unread
    with django_assert_num_queries(expected):
        client.get(url)

    reminders_send(actor=None, today=TODAY.replace(day=21))
    reminders_send(actor=None, today=TODAY.replace(day=22))

    with django_assert_num_queries(expected):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 12


# --- Obstacles -----------------------------------------------------------------------------


def test_a_unit_raises_an_obstacle_on_the_page(world: World, login: Any) -> None:
    make_unit("Văn phòng Ủy ban nhân dân tỉnh Thử Nghiệm", parent=world.tree.province)
    client = login(world.missing_head)
    url = reverse("reminders:obstacle-new")

    form = client.get(url)
    created = client.post(
        url,
        {
            "unit": world.missing.pk,
            "title": "Đề nghị gia hạn báo cáo sơ kết",
            "description": "Đơn vị đang kiện toàn lãnh đạo, đề nghị gia hạn đến 31/07/2024.",
            "area": "phong_trao",
            "movement": world.movement.pk,
            "target": "",
            "attachments": [SimpleUploadedFile("Tờ trình.pdf", PDF)],
        },
    )

    assert form.context["form"].fields["unit"].choices == [(world.missing.pk, world.missing.name)]
    obstacle = Obstacle.objects.get()
    assert created["Location"] == reverse("reminders:obstacle-detail", args=[obstacle.pk])
    assert (obstacle.unit, obstacle.recipient.name, obstacle.movement, obstacle.area) == (
        world.missing,
        "Văn phòng Ủy ban nhân dân tỉnh Thử Nghiệm",
        world.movement,
        "phong_trao",
    )
    assert [attachment.name for attachment in obstacle.attachments.all()] == ["Tờ trình.pdf"]
    refused = client.post(url, {"unit": world.on_time.pk, "title": "x", "description": "y"})
    assert refused.status_code == 200  # not among the units it raises for
    assert Obstacle.objects.count() == 1


def test_the_office_answers_on_the_page_and_the_unit_reads_it(world: World, login: Any) -> None:
    obstacle = obstacle_of(world)
    url = reverse("reminders:obstacle-detail", args=[obstacle.pk])
    office = login(world.office)

    answered = office.post(
        url,
        {
            "action": "status",
            "status": ObstacleStatus.ANSWERED,
            "reply": "Tính theo quyết định công nhận sáng kiến ban hành trong kỳ.",
            "version": obstacle.version,
        },
        follow=True,
    )
    stale = office.post(
        url,
        {"action": "status", "status": "dong", "version": obstacle.version},
        follow=True,
    )

    assert "Đã chuyển vướng mắc sang “Đã trả lời”." in answered.content.decode()
    assert "đã được người khác cập nhật" in stale.content.decode()
    unit = login(world.missing_head)
    page = unit.get(url).content.decode()
    assert "Tính theo quyết định công nhận sáng kiến ban hành trong kỳ." in page
    assert "Xử lý vướng mắc" not in page
    assert unit.post(url, {"action": "status", "status": "dong"}).status_code == 403
    closed = unit.post(url, {"action": "close", "version": "2", "note": "Đã rõ."}, follow=True)
    assert "Đã đóng vướng mắc." in closed.content.decode()
    assert Obstacle.objects.get().status == ObstacleStatus.CLOSED
    attachment = reverse("reminders:obstacle-attachment", args=[obstacle.attachments.get().pk])
    download = unit.get(attachment)
    assert download["Content-Disposition"].startswith("attachment;")
    other = login(make_user(Role.LANH_DAO_DON_VI, world.sent_after))
    assert other.get(url).status_code == 404
    assert other.get(attachment).status_code == 404


def test_attaching_a_file_on_the_page(world: World, login: Any) -> None:
    obstacle = obstacle_of(world)
    client = login(world.missing_head)
    url = reverse("reminders:obstacle-detail", args=[obstacle.pk])

    added = client.post(
        url, {"action": "attach", "file": SimpleUploadedFile("Phụ lục.pdf", PDF)}, follow=True
    )
    wrong = client.post(
        url, {"action": "attach", "file": SimpleUploadedFile("a.exe", b"MZ")}, follow=True
    )

    assert "Đã kèm tệp “Phụ lục.pdf”." in added.content.decode()
    assert "chỉ nhận PDF, DOCX, XLSX" in wrong.content.decode()
    assert obstacle.attachments.count() == 2
    viewer = login(world.missing_viewer)
    assert viewer.post(url, {"action": "attach"}).status_code == 403


def test_the_obstacle_list_query_count_does_not_grow(
    world: World, login: Any, django_assert_num_queries: Any
) -> None:
    obstacle_of(world)
    client = login(world.office)
    url = reverse("reminders:obstacle-list")
    # session, user, memberships, lineage walk, count, page (the office raises for no unit)
    expected = 6
    with django_assert_num_queries(expected):
        client.get(url)

    for _number in range(5):
        obstacle_of(world)

    with django_assert_num_queries(expected):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 6
    filtered = client.get(url + "?trang_thai=da_tra_loi")
    assert list(filtered.context["page"].object_list) == []


def test_the_obstacle_list_is_scoped(world: World, login: Any, tree: Tree) -> None:
    obstacle_of(world)

    mine = login(world.missing_head).get(reverse("reminders:obstacle-list"))
    theirs = login(world.sent_after_officer).get(reverse("reminders:obstacle-list"))

    assert len(mine.context["page"].object_list) == 1
    assert len(theirs.context["page"].object_list) == 0
    assert mine.context["can_raise"] is True
