"""Referrals: made with the young person's details, refused for age with the reason, screened
and allocated by the team manager once, with a warning before a caseload goes over."""

from datetime import date

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from contracts.casework.services import age_refusal
from contracts.models import Case, Referral, YoungPerson
from tests.factories import CaseFactory, KeyWorkerFactory, ReferralFactory, YoungPersonFactory

from .support import url

pytestmark = pytest.mark.django_db


def new_referral(**overrides) -> dict:
    data = {
        "person-first_name": "Kian",
        "person-last_name": "Walsh",
        "person-ref": "",
        "person-date_of_birth": "2011-03-02",
        "person-gender": "male",
        "person-ethnicity": "WBRI",
        "person-disability": "no",
        "person-locality": "Bilston",
        "person-la_child_id": "",
        "referral-referral_date": "2025-06-09",
        "referral-ref": "",
        "referral-referrer": "Priya Shah, social worker, Children's Services",
        "referral-source": "child_protection",
        "referral-concerns": ["missing", "gang_exploitation"],
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("born", "referred", "refused"),
    [
        (date(2014, 6, 10), date(2025, 6, 10), False),  # 11 today
        (date(2014, 6, 11), date(2025, 6, 10), True),  # 11 tomorrow: 10 on the day
        (date(2008, 6, 11), date(2025, 6, 10), False),  # 16 until tomorrow
        (date(2008, 6, 10), date(2025, 6, 10), True),  # 17 today
    ],
)
def test_the_age_rule_is_11_to_16_on_the_referral_date(born, referred, refused):
    assert (age_refusal(born, referred) is not None) == refused


def test_a_referral_of_a_17_year_old_is_refused_with_the_reason_and_nothing_is_kept(
    worker, contract_b
):
    response = worker.post(
        url("referral_add", contract_b), new_referral(**{"person-date_of_birth": "2008-01-15"})
    )
    assert response.status_code == 200
    assertContains(response, "They are 17 on 9 June 2025")
    assertContains(response, "Support that has begun carries on past 17")
    assertContains(response, "Nothing was saved")
    assert not YoungPerson.objects.filter(contract=contract_b).exists()
    assert not Referral.objects.exists()


def test_a_new_young_persons_referral_saves_both_and_waits_for_screening(worker, contract_b):
    response = worker.post(url("referral_add", contract_b), new_referral())
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response.url == url("referral_detail", contract_b, referral_pk=referral.pk)
    assert (referral.ref, referral.decision, referral.young_person.full_name) == (
        "R-0001",
        "pending",
        "Kian Walsh",
    )
    assert referral.concerns == ["missing", "gang_exploitation"]
    page = worker.get(response.url)
    assertContains(page, "Waiting for the team manager")
    assertContains(page, "Risk of gang exploitation")


def test_a_known_young_person_is_referred_from_their_page_without_their_details_again(
    worker, contract_b
):
    person = YoungPersonFactory(contract=contract_b, date_of_birth=date(2012, 1, 1))
    form = worker.get(url("referral_add", contract_b) + f"?young_person={person.pk}")
    assertContains(form, f"For <strong>{person.full_name}</strong>", html=False)
    assertNotContains(form, "person-first_name")
    data = {k: v for k, v in new_referral().items() if not k.startswith("person-")}
    response = worker.post(url("referral_add", contract_b), {**data, "young_person": person.pk})
    assert response.status_code == 302
    assert Referral.objects.get().young_person == person


def test_a_referral_needs_a_concern_and_a_source(worker, contract_b):
    response = worker.post(
        url("referral_add", contract_b),
        new_referral(**{"referral-concerns": [], "referral-source": ""}),
    )
    assert set(response.context["referral_form"].errors) == {"concerns", "source"}
    assert not Referral.objects.exists()


def test_only_the_team_manager_screens(worker, contract_b):
    referral = ReferralFactory(contract=contract_b)
    page = worker.get(url("referral_detail", contract_b, referral_pk=referral.pk))
    assertContains(page, "Waiting for the team manager")
    response = worker.post(
        url("referral_detail", contract_b, referral_pk=referral.pk), {"decision": "accepted"}
    )
    assert response.status_code == 403
    referral.refresh_from_db()
    assert referral.decision == "pending"


