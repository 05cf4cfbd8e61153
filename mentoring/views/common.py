"""What the mentoring pages share: breadcrumbs, addresses, a form's page, and the records a URL
names (each looked up within the contract, so another contract's answers 404)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from contracts.models import Contract
from contracts.records.views.common import Trail, trail

from ..models import Match, MenteeReferral, Mentor


def url(name: str, contract: Contract, **kwargs: int) -> str:
    return reverse(f"mentoring:{name}", kwargs={"pk": contract.pk, **kwargs})


def mentoring_trail(contract: Contract, *steps: tuple[str, str | None]) -> Trail:
    """Contracts > the contract > Peer mentoring > ...; the last step is this page."""
    if not steps:
        return trail(contract, ("Peer mentoring", None))
    return trail(contract, ("Peer mentoring", url("overview", contract)), *steps)


def mentor_of(contract: Contract, mentor_pk: int) -> Mentor:
    return get_object_or_404(contract.mentors.select_related("young_person"), pk=mentor_pk)


def referral_of(contract: Contract, referral_pk: int) -> MenteeReferral:
    return get_object_or_404(
        contract.mentee_referrals.select_related("young_person", "match__mentor"),
        pk=referral_pk,
    )


def match_of(contract: Contract, match_pk: int) -> Match:
    return get_object_or_404(
        contract.matches.select_related("mentor__young_person", "mentee"), pk=match_pk
    )


def show_form(
    request: HttpRequest,
    contract: Contract,
    form: Any,
    *,
    title: str,
    steps: list[tuple[str, str | None]],
    part: str,
    intro: str = "",
    template: str = "mentoring/form.html",
    **context: Any,
) -> HttpResponse:
    """A mentoring form page (a form not saved by edit_record)."""
    return render(
        request,
        template,
        {
            **context,
            "contract": contract,
            "form": form,
            "title": title,
            "intro": intro,
            "part": part,
            "section": "mentoring",
            "trail": mentoring_trail(contract, *steps, (title, None)),
            "cancel_url": steps[-1][1],
        },
    )
