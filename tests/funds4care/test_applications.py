"""Making an application: the draft, submitting it against the fund's eligibility (each refusal a
reason naming the rule and the young person's fact, the draft kept), withdrawing it."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from contracts.models import CareStatus
from funds4care.models import Application, ApplicationEvent
from funds4care.services import Funds4CareError
from funds4care.services.applications import save_draft, submit, withdraw

from ..factories import CareStatusFactory, YoungPersonFactory
from .conftest import APPLYING_ON
from .factories import SubmittedApplicationFactory

pytestmark = pytest.mark.django_db

TYPED = {
    "purpose": "A bike to get to college",
    "reason": "The bus costs £4 a day and I miss the first lesson.",
    "quote": "Halfords, £240",
    "amount_requested": Decimal("240.00"),
}


def draft_for(person, round_, worker, **changes):
    values = {"young_person": person, "round": round_, **TYPED, **changes}
    return save_draft(contract=person.contract, by=worker, values=values)


def refusal(application, worker, on=APPLYING_ON) -> str:
    with pytest.raises(Funds4CareError) as refused:
        submit(application=application, by=worker, on=on)
    return str(refused.value)


def test_it_saves_a_draft_under_the_next_reference_with_its_history(
    jade, spring, provider_a_worker
):
    first = draft_for(jade, spring, provider_a_worker)
    second = draft_for(jade, spring, provider_a_worker, amount_requested=None)
    assert (first.ref, second.ref) == ("A-0001", "A-0002")
    assert first.status == "draft" and first.submitted_date is None
    assert second.amount_requested == Decimal("0.00")
    assert [e.action for e in first.events.all()] == ["created"]
    assert first.created_by == provider_a_worker


def test_it_submits_an_eligible_application_on_the_day(jade, spring, provider_a_worker):
    application = submit(
        application=draft_for(jade, spring, provider_a_worker), by=provider_a_worker,
        on=APPLYING_ON,
    )  # fmt: skip
    application.refresh_from_db()
    assert application.status == "submitted"
    assert application.submitted_date == APPLYING_ON
    assert application.decision == "pending"
    event = application.events.last()
    assert (event.action, event.from_status, event.to_status) == ("submitted", "draft", "submitted")


def test_it_refuses_someone_too_old_naming_the_rule_and_their_age(
    contract_a, spring, provider_a_worker
):
    # 26 on 12 May 2026: born 3 February 2000.
    jade = YoungPersonFactory(
        contract=contract_a, first_name="Jade", date_of_birth=date(2000, 2, 3)
    )
    CareStatusFactory(young_person=jade, status="care_leaver", start_date=date(2018, 2, 3))
    application = draft_for(jade, spring, provider_a_worker)
    said = refusal(application, provider_a_worker)
    assert (
        "Not eligible: Funds4 Care is for young people aged 11 to 25 on the day they apply; "
        "Jade is 26." in said
    )
    assert "nothing you typed is lost" in said


def test_the_age_is_the_age_on_the_day_of_submitting(contract_a, spring, provider_a_worker):
    # 26 on 13 May 2026, still 25 the day before.
    person = YoungPersonFactory(contract=contract_a, date_of_birth=date(2000, 5, 13))
    CareStatusFactory(young_person=person, status="care_leaver", start_date=date(2018, 5, 13))
    application = draft_for(person, spring, provider_a_worker)
    assert "aged 11 to 25" in refusal(application, provider_a_worker, on=date(2026, 5, 13))
    submit(application=application, by=provider_a_worker, on=date(2026, 5, 12))


def test_it_refuses_a_care_status_the_fund_does_not_take_on_the_day(
    jade, spring, provider_a_worker
):
    CareStatus.objects.filter(young_person=jade).update(end_date=date(2026, 3, 31))
    CareStatusFactory(young_person=jade, status="child_in_need", start_date=date(2026, 4, 1))
    said = refusal(draft_for(jade, spring, provider_a_worker), provider_a_worker)
    assert (
        "Not eligible: Funds4 Care is for young people whose care status is in care or care "
        "leaver on the day they apply; Jade's on 12/05/2026 is child in need." in said
    )


def test_it_refuses_a_young_person_with_no_care_status_recorded(
    contract_a, spring, provider_a_worker
):
    person = YoungPersonFactory(contract=contract_a, first_name="Kit")
    said = refusal(draft_for(person, spring, provider_a_worker), provider_a_worker)
    assert "Kit's on 12/05/2026 is none." in said


def test_it_refuses_more_grants_than_the_fund_allows_in_the_year(
    jade, spring, fund, provider_a_worker
):
    for ref in ("A-0101", "A-0102"):
        SubmittedApplicationFactory(
            round=spring, young_person=jade, ref=ref, decision="approved",
            decision_date=date(2026, 5, 5), amount_awarded=Decimal("100.00"),
        )  # fmt: skip
    # Declined and pending ones do not count.
    SubmittedApplicationFactory(
        round=spring, young_person=jade, ref="A-0103", decision="declined",
        decision_date=date(2026, 5, 5), decline_reason="No quote",
    )  # fmt: skip
    application = draft_for(jade, spring, provider_a_worker)
    said = refusal(application, provider_a_worker)
    assert (
        "Not eligible: a young person may have 2 grants in 2026/27; Jade has had 2 "
        "(A-0101, A-0102)." in said
    )
    fund.grants_per_year = 3
    fund.save()
    submit(application=application, by=provider_a_worker, on=APPLYING_ON)


def test_it_refuses_a_round_that_is_not_open_that_day(jade, spring, provider_a_worker):
    said = refusal(draft_for(jade, spring, provider_a_worker), provider_a_worker, date(2026, 7, 1))
    assert (
        "Not open: Spring 2026 takes applications from 01/04/2026 to 30/06/2026, and today is "
        "01/07/2026." in said
    )


def test_it_refuses_nothing_asked_for_and_no_round(jade, spring, provider_a_worker):
    said = refusal(draft_for(jade, None, provider_a_worker), provider_a_worker)
    assert "Choose the round it is for." in said
    said = refusal(
        draft_for(jade, spring, provider_a_worker, amount_requested=None), provider_a_worker
    )
    assert "Say how much is asked for: more than £0." in said


def test_an_amount_over_the_cap_may_be_asked_for(jade, spring, provider_a_worker):
    application = draft_for(jade, spring, provider_a_worker, amount_requested=Decimal("400.00"))
    submit(application=application, by=provider_a_worker, on=APPLYING_ON)


def test_a_refusal_loses_nothing_that_was_typed(contract_a, spring, provider_a_worker):
    person = YoungPersonFactory(contract=contract_a, date_of_birth=date(1990, 1, 1))
    application = draft_for(person, spring, provider_a_worker)
    refusal(application, provider_a_worker)
    kept = Application.objects.get(pk=application.pk)
    assert kept.status == "draft"
    assert {name: getattr(kept, name) for name in TYPED} == TYPED
    assert list(kept.events.values_list("action", flat=True)) == ["created"]


def test_every_reason_is_given_at_once(contract_a, spring, provider_a_worker):
    person = YoungPersonFactory(
        contract=contract_a, first_name="Sam", date_of_birth=date(1990, 1, 1)
    )
    said = refusal(
        draft_for(person, spring, provider_a_worker, amount_requested=None), provider_a_worker
    )
    assert "Sam is 36" in said and "Sam's on 12/05/2026 is none" in said and "more than £0" in said


def test_it_withdraws_a_submitted_application_before_a_decision(jade, spring, provider_a_worker):
    application = submit(
        application=draft_for(jade, spring, provider_a_worker), by=provider_a_worker,
        on=APPLYING_ON,
    )  # fmt: skip
    withdrawn = withdraw(application=application, by=provider_a_worker, reason="Found one")
    assert withdrawn.status == "withdrawn"
    assert withdrawn.events.last().comment == "Found one"
    with pytest.raises(Funds4CareError, match="already withdrawn"):
        withdraw(application=application, by=provider_a_worker)


def test_a_decided_or_draft_application_cannot_be_withdrawn(jade, spring, provider_a_worker):
    decided = SubmittedApplicationFactory(
        round=spring, young_person=jade, decision="declined", decision_date=date(2026, 5, 5),
        decline_reason="No quote",
    )  # fmt: skip
    with pytest.raises(Funds4CareError, match="already declined: it cannot be withdrawn"):
        withdraw(application=decided, by=provider_a_worker)
    with pytest.raises(Funds4CareError, match="never submitted"):
        withdraw(application=draft_for(jade, spring, provider_a_worker), by=provider_a_worker)


def test_only_the_providers_staff_make_applications(
    jade, spring, commissioner, panel_member, provider_b_worker
):
    for outsider in (commissioner, panel_member, provider_b_worker):
        with pytest.raises(Funds4CareError, match="Only the provider's staff"):
            draft_for(jade, spring, outsider)
    assert not ApplicationEvent.objects.exists()


def test_a_submitted_application_is_under_review_once_its_round_has_closed(spring):
    from datetime import timedelta

    from .factories import SubmittedApplicationFactory

    application = SubmittedApplicationFactory(round=spring)
    with time_machine.travel(spring.closes_on):
        assert application.status_words == "Submitted"
    with time_machine.travel(spring.closes_on + timedelta(days=1)):
        assert application.status_words == "Under review"
        application.decision, application.decision_date = "declined", spring.closes_on
        assert application.status_words == "Declined"
