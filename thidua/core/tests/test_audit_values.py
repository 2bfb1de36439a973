"""The audit log shows a record's values with the fields' Vietnamese names, choices' labels and
Vietnamese dates and numbers, and marks what changed."""

from typing import Any

from django.urls import reverse

from conftest import Tree, make_user
from thidua.accounts.enums import Role
from thidua.core.audit_values import AuditChange, audit_changes


def test_fields_choices_dates_and_numbers_read_as_vietnamese() -> None:
    changes = audit_changes(
        "reminders.obstacle",
        {"status": "dang_xu_ly", "replied_at": None, "version": 2},
        {"status": "da_tra_loi", "replied_at": "2026-12-08T02:12:35.476235+00:00", "version": 3},
    )

    assert [change.label for change in changes] == ["Trạng thái", "Trả lời lúc", "Phiên bản"]
    assert changes[0] == AuditChange("Trạng thái", "Đang xử lý", "Đã trả lời", changed=True)
    assert changes[1].before == "—"
    assert changes[1].after == "09:12 08/12/2026"  # Asia/Ho_Chi_Minh


def test_decimals_dates_and_foreign_keys() -> None:
    changes = audit_changes(
        "emulation.assessment",
        None,
        {"self_total": "86.29", "member_id": 3, "crossed_at": "2024-12-01"},
    )

    shown = {change.label: change.after for change in changes}
    assert shown == {"Điểm tự chấm": "86,29", "Thành viên": "3", "Chấm chéo lúc": "01/12/2024"}
    assert all(not change.changed and change.before == "" for change in changes)


def test_unknown_types_and_fields_keep_their_keys() -> None:
    changes = audit_changes("", {"days": 20}, {"days": 22, "source": "Bộ Nội vụ"})

    assert changes == [
        AuditChange("days", "20", "22", changed=True),
        AuditChange("source", "", "Bộ Nội vụ", changed=False),
    ]


def test_the_audit_page_shows_them(tree: Tree, login: Any) -> None:
    from thidua.core.services import audit_record

    audit_record(
        actor=None,
        action="org_unit.renamed",
        target=tree.unit,
        unit=tree.unit,
        before={"name": "Sở Nội vụ cũ", "valid_from": "2024-01-01"},
        after={"name": tree.unit.name, "valid_from": "2024-01-01"},
    )
    client = login(make_user(Role.QUAN_TRI, tree.province))

    page = client.get(reverse("core:audit-list")).content.decode()

    assert '<tr class="changed"><th scope="row">Tên đơn vị</th><td>Sở Nội vụ cũ</td>' in page
    assert "<td>01/01/2024</td><td>01/01/2024</td>" in page
    assert "valid_from" not in page
