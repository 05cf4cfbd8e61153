"""What the mentoring pages share: breadcrumbs, addresses, and the records a URL names (each
looked up within the contract, so another contract's answers 404)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
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
