"""The public portal (no account): the current campaign's targets, the latest published
decisions, the lists open for comments, movements, cluster standings, and links to the open
data. Views only read the public selectors (`portal.selectors`) and render with `public_page`,
which makes every page the same for everyone and cacheable."""

from typing import Any

from django.http import HttpRequest, HttpResponse

from thidua.core.text import local_today
from thidua.portal.http import PAGE_MAX_AGE, cacheable, public_page, query_year
from thidua.portal.presentation import progress_svg, standings_svg, trend_svg
from thidua.portal.selectors import (
    PublicMeasure,
    PublicProgress,
    campaign_pick,
    campaign_public_list,
    comment_rounds_open,
    decision_public_latest,
    edition_public_list,
    edition_public_years,
    movement_public_list,
    movement_public_years,
    progress_for,
)

HOME_MOVEMENTS = 6
HOME_EDITIONS = 4
HOME_TOP_RANKS = 3
MOVEMENTS_SHOWN = 300


def _cards(
    progress: PublicProgress, items: list[PublicMeasure], *, trends: bool
) -> list[dict[str, Any]]:
    """Each measure with its progress bar and, on the targets page, its trend chart."""
    year = progress.campaign.year
    return [
        {
            "measure": item,
            "progress": progress_svg(item),
            "trend": trend_svg(item, year) if trends else None,
        }
        for item in items
    ]


@cacheable(PAGE_MAX_AGE)
def home(request: HttpRequest) -> HttpResponse:
    today = local_today()
    campaigns = campaign_public_list()
    campaign = campaign_pick(campaigns, year=None, today=today)
    progress = progress_for(campaign, as_of=today) if campaign is not None else None
    editions = [
        (edition, (edition.standings or {}).get("rows", [])[:HOME_TOP_RANKS])
        for edition in edition_public_list()[:HOME_EDITIONS]
    ]
    return public_page(
        "portal/home.html",
        {
            "section": "home",
            "today": today,
            "progress": progress,
            "measures": _cards(progress, progress.measures, trends=False) if progress else [],
            "decisions": decision_public_latest(),
            "comment_rounds": comment_rounds_open(today),
            "movements": list(movement_public_list()[:HOME_MOVEMENTS]),
            "editions": editions,
        },
    )


@cacheable(PAGE_MAX_AGE)
def targets(request: HttpRequest) -> HttpResponse:
    today = local_today()
    year, _valid = query_year(request, "nam")
    campaigns = campaign_public_list()
    campaign = campaign_pick(campaigns, year=year, today=today)
    progress = progress_for(campaign, as_of=today) if campaign is not None else None
    return public_page(
        "portal/targets.html",
        {
            "section": "targets",
            "today": today,
            "campaign": campaign,
            "campaigns": campaigns,
            "progress": progress,
            "groups": [
                (number, text, _cards(progress, items, trends=True))
                for number, text, items in progress.by_target()
            ]
            if progress
            else [],
        },
    )


@cacheable(PAGE_MAX_AGE)
def movements(request: HttpRequest) -> HttpResponse:
    year, _valid = query_year(request, "nam")
    found = list(movement_public_list(year=year)[: MOVEMENTS_SHOWN + 1])
    return public_page(
        "portal/movements.html",
        {
            "section": "movements",
            "year": year,
            "years": movement_public_years(),
            "movements": found[:MOVEMENTS_SHOWN],
            "more": len(found) > MOVEMENTS_SHOWN,
        },
    )


@cacheable(PAGE_MAX_AGE)
def standings(request: HttpRequest) -> HttpResponse:
    year, _valid = query_year(request, "nam")
    editions = list(edition_public_list(year=year))
    years = edition_public_years()
    return public_page(
        "portal/standings.html",
        {
            "section": "standings",
            "year": year,
            "years": years,
            "editions": [(edition, standings_svg(edition)) for edition in editions],
        },
    )
