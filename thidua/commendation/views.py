"""Pages of the commendation registry: find a person, see their history, check an award."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from thidua.commendation.catalogue import SubjectKind
from thidua.commendation.eligibility import evaluate
from thidua.commendation.forms import EligibilityForm, PersonSearchForm
from thidua.commendation.models import Person
from thidua.commendation.selectors import person_history, person_list_for, subject_for
from thidua.core.permissions import ensure_can
from thidua.core.text import local_today

PAGE_SIZE = 100


@require_GET
@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    ensure_can(request.user, "commendation.check_eligibility")
    form = PersonSearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    people = list(person_list_for(user=request.user, q=q).select_related("unit")[: PAGE_SIZE + 1])
    return render(
        request,
        "commendation/person_list.html",
        {"form": form, "people": people[:PAGE_SIZE], "more": len(people) > PAGE_SIZE, "q": q},
    )


@require_GET
@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's record, and the eligibility check for an award computed from it."""
    person = Person.objects.select_related("unit").filter(pk=pk).first()
    if person is None or not request.user.has_perm("commendation.view_registry", person):
        raise Http404
    form = EligibilityForm(
        request.GET if "award" in request.GET else None,
        kind=SubjectKind.INDIVIDUAL,
        initial={"as_of": local_today()},
    )
    result: Any = None
    if form.is_bound and form.is_valid():
        subject = subject_for(person, form.cleaned_data["as_of"])
        result = evaluate(subject, form.cleaned_data["award"], form.cleaned_data["as_of"])
    return render(
        request,
        "commendation/person_detail.html",
        {"person": person, "history": person_history(person), "form": form, "result": result},
    )
