"""Writes of the reminders app: notifications (the daily detection, reading) and obstacles."""

from thidua.reminders.services.notifications import (
    Notice,
    ReminderRun,
    deliver,
    notification_mark_all_read,
    notification_mark_read,
    office_staff,
    reminders_send,
    unit_staff,
)
from thidua.reminders.services.obstacles import (
    obstacle_attachment_add,
    obstacle_create,
    obstacle_recipient_for,
    obstacle_status_set,
)

__all__ = [
    "Notice",
    "ReminderRun",
    "deliver",
    "notification_mark_all_read",
    "notification_mark_read",
    "obstacle_attachment_add",
    "obstacle_create",
    "obstacle_recipient_for",
    "obstacle_status_set",
    "office_staff",
    "reminders_send",
    "unit_staff",
]
