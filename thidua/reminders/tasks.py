"""The background job of the daily reminders (django-tasks; a database queue), for a scheduler
that queues it rather than running `thidua send_reminders` itself."""

import datetime
from typing import Any

from django_tasks import task

from thidua.reminders.services import reminders_send


@task()
def send_reminders_task(day: str | None = None) -> dict[str, Any]:
    """Run the detection for `day` (ISO date; today in Asia/Ho_Chi_Minh by default). Running it
    twice the same day notifies nobody twice."""
    run = reminders_send(actor=None, today=datetime.date.fromisoformat(day) if day else None)
    return {
        "day": run.day.isoformat(),
        "overdue": len(run.overdue),
        "late_units": [late.unit.pk for late in run.late_units],
        "notifications": run.notifications,
        "emails": run.emails,
    }
