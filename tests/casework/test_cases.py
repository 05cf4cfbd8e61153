"""A case's page and what is recorded from it: contacts written up today and said to be on
time or late at once, planned contacts waiting to be recorded, plans in the young person's
words, assessments and closure; and the figures follow."""

from datetime import date, time

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from contracts.casework.services import Timeliness
from contracts.dates import working_days_after
from contracts.models import Contact, PlannedContact, SupportPlan
from kpis.engine.periods import FinancialYear
from tests.factories import CaseFactory, ReferralFactory
from tests.kpis.factories import ContactFactory
from tests.kpis.helpers import figure

from .support import url

pytestmark = pytest.mark.django_db

Q1 = FinancialYear(2025).period("Q1")


@pytest.fixture
def case(contract_b, marcus):
    referral = ReferralFactory(
        contract=contract_b, decision="accepted", decision_date=date(2025, 4, 2)
    )
    return CaseFactory(
        contract=contract_b,
        ref="C-0001",
        referral=referral,
        young_person=referral.young_person,
        key_worker=marcus,
        referral_date=date(2025, 4, 1),
        start_date=date(2025, 4, 7),
    )


def contact_data(**overrides) -> dict:
    return {
        "contact_date": "2025-06-09",
        "contact_time": "16:30",
        "kind": "visit",
        "with_whom": "Sam and his mum",
        "notes": "Talked about going back to school.",
        "ref": "",
        **overrides,
    }


def test_a_contact_is_recorded_today_and_said_on_time(worker, case, key_worker_user):
    form = worker.get(url("contact_add", case.contract, case_pk=case.pk))
    # Five working days before Tuesday 10 June is Tuesday 3 June.
    assertContains(form, "A contact on or after <strong>03/06/2025</strong> is on time", html=False)
    response = worker.post(
        url("contact_add", case.contract, case_pk=case.pk), contact_data(), follow=True
    )
    contact = Contact.objects.get()
    assert (contact.ref, contact.contact_date, contact.recorded_date, contact.recorded_by) == (
        "CT-0001",
        date(2025, 6, 9),
        date(2025, 6, 10),
        key_worker_user,
    )
    assert (contact.contact_time, contact.kind) == (time(16, 30), "visit")
    assertContains(response, "Contact CT-0001 recorded. On time: recorded 1 working day after")


def test_a_late_contact_is_said_late_as_it_is_saved_and_a2_7_follows(worker, case):
    ContactFactory(case=case, contact_date=date(2025, 6, 2), recorded_date=date(2025, 6, 2))
    assert figure(case.contract, "A2.7", Q1).value == 100
    # Friday 30 May to Tuesday 10 June: 2-6 and 9-10 June, 7 working days.
    response = worker.post(
        url("contact_add", case.contract, case_pk=case.pk),
        contact_data(contact_date="2025-05-30"),
        follow=True,
    )
    assertContains(response, "Late: recorded 7 working days after it happened")
    assertContains(response, "Late: 7 working days")
    result = figure(case.contract, "A2.7", Q1)
    assert (result.numerator, result.denominator) == (1, 2)


def test_a_contact_in_the_future_or_before_the_case_is_refused(worker, case):
    for day, message in [
        ("2025-06-11", "cannot be in the future"),
        ("2025-04-01", "not before then"),
    ]:
        response = worker.post(
            url("contact_add", case.contract, case_pk=case.pk), contact_data(contact_date=day)
        )
        assertContains(response, message)
    assert not Contact.objects.exists()


def test_changing_a_contact_keeps_the_day_it_was_recorded(worker, case):
    contact = ContactFactory(
        case=case, contact_date=date(2025, 6, 2), recorded_date=date(2025, 6, 3)
    )
    worker.post(
        url("contact_edit", case.contract, case_pk=case.pk, record_pk=contact.pk),
        contact_data(contact_date="2025-06-02", notes="Corrected", ref=contact.ref),
    )
    contact.refresh_from_db()
    assert (contact.notes, contact.recorded_date) == ("Corrected", date(2025, 6, 3))


