"""API shapes for campaigns, measures, reports and the dashboard."""

import datetime
from decimal import Decimal

from ninja import Field, Schema


class CampaignOut(Schema):
    id: int
    year: int
    name: str
    theme: str
    directive_number: str
    directive_date: datetime.date
    issuer: str
    province_id: int
    is_demo: bool


class MeasureOut(Schema):
    id: int
    code: str
    indicator: str
    comparator: str
    value: Decimal
    value_max: Decimal | None
    unit: str
    period_scope: str
    baseline_year: int | None
    baseline_value: Decimal | None
    direction: str
    accumulation: str
    rollup: str
    frequency: str
    deadline_days: int
    lead_unit_id: int


class TargetOut(Schema):
    id: int
    number: int
    text: str
    measures: list[MeasureOut]


class EvaluationOut(Schema):
    status: str
    status_label: str
    actual: Decimal | None
    actual_date: datetime.date | None
    target: Decimal | None
    ratio: Decimal | None
    forecast: Decimal | None
    reason: str


class SeriesPointOut(Schema):
    period_end: datetime.date
    value: Decimal


class DashboardMeasureOut(Schema):
    measure_id: int
    target_number: int
    code: str
    indicator: str
    unit: str
    lead_unit: str
    evaluation: EvaluationOut
    series: list[SeriesPointOut]


class CompletenessOut(Schema):
    on_time: int
    late: int
    missing: int


class OverdueOut(Schema):
    unit_id: int
    unit_name: str
    reports: list[str]


class DashboardOut(Schema):
    campaign_id: int
    as_of: datetime.date
    measures: list[DashboardMeasureOut]
    completeness: CompletenessOut
    overdue: list[OverdueOut]


class ReportOut(Schema):
    id: int
    measure_id: int
    unit_id: int
    period_key: str
    period_end: datetime.date
    due_date: datetime.date
    value: Decimal | None
    explanation: str
    status: str
    revision: int
    version: int
    return_reason: str


class ReportSaveIn(Schema):
    measure_id: int
    unit_id: int
    period_key: str
    value: Decimal | None = None
    explanation: str = ""
    expected_version: int | None = Field(
        None,
        description="Phiên bản báo cáo bạn đã xem (0: chưa có báo cáo); nếu người khác đã lưu "
        "sau đó thì trả 409 và không ghi gì.",
    )


class ReportActionIn(Schema):
    expected_version: int | None = None


class ReportReturnIn(ReportActionIn):
    reason: str


class ReportCorrectIn(ReportActionIn):
    value: Decimal
    explanation: str = ""
    reason: str


class ImportResultOut(Schema):
    saved: int
    submitted: int
    skipped: int
    unchanged: int
