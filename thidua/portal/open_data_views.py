"""Open data at stable URLs: /open-data/targets.json, awards.csv, awards.json, clusters.json, and
the page documenting them. Only published, aggregated data (see `portal.open_data`)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.text import local_today
from thidua.portal.http import (
    PAGE_MAX_AGE,
    bad_request,
    cacheable,
    json_response,
    public_page,
    query_year,
)
from thidua.portal.open_data import (
    DATASETS,
    LICENCE,
    LICENCE_URL,
    MAX_AGE_SECONDS,
    NOT_PUBLISHED,
    awards_csv,
    awards_payload,
    clusters_payload,
    targets_payload,
)
from thidua.portal.selectors import (
    award_public_list,
    campaign_pick,
    campaign_public_list,
    edition_public_list,
    progress_for,
)


def _invalid_year() -> HttpResponse:
    return bad_request(_("Tham số “year” phải là một năm từ 1945 đến 2100."))


def _documentation(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("opendata:index"))


def _decision_url(request: HttpRequest) -> Callable[[int], str]:
    def url(pk: int) -> str:
        return request.build_absolute_uri(reverse("public:decision", args=[pk]))

    return url


@cacheable(PAGE_MAX_AGE)
def index(request: HttpRequest) -> HttpResponse:
    return public_page(
        "portal/open_data.html",
        {
            "section": "opendata",
            "datasets": [
                (item, request.build_absolute_uri(reverse(item.url_name))) for item in DATASETS
            ],
            "not_published": NOT_PUBLISHED,
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
            "max_age_minutes": MAX_AGE_SECONDS // 60,
        },
    )


@cacheable(MAX_AGE_SECONDS)
def targets_json(request: HttpRequest) -> HttpResponse:
    year, valid = query_year(request, "year")
    if not valid:
        return _invalid_year()
    today = local_today()
    campaigns = campaign_public_list()
    campaign = campaign_pick(campaigns, year=year, today=today)
    progress = progress_for(campaign, as_of=today) if campaign is not None else None
    payload = targets_payload(
        progress,
        years=sorted({c.year for c in campaigns}, reverse=True),
        as_of=today,
        generated_at=timezone.now(),
        documentation=_documentation(request),
    )
    return json_response(payload)


@cacheable(MAX_AGE_SECONDS)
def awards_json(request: HttpRequest) -> HttpResponse:
    year, valid = query_year(request, "year")
    if not valid:
        return _invalid_year()
    payload = awards_payload(
        award_public_list(year=year),
        year=year,
        decision_url=_decision_url(request),
        generated_at=timezone.now(),
        documentation=_documentation(request),
    )
    return json_response(payload)


@cacheable(MAX_AGE_SECONDS)
def awards_csv_file(request: HttpRequest) -> HttpResponse:
    year, valid = query_year(request, "year")
    if not valid:
        return _invalid_year()
    content = awards_csv(award_public_list(year=year), decision_url=_decision_url(request))
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="awards.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@cacheable(MAX_AGE_SECONDS)
def clusters_json(request: HttpRequest) -> HttpResponse:
    year, valid = query_year(request, "year")
    if not valid:
        return _invalid_year()
    payload = clusters_payload(
        edition_public_list(year=year),
        generated_at=timezone.now(),
        documentation=_documentation(request),
    )
    return json_response(payload)
