"""Matches: the list with each one's review due, a match's page, adding goals, reviews and
supported appointments, and closing; who may open these pages, and how many queries they
read."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from contracts.dates import add_months
from contracts.models import Role
from mentoring.models import GoalProgress, Match, MatchGoal, MatchReview, SupportedAppointment
from tests.factories import ContractFactory, UserFactory, YoungPersonFactory

from .conftest import TODAY, trained_mentor

pytestmark = pytest.mark.django_db


def page_url(name, contract, **kwargs):
    return reverse(f"mentoring:{name}", kwargs={"pk": contract.pk, **kwargs})


def match_url(name, match):
    return page_url(name, match.contract, match_pk=match.pk)


def said(response):
    return [str(message) for message in response.context["messages"]]


def match(contract, ref, start, *, mentor=None, **fields):
    return Match.objects.create(
        contract=contract, ref=ref, start_date=start,
        mentor=mentor or trained_mentor(contract, name=f"Mentor of {ref}"),
        mentee=YoungPersonFactory(contract=contract, first_name="Mina", last_name=ref),
        **fields,
    )  # fmt: skip


def goals(m, *texts, achieved=()):
    return [
        MatchGoal.objects.create(
            match=m,
            text=text,
            agreed_date=m.start_date,
            achieved_date=TODAY - timedelta(days=1) if text in achieved else None,
        )  # fmt: skip
        for text in texts
    ]


# -- The list ----------------------------------------------------------------------------


def test_the_list_filters_running_and_ended_with_each_review_due(coordinator, contract_a):
    contract_a.mentoring_first_review_weeks = 6
    contract_a.save()
    # First reviews 6 weeks after the start: 3 April + 6 weeks is 15 May (overdue); 10 May's
    # is 21 June (in 11 days: due soon); 1 June's is 13 July (scheduled).
    overdue = match(contract_a, "MA-0001", date(2025, 4, 3))
    soon = match(contract_a, "MA-0002", date(2025, 5, 10))
    later = match(contract_a, "MA-0003", date(2025, 6, 1))
    closed = match(contract_a, "MA-0004", date(2025, 1, 6), end_date=date(2025, 6, 1),
                   closure_reason="goals_met")  # fmt: skip
    lapsed = match(contract_a, "MA-0005", date(2024, 5, 1))
    goals(overdue, "Bus to college", "Open a bank account", "Cook a meal",
          achieved=["Cook a meal"])  # fmt: skip
    SupportedAppointment.objects.create(match=overdue, date=date(2025, 5, 2),
                                        appointment_type="health")  # fmt: skip
    SupportedAppointment.objects.create(match=overdue, date=date(2025, 5, 9),
                                        appointment_type="education")  # fmt: skip
    page = coordinator.get(page_url("matches", contract_a))
    assert page.status_code == 200
    assert [(key, n) for key, _label, n in page.context["states"]] == [
        ("running", 3), ("ended", 2), ("all", 5)
    ]  # fmt: skip
    rows = {m.ref: m for m in page.context["page"]}
    assert list(rows) == ["MA-0003", "MA-0002", "MA-0001"]
    due = {ref: (row.review.date, row.review.label) for ref, row in rows.items()}
    assert due == {
        "MA-0001": (date(2025, 5, 15), "Overdue"),
        "MA-0002": (date(2025, 6, 21), "Due soon"),
        "MA-0003": (date(2025, 7, 13), "Scheduled"),
    }
    assert (rows["MA-0001"].achieved_count, rows["MA-0001"].goal_count) == (1, 3)
    assert rows["MA-0001"].appointment_count == 2
    html = page.content.decode()
    assert "Overdue</strong> since 15/05/2025" in html and "1 of 3" in html
    ended = coordinator.get(page_url("matches", contract_a) + "?state=ended")
    assert [m.ref for m in ended.context["page"]] == [closed.ref, lapsed.ref]
    assert all(m.review.date is None for m in ended.context["page"])
    assert "Ended 01/06/2025" in ended.content.decode()
    assert len(coordinator.get(page_url("matches", contract_a) + "?state=all").context["page"]) == 5
    _ = soon, later


# -- A match's page, goals and reviews ---------------------------------------------------


def test_the_match_page_shows_goals_reviews_and_appointments(coordinator, contract_a):
    m = match(contract_a, "MA-0001", date(2025, 4, 1))
    bus, bank = goals(m, "Bus to college", "Open a bank account")
    review = MatchReview.objects.create(match=m, date=date(2025, 4, 29), notes="Good start.",
                                        next_review_date=date(2025, 7, 29))  # fmt: skip
    GoalProgress.objects.create(review=review, goal=bus, progress="some", note="Twice now")
    SupportedAppointment.objects.create(match=m, date=date(2025, 5, 2), appointment_type="health",
                                        notes="GP")  # fmt: skip
    page = coordinator.get(match_url("match_detail", m))
    assert page.status_code == 200
    html = page.content.decode()
    assert "01/04/2026 (12 months)" in html
    assert "Scheduled: 29/07/2025" in html
    assert "Some progress (review of 29/04/2025)" in html and "Not reviewed yet" in html
    assert "Bus to college: <strong>Some progress</strong>. Twice now" in html
    assert page.context["appointments"][0].get_appointment_type_display() == "Health"
    for button in ["Add a goal", "Record a review", "Record a supported appointment",
                   "Close the match"]:  # fmt: skip
        assert button in html
    _ = bank


def test_a_goal_is_added_not_before_the_match_started(coordinator, contract_a):
    m = match(contract_a, "MA-0001", date(2025, 4, 1))
    address = match_url("goal_add", m)
    assert coordinator.get(address).context["form"].initial["agreed_date"] == TODAY
    refused = coordinator.post(address, {"text": "Bus to college", "agreed_date": "2025-03-31"})
    assert refused.context["form"].errors["agreed_date"] == [
        "The match started on 1 April 2025: a goal's agreed date cannot be before it."
    ]
    response = coordinator.post(address, {"text": "Bus to college", "agreed_date": "2025-04-01"})
    assert response["Location"] == match_url("match_detail", m)
    assert list(m.goals.values_list("text", "agreed_date")) == [
        ("Bus to college", date(2025, 4, 1))
    ]


def review_form(day, notes="Going well.", next_review="", **progress):
    return {"date": day, "notes": notes, "next_review_date": next_review, **progress}


def test_a_review_marks_an_achieved_goal_and_schedules_the_next(coordinator, contract_a):
    contract_a.mentoring_review_months = 2
    contract_a.save()
    m = match(contract_a, "MA-0001", date(2025, 4, 1))
    bus, bank, cook = goals(m, "Bus to college", "Open a bank account", "Cook a meal",
                            achieved=["Cook a meal"])  # fmt: skip
    address = match_url("review_add", m)
    form = coordinator.get(address).context["form"]
    # Each goal not yet achieved is asked about; the next review is 2 months after today.
    assert {name for name in form.fields if name.startswith("progress_")} == {
        f"progress_{bus.pk}",
        f"progress_{bank.pk}",
    }
    assert form.initial["next_review_date"] == add_months(TODAY, 2) == date(2025, 8, 10)
    only_one = {f"progress_{bus.pk}": "achieved"}
    missing = coordinator.post(address, review_form("2025-06-10", "Ok.", "2025-08-10", **only_one))
    assert missing.context["form"].errors[f"progress_{bank.pk}"] == ["Say how this goal is going."]
    response = coordinator.post(
        address,
        review_form("2025-06-10", next_review="2025-08-10", **{
            f"progress_{bus.pk}": "achieved", f"note_{bus.pk}": "On her own all week",
            f"progress_{bank.pk}": "some", f"note_{bank.pk}": "",
        }),
        follow=True,
    )  # fmt: skip
    assert said(response) == [
        "Review recorded; next due 10 August 2025. Goal achieved: Bus to college."
    ]
    bus.refresh_from_db()
    bank.refresh_from_db()
    assert bus.achieved_date == TODAY and bank.achieved_date is None
    review = MatchReview.objects.get()
    assert review.next_review_date == date(2025, 8, 10) and review.reviewed_by is not None
    assert {(p.goal_id, p.progress) for p in review.progress.all()} == {
        (bus.pk, "achieved"),
        (bank.pk, "some"),
    }
    page = coordinator.get(match_url("match_detail", m))
    assert page.context["review"].date == date(2025, 8, 10)
    assert page.context["achieved_count"] == 2


def test_a_review_before_the_start_twice_a_day_or_without_a_next_is_refused(
    coordinator, contract_a
):
    m = match(contract_a, "MA-0001", date(2025, 4, 1))
    MatchReview.objects.create(match=m, date=date(2025, 6, 9), notes="Fine.",
                               next_review_date=date(2025, 9, 9))  # fmt: skip
    address = match_url("review_add", m)
    before = coordinator.post(address, review_form("2025-03-31", next_review="2025-06-30"))
    assert before.context["form"].errors["date"] == [
        "The match started on 1 April 2025: a review cannot be before it."
    ]
    twice = coordinator.post(address, review_form("2025-06-09", next_review="2025-09-09"))
    assert twice.context["form"].errors["date"] == [
        "This match already has a review on 9 June 2025: one a day."
    ]
    future = coordinator.post(address, review_form("2025-06-11", next_review="2025-09-11"))
    assert future.context["form"].errors["date"] == ["A review cannot be dated in the future."]
    no_next = coordinator.post(address, review_form("2025-06-10"))
    assert no_next.context["form"].errors["next_review_date"] == [
        "The match runs to 1 April 2026, so it needs a next review: the schedule says "
        "10 September 2025."
    ]
    backwards = coordinator.post(address, review_form("2025-06-10", next_review="2025-06-10"))
    assert backwards.context["form"].errors["next_review_date"] == [
        "The next review must come after this one."
    ]
    assert MatchReview.objects.count() == 1


def test_a_match_ending_before_the_next_review_may_leave_it_empty(coordinator, contract_a):
    m = match(contract_a, "MA-0001", date(2024, 7, 1))  # runs to 1 July 2025
    address = match_url("review_add", m)
    assert coordinator.get(address).context["form"].initial["next_review_date"] is None
    response = coordinator.post(address, review_form("2025-06-10"), follow=True)
    assert said(response) == ["Review recorded; no next review: the match runs to 1 July 2025."]
    assert MatchReview.objects.get().next_review_date is None


# -- Supported appointments --------------------------------------------------------------


def test_an_appointment_is_recorded_within_the_match(coordinator, contract_a):
    m = match(contract_a, "MA-0001", date(2025, 4, 1))
    address = match_url("appointment_add", m)
    assert coordinator.get(address).context["form"].initial["date"] == TODAY
    response = coordinator.post(
        address, {"date": "2025-06-05", "appointment_type": "health", "notes": "GP, Dr Lee"}
    )
    assert response["Location"] == match_url("match_detail", m)
    page = coordinator.get(match_url("match_detail", m))
    assert len(page.context["appointments"]) == 1
    assert 'data-testid="appointment-count">1<' in page.content.decode()
    before = coordinator.post(address, {"date": "2025-03-30", "appointment_type": "health"})
    assert before.context["form"].errors["date"] == [
        "The match started on 1 April 2025: an appointment cannot be before it."
    ]
    future = coordinator.post(address, {"date": "2025-06-11", "appointment_type": "health"})
    assert future.context["form"].errors["date"] == ["An appointment cannot be in the future."]
    twice = coordinator.post(address, {"date": "2025-06-05", "appointment_type": "health"})
    assert twice.context["form"].errors["appointment_type"] == [
        "An appointment of this type on this day is already recorded for the match."
    ]
    assert SupportedAppointment.objects.count() == 1


def test_an_appointment_after_a_closed_match_is_refused(coordinator, contract_a):
    m = match(contract_a, "MA-0001", date(2025, 4, 1), end_date=date(2025, 5, 31),
              closure_reason="mentee_withdrew")  # fmt: skip
    refused = coordinator.post(
        match_url("appointment_add", m), {"date": "2025-06-02", "appointment_type": "housing"}
    )
    assert refused.context["form"].errors["date"] == [
        "The match ran to 31 May 2025: an appointment cannot be after it."
    ]
    assert not SupportedAppointment.objects.exists()


# -- Closing -----------------------------------------------------------------------------


def test_closing_needs_a_note_for_another_reason_and_keeps_to_12_months(coordinator, contract_a):
    m = match(contract_a, "MA-0001", date(2024, 6, 12))  # its limit: 12 June 2025
    address = match_url("match_close", m)
    assert coordinator.get(address).context["form"].initial["end_date"] == TODAY
    other = coordinator.post(address, {"end_date": "2025-06-10", "reason": "other", "note": ""})
    assert other.context["form"].non_field_errors() == ["Say in the note why the match ended."]
    late = coordinator.post(address, {"end_date": "2025-06-13", "reason": "goals_met"})
    assert late.context["form"].non_field_errors() == [
        "A match lasts at most 12 months: this one ends by 12 June 2025."
    ]
    m.refresh_from_db()
    assert m.end_date is None


def test_a_closed_match_shows_how_it_ended_and_no_more_buttons(coordinator, contract_a):
    m = match(contract_a, "MA-0001", date(2025, 4, 1))
    response = coordinator.post(
        match_url("match_close", m),
        {"end_date": "2025-06-09", "reason": "other", "note": "Moved to Devon."},
        follow=True,
    )
    assert said(response) == [
        "Match MA-0001 closed: it ended on 9 June 2025. Why: another reason (in the note)."
    ]
    m.refresh_from_db()
    assert (m.end_date, m.closure_reason, m.closure_note) == (
        date(2025, 6, 9), "other", "Moved to Devon."
    )  # fmt: skip
    html = response.content.decode()
    assert "How it ended" in html and "Another reason (in the note)" in html
    assert "Moved to Devon." in html
    for button in ["Add a goal", "Record a review", "Close the match"]:
        assert button not in html
    again = coordinator.post(
        match_url("match_close", m), {"end_date": "2025-06-10", "reason": "goals_met"}, follow=True
    )
    assert said(again) == ["Match MA-0001 was closed already: it ended on 9 June 2025."]
    review = coordinator.get(match_url("review_add", m), follow=True)
    assert said(review) == ["Match MA-0001 ended on 9 June 2025: no more reviews can be recorded."]


def test_a_match_past_its_12_months_may_still_be_closed_on_its_limit(coordinator, contract_a):
    m = match(contract_a, "MA-0001", date(2024, 5, 1))  # its limit: 1 May 2025
    page = coordinator.get(match_url("match_detail", m))
    assert "It reached its 12 months on 01/05/2025" in page.content.decode()
    address = match_url("match_close", m)
    assert coordinator.get(address).context["form"].initial["end_date"] == date(2025, 5, 1)
    coordinator.post(address, {"end_date": "2025-05-01", "reason": "twelve_months"})
    m.refresh_from_db()
    assert (m.end_date, m.closure_reason) == (date(2025, 5, 1), "twelve_months")


# -- Who may see, and queries ------------------------------------------------------------


def addresses(m):
    return [page_url("matches", m.contract)] + [
        match_url(name, m)
        for name in ["match_detail", "goal_add", "review_add", "appointment_add", "match_close"]
    ]


def test_commissioners_are_refused_and_other_providers_find_nothing(
    client, contract_a, commissioner, provider_b
):
    m = match(contract_a, "MA-0001", date(2025, 4, 1))
    client.force_login(commissioner)
    for address in addresses(m):
        assert client.get(address).status_code == 403, address
    client.force_login(UserFactory(role=Role.PROVIDER_WORKER, organisation=provider_b))
    for address in addresses(m):
        assert client.get(address).status_code == 404, address


def test_another_contracts_match_is_not_found_under_this_contract(
    coordinator, contract_a, provider_b, council_b
):
    other = ContractFactory(provider=provider_b, commissioner=council_b)
    theirs = match(other, "MA-0001", date(2025, 4, 1))
    for address in addresses(theirs)[1:]:
        mine = address.replace(f"/{other.pk}/", f"/{contract_a.pk}/", 1)
        assert mine != address
        assert coordinator.get(mine).status_code == 404, mine


def busy_match(contract, n):
    m = match(contract, f"MA-1{n:03d}", date(2025, 3, 1) + timedelta(days=n))
    review = MatchReview.objects.create(
        match=m, date=date(2025, 4, 1) + timedelta(days=n), notes="Fine",
        next_review_date=date(2025, 7, 1),
    )  # fmt: skip
    for goal, kind in zip(goals(m, "One", "Two", "Three", achieved=["One"]),
                          ["health", "education", "housing"], strict=True):  # fmt: skip
        GoalProgress.objects.create(review=review, goal=goal, progress="some")
        SupportedAppointment.objects.create(match=m, date=review.date, appointment_type=kind)
    return m


def test_the_list_and_a_matchs_page_read_a_fixed_number_of_queries(
    coordinator, contract_a, django_assert_max_num_queries
):
    m = busy_match(contract_a, 0)
    listed, detail = page_url("matches", contract_a), match_url("match_detail", m)
    with django_assert_max_num_queries(11) as list_queries:
        assert coordinator.get(listed).status_code == 200
    with django_assert_max_num_queries(11) as detail_queries:
        assert coordinator.get(detail).status_code == 200
    for n in range(1, 13):
        busy_match(contract_a, n)
    for n in range(4):
        g = MatchGoal.objects.create(match=m, text=f"More {n}", agreed_date=date(2025, 3, 2))
        review = MatchReview.objects.create(
            match=m, date=date(2025, 5, 1) + timedelta(days=n), notes="More",
            next_review_date=date(2025, 8, 1),
        )  # fmt: skip
        for goal in m.goals.all():
            GoalProgress.objects.create(review=review, goal=goal, progress="good")
        SupportedAppointment.objects.create(match=m, date=review.date, appointment_type="other")
        _ = g
    for state in ("running", "all"):
        with django_assert_max_num_queries(len(list_queries.captured_queries)):
            page = coordinator.get(f"{listed}?state={state}")
        assert len(page.context["page"]) == 13
    with django_assert_max_num_queries(len(detail_queries.captured_queries)):
        page = coordinator.get(detail)
    assert len(page.context["reviews"]) == 5 and len(page.context["goals"]) == 7
    assert len(page.context["appointments"]) == 7