def test_a_planned_contact_waits_to_be_recorded_and_is_ticked_off_when_it_is(
    worker, case, contract_b
):
    overdue = PlannedContact.objects.create(case=case, date=date(2025, 6, 2), kind="visit")
    PlannedContact.objects.create(case=case, date=date(2025, 6, 9), kind="phone")
    PlannedContact.objects.create(case=case, date=date(2025, 6, 20), kind="family")
    mine = worker.get(url("my_cases", contract_b))
    waiting = mine.context["waiting"]
    assert [(p.date, p.overdue) for p in waiting] == [
        (date(2025, 6, 2), True),  # due by Monday 9 June
        (date(2025, 6, 9), False),
    ]
    assertContains(mine, "1 of them is past the timeframe")
    assert [p.date for p in mine.context["upcoming"]] == [date(2025, 6, 20)]
    form = worker.get(url("contact_add", contract_b, case_pk=case.pk) + f"?planned={overdue.pk}")
    assert form.context["form"].initial["contact_date"] == date(2025, 6, 2)
    worker.post(
        url("contact_add", contract_b, case_pk=case.pk),
        {**contact_data(contact_date="2025-06-02"), "planned": overdue.pk},
    )
    overdue.refresh_from_db()
    assert overdue.contact == Contact.objects.get()
    assert [p.date for p in worker.get(url("my_cases", contract_b)).context["waiting"]] == [
        date(2025, 6, 9)
    ]


def test_a_contact_cannot_be_planned_in_the_past(worker, case):
    response = worker.post(
        url("planned_contact_add", case.contract, case_pk=case.pk),
        {"date": "2025-06-01", "kind": "visit", "with_whom": ""},
    )
    assertContains(response, "record the contact instead")
    assert not PlannedContact.objects.exists()


def test_a_support_plan_keeps_the_young_persons_words_and_is_reviewed(worker, case):
    worker.post(
        url("plan_add", case.contract, case_pk=case.pk),
        {
            "agreed_date": "2025-05-01",
            "goals": "Back in school three days a week",
            "young_persons_words": "I want to go back to football",
            "review_date": "2025-06-01",
        },
    )
    plan = SupportPlan.objects.get()
    page = worker.get(url("case_detail", case.contract, case_pk=case.pk))
    assertContains(page, "I want to go back to football")
    assertContains(page, '<strong class="text-danger">overdue</strong>', html=False)
    worker.post(
        url("plan_review_add", case.contract, case_pk=case.pk, record_pk=plan.pk),
        {
            "date": "2025-06-10",
            "progress": "Two days a week so far",
            "young_persons_words": "It's better than it was",
            "next_review_date": "2025-09-10",
        },
    )
    page = worker.get(url("case_detail", case.contract, case_pk=case.pk))
    assertContains(page, "It&#x27;s better than it was")
    assertContains(page, "Review by 10/09/2025")
    assertNotContains(page, '<strong class="text-danger">overdue</strong>', html=False)


def test_an_assessment_led_counts_in_a2_5(worker, case):
    assert figure(case.contract, "A2.5", Q1).value == 0
    worker.post(
        url("assessment_add", case.contract, case_pk=case.pk),
        {
            "date": "2025-06-05",
            "title": "Child and family assessment",
            "role": "lead",
            "notes": "",
            "ref": "",
        },
    )
    assert figure(case.contract, "A2.5", Q1).value == 1