def test_declining_needs_a_reason_and_is_recorded_with_who_decided(
    manager, team_manager, contract_b
):
    referral = ReferralFactory(contract=contract_b, referral_date=date(2025, 6, 2))
    address = url("referral_detail", contract_b, referral_pk=referral.pk)
    response = manager.post(
        address, {"decision": "declined", "decision_date": "2025-06-10", "decision_note": ""}
    )
    assertContains(response, "Say why the referral is declined.")
    response = manager.post(
        address,
        {
            "decision": "signposted",
            "decision_date": "2025-06-10",
            "decision_note": "Youth offending team's prevention service",
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.decision, referral.decision_date, referral.decided_by) == (
        "signposted",
        date(2025, 6, 10),
        team_manager,
    )
    # A second decision on the same referral changes nothing.
    again = manager.post(
        address, {"decision": "accepted", "decision_date": "2025-06-10"}, follow=True
    )
    assertContains(again, "already been screened")
    referral.refresh_from_db()
    assert referral.decision == "signposted"


def test_accepting_leads_to_allocation_with_a_warning_before_going_over_the_caseload(
    manager, contract_b
):
    contract_b.caseload = 2
    contract_b.save()
    busy = KeyWorkerFactory(contract=contract_b, name="Busy Worker")
    CaseFactory.create_batch(2, contract=contract_b, key_worker=busy, start_date=date(2025, 5, 1))
    referral = ReferralFactory(contract=contract_b, referral_date=date(2025, 6, 2))
    response = manager.post(
        url("referral_detail", contract_b, referral_pk=referral.pk),
        {"decision": "accepted", "decision_date": "2025-06-10"},
    )
    allocate = url("referral_allocate", contract_b, referral_pk=referral.pk)
    assert response.url == allocate
    page = manager.get(allocate)
    assertContains(page, "Busy Worker: 2 open cases")
    response = manager.post(allocate, {"key_worker": busy.pk, "start_date": "2025-06-10"})
    assertContains(response, "over the caseload of 2")
    assert not Case.objects.filter(referral=referral).exists()
    response = manager.post(
        allocate, {"key_worker": busy.pk, "start_date": "2025-06-10", "over_caseload": "on"}
    )
    case = Case.objects.get(referral=referral)
    assert response.url == url("case_detail", contract_b, case_pk=case.pk)
    assert (case.ref, case.key_worker, case.referral_date, case.start_date) == (
        "C-0001",
        busy,
        date(2025, 6, 2),
        date(2025, 6, 10),
    )
    # Allocating again opens no second case.
    again = manager.post(
        allocate, {"key_worker": busy.pk, "start_date": "2025-06-10", "over_caseload": "on"}
    )
    assert again.status_code == 302
    assert Case.objects.filter(referral=referral).count() == 1


def test_a_key_worker_cannot_allocate(worker, contract_b, marcus):
    referral = ReferralFactory(
        contract=contract_b, decision="accepted", decision_date=date(2025, 4, 2)
    )
    response = worker.post(
        url("referral_allocate", contract_b, referral_pk=referral.pk),
        {"key_worker": marcus.pk, "start_date": "2025-06-10"},
    )
    assert response.status_code == 403
    assert "Only the team manager" in response.content.decode()
    assert not Case.objects.exists()


def test_the_list_shows_what_each_referral_waits_for(manager, contract_b):
    ReferralFactory(contract=contract_b, ref="R-0001")
    ReferralFactory(
        contract=contract_b, ref="R-0002", decision="accepted", decision_date=date(2025, 4, 2)
    )
    page = manager.get(url("referrals", contract_b))
    assert [r.ref for r in page.context["page"]] == ["R-0001"]
    assertContains(page, "Screen<span")
    page = manager.get(url("referrals", contract_b) + "?show=to_allocate")
    assert [r.ref for r in page.context["page"]] == ["R-0002"]
    assertContains(page, "Allocate<span")


def test_the_referrals_list_asks_the_same_queries_however_many(
    manager, contract_b, django_assert_max_num_queries
):
    for _ in range(30):
        ReferralFactory(contract=contract_b)
    # session, user, contract, counts, count for paging, the page (with young people and
    # cases), the user's organisation (navigation)
    with django_assert_max_num_queries(8):
        response = manager.get(url("referrals", contract_b) + "?show=all")
    assert len(response.context["page"]) == 25


def test_referring_someone_the_team_already_works_with_says_so_first(worker, contract_b, marcus):
    case = CaseFactory(contract=contract_b, key_worker=marcus, start_date=date(2025, 5, 1))
    form = worker.get(url("referral_add", contract_b) + f"?young_person={case.young_person.pk}")
    assertContains(form, f"Case {case.ref} is open with Marcus Bennett since 01/05/2025.")
    stranger = YoungPersonFactory(contract=contract_b)
    form = worker.get(url("referral_add", contract_b) + f"?young_person={stranger.pk}")
    assertNotContains(form, 'data-testid="already"', html=False)
