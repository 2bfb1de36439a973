"""Emulation services (`<entity>_<verb>`: authorise, validate, write and audit in one
transaction): movements, then clusters and blocks."""

from thidua.emulation.services.movements import (
    milestone_create,
    milestone_report_save,
    milestone_report_submit,
    movement_cascade,
    movement_create,
    movement_round_open,
    plan_save,
    plan_submit,
    registration_acknowledge,
    registration_save,
    registration_submit,
)

__all__ = [
    "milestone_create",
    "milestone_report_save",
    "milestone_report_submit",
    "movement_cascade",
    "movement_create",
    "movement_round_open",
    "plan_save",
    "plan_submit",
    "registration_acknowledge",
    "registration_save",
    "registration_submit",
]