def test_closing_a_case_records_the_outcome_and_flags_a_short_involvement(worker, case):
    response = worker.post(
        url("case_close", case.contract, case_pk=case.pk),
        {
            "end_date": "2025-06-10",
            "closure_outcome": "goals_partly_met",
            "closure_reason": "moved_away",
            "closure_note": "Moved to Walsall; handed over to their early help team.",
        },
        follow=True,
    )
    case.refresh_from_db()
    assert (case.end_date, case.closure_outcome, case.closure_reason) == (
        date(2025, 6, 10),
        "goals_partly_met",
        "moved_away",
    )
    assertContains(response, "Case C-0001 closed after 2 months. Closed within 6 months.")
    assertContains(response, "Moved to Walsall")
    assertNotContains(response, "Close the case")


def test_the_caseloads_page_names_for_staff_and_gives_references_to_commissioners(
    client, worker, case, contract_b, commissioner_b
):
    # Names no page's own words contain, so finding them can only mean the young person's.
    case.young_person.first_name, case.young_person.last_name = "Zephyrine", "Quillfeather"
    case.young_person.save()
    page = worker.get(url("caseloads", contract_b))
    assertContains(page, case.young_person.full_name)
    assertContains(page, "1 of 10")
    client.force_login(commissioner_b)
    page = client.get(url("caseloads", contract_b))
    assert page.status_code == 200
    assertContains(page, case.young_person.ref)
    assertContains(page, "Key worker KW-01")
    for private in [case.young_person.first_name, case.young_person.last_name, "Marcus"]:
        assertNotContains(page, private)
    # Everything else in casework holds names or notes: refused, with the reason.
    for name, kwargs in [
        ("case_detail", {"case_pk": case.pk}),
        ("my_cases", {}),
        ("referrals", {}),
    ]:
        refused = client.get(url(name, contract_b, **kwargs))
        assert refused.status_code == 403, name


def test_a_case_open_longer_than_the_involvement_setting_is_flagged(worker, contract_b, marcus):
    CaseFactory(
        contract=contract_b,
        key_worker=marcus,
        referral_date=date(2024, 5, 1),
        start_date=date(2024, 5, 10),
    )
    page = worker.get(url("caseloads", contract_b))
    assertContains(page, "Open longer than 12 months")


@pytest.mark.parametrize("count", [2, 12])
def test_casework_pages_ask_the_same_queries_however_many_cases(
    worker, contract_b, marcus, django_assert_max_num_queries, count
):
    cases = CaseFactory.create_batch(count, contract=contract_b, key_worker=marcus)
    for case in cases:
        ContactFactory.create_batch(3, case=case)
        PlannedContact.objects.create(case=case, date=date(2025, 6, 2))
        SupportPlan.objects.create(
            case=case,
            agreed_date=date(2025, 5, 1),
            goals="Goals",
            young_persons_words="Words",
            review_date=date(2025, 8, 1),
        )
    # Each page's own, and the audit's row (audit/pages.py).
    with django_assert_max_num_queries(9 + 1):
        assert worker.get(url("caseloads", contract_b)).status_code == 200
    with django_assert_max_num_queries(9 + 1):
        response = worker.get(url("my_cases", contract_b))
    assert len(response.context["cases"]) == count
    with django_assert_max_num_queries(12 + 1):
        assert worker.get(url("case_detail", contract_b, case_pk=cases[0].pk)).status_code == 200


def test_the_screens_count_working_days_as_a2_7_does():
    """Python's count (shown as a contact is saved) and SQL's (A2.7) agree, across weekends
    and the 2025 Easter and May bank holidays."""
    from datetime import timedelta

    from contracts.models import Contract

    start = date(2025, 4, 14)
    days = [start + timedelta(days=n) for n in range(40)]
    contract = Contract(record_timeframe_days=5)
    for first in days[::3]:
        for last in days:
            if last >= first:
                words = Timeliness.of(first, last, contract)
                assert words.working_days == working_days_after(first, last)
    # Thursday 17 April to Tuesday 22 April 2025: Good Friday and Easter Monday are not
    # working days, so this is 1.
    assert working_days_after(date(2025, 4, 17), date(2025, 4, 22)) == 1
