"""Who may open every mentoring page: the provider's staff see and record; commissioners see
the overview only (by reference); panel members and other organisations' staff are refused,
and a record of another contract, addressed under this one, is not found. Every URL of the
`mentoring` namespace is walked, so a page added later is checked too."""

from datetime import date

import pytest
from django.urls import reverse

from contracts.models import Role
from mentoring.models import Match, MatchGoal
from mentoring.urls import urlpatterns
from tests.factories import ContractFactory, UserFactory, YoungPersonFactory

from .conftest import trained_mentor, waiting_mentee

pytestmark = pytest.mark.django_db


def records_of(contract):
    """A mentor, a referral and a match on the contract: what the URLs name."""
    mentor = trained_mentor(contract)
    referral = waiting_mentee(contract)
    match = Match.objects.create(
        contract=contract, ref=f"MA-{contract.pk:04d}", mentor=mentor,
        mentee=YoungPersonFactory(contract=contract), start_date=date(2025, 3, 1),
    )  # fmt: skip
    MatchGoal.objects.create(match=match, text="A goal", agreed_date=match.start_date)
    return {"mentor_pk": mentor.pk, "referral_pk": referral.pk, "match_pk": match.pk}


def every_url(contract, records):
    """(name, address) for every mentoring page, with this contract's records."""
    for pattern in urlpatterns:
        wanted = {key: records[key] for key in pattern.pattern.converters}
        yield (
            pattern.name,
            reverse(f"mentoring:{pattern.name}", kwargs={"pk": contract.pk, **wanted}),
        )


def test_the_provider_staff_open_every_page(coordinator, contract_a):
    records = records_of(contract_a)
    for name, address in every_url(contract_a, records):
        status = coordinator.get(address).status_code
        # referral_match takes a POST only.
        assert status == (405 if name == "referral_match" else 200), (name, status)


def test_commissioners_see_the_overview_only(client, commissioner, contract_a):
    records = records_of(contract_a)
    client.force_login(commissioner)
    for name, address in every_url(contract_a, records):
        expected = 200 if name == "overview" else 403
        method = client.post if name == "referral_match" else client.get
        assert method(address).status_code == expected, name


def test_panel_members_and_other_providers_are_refused(
    client, contract_a, panel_member, provider_b
):
    records = records_of(contract_a)
    stranger = UserFactory(role=Role.PROVIDER_WORKER, organisation=provider_b)
    for user, allowed in [(panel_member, {403, 404}), (stranger, {404})]:
        client.force_login(user)
        for name, address in every_url(contract_a, records):
            # A page that takes no GET or no POST says so (405) before asking who is asking:
            # it shows nothing either way.
            for method in (client.get, client.post):
                assert method(address).status_code in allowed | {405}, (user, name)


def test_signed_out_visitors_are_sent_to_sign_in(client, contract_a):
    records = records_of(contract_a)
    for name, address in every_url(contract_a, records):
        answer = client.get(address)
        assert answer.status_code == 302 and "login" in answer["Location"], name


def test_another_contracts_records_are_not_found_under_this_one(
    coordinator, contract_a, provider_a, council_a
):
    """Even the same provider's other contract: its mentor, referral and match, addressed
    under contract A, are not found."""
    records_of(contract_a)
    other = ContractFactory(ref="A-EP-2", commissioner=council_a, provider=provider_a)
    theirs = records_of(other)
    naming_a_record = [p.name for p in urlpatterns if set(p.pattern.converters) - {"pk"}]
    assert len(naming_a_record) == 11
    for name, address in every_url(contract_a, theirs):
        if name in naming_a_record:
            method = coordinator.post if name == "referral_match" else coordinator.get
            assert method(address).status_code == 404, name
