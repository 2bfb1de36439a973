"""Commendation services. The what-if check writes nothing (so it leaves no audit record): it
authorises the caller and runs the pure engine on the submitted history."""

from typing import Any

from thidua.commendation.catalogue import Settings
from thidua.commendation.whatif import evaluate_json
from thidua.core.permissions import ensure_can


def eligibility_whatif(
    *, actor: Any, data: object, settings: Settings | None = None
) -> dict[str, Any]:
    """Is this subject eligible for this award as of this date? (`actor=None`: the CLI.)"""
    ensure_can(actor, "commendation.check_eligibility")
    return evaluate_json(data, settings)
