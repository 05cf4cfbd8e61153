"""The team's pages (Wolverhampton's Young Person's Team): key workers and who signs in as them,
their performance reviews and when the next is due (specification 4.2.3, A2.10), and their
activities (A2.8, A2.9). The team manager adds key workers and reviews them; every member of
the provider's staff sees the key workers and records activities; a key worker sees their own
reviews only. Commissioners are refused (403); another organisation, or a contract without
casework, finds nothing (404)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from contracts.casework import team_urls
from contracts.casework.reviews import last_day_of_first_year, next_review_due, review_due
from contracts.casework.team_forms import ACTIVITY_PARTS
from contracts.codes import KEY_WORKER_ROLES
from contracts.dates import add_months, financial_year_around
from contracts.models import KeyWorker, KeyWorkerActivity, PerformanceReview, Role
from tests.factories import CaseFactory, ContractFactory, KeyWorkerFactory, UserFactory
from tests.kpis.helpers import FY, figure
from tests.records.support import url, what_the_browser_posts

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 15)
START = date(2024, 4, 1)  # the contract's start: its first year is 1 Apr 2024 to 31 Mar 2025


# The schedule ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 1, 15), 3, date(2025, 4, 15)),
        (date(2024, 11, 30), 3, date(2025, 2, 28)),  # no 30 February: its last day
        (date(2023, 11, 30), 3, date(2024, 2, 29)),  # a leap year's last day
        (date(2024, 8, 31), 6, date(2025, 2, 28)),
        (date(2025, 10, 31), 6, date(2026, 4, 30)),
        (date(2025, 12, 15), 3, date(2026, 3, 15)),  # across the new year
    ],
)
def test_add_months_keeps_the_day_or_the_months_last(day, months, expected):
    assert add_months(day, months) == expected


def test_it_is_due_three_months_after_the_contract_starts_before_any_review():
    assert next_review_due(contract_start=START, last_review=None) == date(2024, 7, 1)


@pytest.mark.parametrize(
    ("last_review", "due"),
    [
        (date(2024, 4, 20), date(2024, 7, 20)),  # first year: quarterly
        (date(2024, 12, 10), date(2025, 3, 10)),
        (date(2025, 3, 31), date(2025, 6, 30)),  # the first year's last day: still quarterly
        (date(2025, 4, 1), date(2025, 10, 1)),  # the second year's first day: six-monthly
        (date(2026, 5, 9), date(2026, 11, 9)),
        (date(2025, 8, 31), date(2026, 2, 28)),  # six months on, clamped to February's end
    ],
)
def test_reviews_are_quarterly_in_the_first_year_and_six_monthly_after(last_review, due):
    assert next_review_due(contract_start=START, last_review=last_review) == due


def test_a_contract_starting_on_29_february_has_a_first_year_to_27_february():
    leap_start = date(2024, 2, 29)
    assert last_day_of_first_year(leap_start) == date(2025, 2, 27)
    assert next_review_due(contract_start=leap_start, last_review=date(2025, 2, 27)) == date(
        2025, 5, 27
    )
    assert next_review_due(contract_start=leap_start, last_review=date(2025, 2, 28)) == date(
        2025, 8, 28
    )


def test_a_review_is_overdue_the_day_after_it_is_due_not_on_the_day():
    on_the_day = review_due(
        contract_start=START, last_review=date(2025, 4, 1), today=date(2025, 10, 1)
    )
    day_after = review_due(
        contract_start=START, last_review=date(2025, 4, 1), today=date(2025, 10, 2)
    )
    assert (on_the_day.overdue, day_after.overdue) == (False, True)
    assert day_after.overdue_since == date(2025, 10, 2)


def test_the_financial_year_runs_from_1_april_to_31_march():
    assert financial_year_around(date(2025, 3, 31)) == (date(2024, 4, 1), date(2025, 3, 31))
    assert financial_year_around(date(2025, 4, 1)) == (date(2025, 4, 1), date(2026, 3, 31))


# Fixtures -------------------------------------------------------------------------------------


@pytest.fixture
def today(time_machine) -> date:
    time_machine.move_to(datetime(2025, 6, 15, 10, 0, tzinfo=ZoneInfo("Europe/London")))
    return TODAY


@pytest.fixture
def ypt(db, council_a, provider_a):
    """Provider A's key-worker contract (beside its Cornwall contract, contract_a)."""
    return ContractFactory(
        ref="A-YPT",
        framework="wolverhampton_ypt",
        commissioner=council_a,
        provider=provider_a,
        start_date=START,
    )


@pytest.fixture
def team(ypt, provider_a_worker):
    """Two key workers: Alex (who signs in as provider A's worker), reviewed last October, so
    overdue since 1 Apr 2025 (quarterly in the first year); and Bo, with no sign-in, reviewed
    in May, so due in November (six-monthly after the first year)."""
    alex = KeyWorkerFactory(contract=ypt, ref="KW-01", name="Alex Kent", user=provider_a_worker)
    bo = KeyWorkerFactory(contract=ypt, ref="KW-02", name="Bo Marsh")
    PerformanceReview.objects.create(key_worker=alex, date=date(2024, 12, 31), satisfactory=False)
    PerformanceReview.objects.create(key_worker=bo, date=date(2025, 5, 10), satisfactory=True)
    CaseFactory.create_batch(2, contract=ypt, key_worker=alex)
    CaseFactory(contract=ypt, key_worker=alex, end_date=date(2025, 5, 1))  # closed: not counted
    activity = KeyWorkerActivity.objects.create(
        contract=ypt, ref="KA-0001", key_worker=bo, date=date(2025, 5, 2), role="lead", title="Gym"
    )
    return {"alex": alex, "bo": bo, "activity": activity}


@pytest.fixture
def manager(client, provider_a_manager, today):
    client.force_login(provider_a_manager)
    return client


@pytest.fixture
def worker(client, provider_a_worker, today):
    client.force_login(provider_a_worker)
    return client


PAGES = [pattern.name for pattern in team_urls.urlpatterns]
MANAGERS_PAGES = [
    "key_worker_add",
    "key_worker_edit",
    "performance_review_add",
    "performance_review_edit",
]


def address(name: str, contract, team: dict) -> str:
    ids = {
        "key_worker_pk": team["alex"].pk,
        "review_pk": team["alex"].performance_reviews.get().pk,
        "activity_pk": team["activity"].pk,
    }
    pattern = next(pattern for pattern in team_urls.urlpatterns if pattern.name == name)
    return url(name, contract, **{key: ids[key] for key in pattern.pattern.converters})


# Who may open which page ----------------------------------------------------------------------


def test_it_checks_every_team_page():
    assert set(PAGES) == {
        "key_workers",
        "key_worker_add",
        "key_worker_edit",
        "performance_reviews",
        "performance_review_add",
        "performance_review_edit",
        "activities",
        "activity_add",
        "activity_edit",
    }


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("persona", ["provider_a_manager", "administrator"])
def test_the_team_manager_opens_every_page(client, request, ypt, team, today, name, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(address(name, ypt, team)).status_code == 200


@pytest.mark.parametrize("name", [page for page in PAGES if page not in MANAGERS_PAGES])
def test_a_key_worker_sees_the_lists_and_records_activities(worker, ypt, team, name):
    assert worker.get(address(name, ypt, team)).status_code == 200


@pytest.mark.parametrize("name", MANAGERS_PAGES)
def test_only_the_team_manager_adds_key_workers_and_reviews_them(worker, ypt, team, name):
    target = address(name, ypt, team)
    refused = worker.get(target)
    assert refused.status_code == 403
    assertContains(refused, "Only the team manager (a provider manager) can", status_code=403)
    posted = worker.post(target, {"name": "Changed", "date": "2025-06-15", "satisfactory": "True"})
    assert posted.status_code == 403
    assert not KeyWorker.objects.filter(name="Changed").exists()
    assert PerformanceReview.objects.count() == 2


@pytest.mark.parametrize("name", PAGES)
def test_the_commissioner_is_refused_every_team_page(client, commissioner, ypt, team, name):
    client.force_login(commissioner)
    target = address(name, ypt, team)
    assert client.get(target).status_code == 403
    assert client.post(target, {"name": "Changed", "title": "Changed"}).status_code in (403, 405)
    assert not KeyWorker.objects.filter(name="Changed").exists()


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("stranger", ["provider_b_worker", "provider_b_manager", "commissioner_b"])
def test_another_organisation_finds_no_team_page(client, request, ypt, team, name, stranger):
    client.force_login(request.getfixturevalue(stranger))
    target = address(name, ypt, team)
    assert client.get(target).status_code == 404
    assert client.post(target, {"name": "Changed", "title": "Changed"}).status_code in (404, 405)
    assert not KeyWorker.objects.filter(name="Changed").exists()


@pytest.fixture
def provider_b_manager(provider_b, contract_b):
    return UserFactory(username="manager.b", role=Role.PROVIDER_MANAGER, organisation=provider_b)


@pytest.mark.parametrize("name", PAGES)
def test_a_contract_without_casework_has_no_team_pages(manager, contract_a, ypt, team, name):
    # contract_a is provider A's Cornwall contract: the manager can see it, but it keeps no
    # key workers.
    assert manager.get(address(name, contract_a, team)).status_code == 404


@pytest.mark.parametrize("name", ["key_worker_edit", "performance_review_edit", "activity_edit"])
def test_another_contracts_record_is_not_found_under_this_contracts_address(
    manager, provider_a, ypt, team, name
):
    other = ContractFactory(framework="wolverhampton_ypt", provider=provider_a)
    assert manager.get(address(name, other, team)).status_code == 404


# Key workers ----------------------------------------------------------------------------------


def test_the_manager_sees_who_signs_in_open_cases_and_reviews_overdue_first(manager, ypt, team):
    response = manager.get(url("key_workers", ypt))
    rows = response.context["rows"]
    assert [row.key_worker.ref for row in rows] == ["KW-01", "KW-02"]
    alex, bo = rows
    assert (alex.key_worker.open_cases, bo.key_worker.open_cases) == (2, 0)
    assert (alex.review.due, alex.review.overdue) == (date(2025, 3, 31), True)
    assert (bo.review.due, bo.review.overdue) == (date(2025, 11, 10), False)
    assertContains(response, "Overdue since 1 Apr 2025")
    assertContains(response, "Due 10 Nov 2025")
    assertContains(response, team["alex"].user.get_full_name())
    assertContains(response, "No sign-in linked")
    assertContains(response, "31 Dec 2024: <strong>not satisfactory</strong>", html=False)


def test_overdue_key_workers_come_first_whatever_their_names(manager, ypt, team):
    KeyWorkerFactory(contract=ypt, ref="KW-03", name="Aaron Never-Reviewed")
    PerformanceReview.objects.filter(key_worker=team["alex"]).update(date=date(2025, 6, 1))
    response = manager.get(url("key_workers", ypt))
    # Aaron: due 1 Jul 2024, overdue. Alex: reviewed 1 Jun 2025, due 1 Dec. Bo: due 10 Nov.
    assert [row.key_worker.ref for row in response.context["rows"]] == ["KW-03", "KW-02", "KW-01"]


def test_a_key_worker_sees_the_team_and_their_own_review_but_no_colleagues(worker, ypt, team):
    response = worker.get(url("key_workers", ypt))
    assertContains(response, "Bo Marsh")
    assertContains(response, "Your next review is due by 31 Mar 2025.")
    assertNotContains(response, "Due 10 Nov 2025")
    assertNotContains(response, "Add a key worker")
    assert response.context["share"] is None


def test_a_key_worker_sees_only_their_own_reviews(worker, ypt, team):
    response = worker.get(url("performance_reviews", ypt))
    assert [review.key_worker.ref for review in response.context["page"]] == ["KW-01"]
    assertNotContains(response, "Change<span")


def test_adding_a_key_worker_gives_the_next_reference_and_links_a_sign_in(
    manager, ypt, team, provider_a
):
    newcomer = UserFactory(role=Role.PROVIDER_WORKER, organisation=provider_a)
    response = manager.post(
        url("key_worker_add", ypt), {"name": "Cai Lowe", "ref": "", "user": newcomer.pk}
    )
    assert response.status_code == 302
    added = KeyWorker.objects.get(name="Cai Lowe")
    assert (added.ref, added.user, added.contract) == ("KW-03", newcomer, ypt)


def test_only_the_providers_staff_may_sign_in_as_a_key_worker(
    manager, ypt, team, provider_a, provider_b_worker, commissioner, panel_member
):
    colleague = UserFactory(role=Role.PROVIDER_MANAGER, organisation=provider_a)
    form = manager.get(url("key_worker_add", ypt)).context["form"]
    offered = set(form.fields["user"].queryset)
    assert colleague in offered and team["alex"].user in offered
    assert not offered & {provider_b_worker, commissioner, panel_member}
    # Who already signs in as another key worker says so, before anyone chooses them.
    assertContains(
        manager.get(url("key_worker_add", ypt)),
        f"({team['alex'].user.username}), signs in as Alex Kent</option>",
        html=False,
    )
    response = manager.post(
        url("key_worker_add", ypt), {"name": "Dee", "ref": "", "user": provider_b_worker.pk}
    )
    assert response.status_code == 200
    assert "user" in response.context["form"].errors
    assert not KeyWorker.objects.filter(name="Dee").exists()


def test_a_person_signs_in_as_one_key_worker_per_contract(manager, ypt, team):
    taken_by = team["alex"].user
    response = manager.post(
        url("key_worker_edit", ypt, key_worker_pk=team["bo"].pk),
        {"name": "Bo Marsh", "ref": "KW-02", "user": taken_by.pk},
    )
    assert response.status_code == 200
    assertContains(response, "already signs in as Alex Kent (KW-01) on this contract")
    team["bo"].refresh_from_db()
    assert team["bo"].user is None


def test_a_key_worker_is_changed_and_their_sign_in_kept(manager, ypt, team):
    page = manager.get(url("key_worker_edit", ypt, key_worker_pk=team["alex"].pk))
    data = what_the_browser_posts(page) | {"name": "Alex Kent-Jones"}
    assert manager.post(page.request["PATH_INFO"], data).status_code == 302
    team["alex"].refresh_from_db()
    assert (team["alex"].name, team["alex"].user.username) == ("Alex Kent-Jones", "worker.a")


# Performance reviews --------------------------------------------------------------------------


def review_data(**changes) -> dict:
    return {"date": "2025-06-15", "satisfactory": "True", "notes": "Good work."} | changes


def test_a_review_starts_on_today_with_no_answer_chosen(manager, ypt, team):
    page = manager.get(url("performance_review_add", ypt, key_worker_pk=team["alex"].pk))
    posted = what_the_browser_posts(page)
    assert posted["date"] == "2025-06-15"
    assert "satisfactory" not in posted
    assertContains(page, 'type="radio"', count=2)
    refused = manager.post(page.request["PATH_INFO"], posted)
    assert refused.context["form"].errors["satisfactory"] == ["Choose yes or no."]


def test_recording_a_review_names_the_reviewer_and_moves_the_next_due(
    manager, provider_a_manager, ypt, team
):
    response = manager.post(
        url("performance_review_add", ypt, key_worker_pk=team["alex"].pk), review_data()
    )
    assert response.status_code == 302
    review = team["alex"].performance_reviews.get(date=TODAY)
    assert (review.satisfactory, review.reviewed_by, review.notes) == (
        True,
        provider_a_manager,
        "Good work.",
    )
    listed = manager.get(url("key_workers", ypt))
    alex = next(row for row in listed.context["rows"] if row.key_worker.ref == "KW-01")
    assert (alex.review.due, alex.review.overdue) == (date(2025, 12, 15), False)
    reviews = manager.get(url("performance_reviews", ypt))
    assertContains(reviews, "Good work.")
    assertContains(reviews, provider_a_manager.get_full_name())


def test_a_second_review_on_the_same_day_is_a_message_not_a_crash(manager, ypt, team):
    PerformanceReview.objects.create(key_worker=team["alex"], date=TODAY, satisfactory=True)
    response = manager.post(
        url("performance_review_add", ypt, key_worker_pk=team["alex"].pk),
        review_data(satisfactory="False"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["date"] == [
        "This key worker already has a review on this day: change that one."
    ]


def test_a_review_is_changed_keeping_who_reviewed(manager, provider_a_manager, ypt, team):
    review = team["bo"].performance_reviews.get()
    review.reviewed_by = provider_a_manager
    review.save()
    page = manager.get(url("performance_review_edit", ypt, review_pk=review.pk))
    data = what_the_browser_posts(page)
    assert data["satisfactory"] == "True"
    assert (
        manager.post(page.request["PATH_INFO"], data | {"satisfactory": "False"}).status_code == 302
    )
    review.refresh_from_db()
    assert (review.satisfactory, review.reviewed_by) == (False, provider_a_manager)


def test_the_years_satisfactory_share_is_a2_10s_and_moves_with_a_review(manager, ypt, team):
    # This financial year (from 1 Apr 2025): Bo's May review, satisfactory. Alex's December one
    # was last year.
    before = figure(ypt, "A2.10", FY)
    share = manager.get(url("key_workers", ypt)).context["share"]
    assert (share.satisfactory, share.reviews, share.percent) == (1, 1, before.value)
    manager.post(
        url("performance_review_add", ypt, key_worker_pk=team["alex"].pk),
        review_data(satisfactory="False"),
    )
    after = figure(ypt, "A2.10", FY)
    assert (after.numerator, after.denominator, str(after.value)) == (1, 2, "50.0")
    response = manager.get(url("key_workers", ypt))
    assert response.context["share"].percent == after.value
    assertContains(response, "<strong>1 of 2</strong>", html=False)
    assertContains(response, "<strong>50.0%</strong>", html=False)


# Activities -----------------------------------------------------------------------------------


def test_a_key_worker_records_an_activity_as_their_own_by_default(worker, ypt, team):
    page = worker.get(url("activity_add", ypt))
    data = what_the_browser_posts(page)
    assert (data["key_worker"], data["date"]) == (str(team["alex"].pk), "2025-06-15")
    assert "role" not in data  # led or supported: they say which
    response = worker.post(
        page.request["PATH_INFO"], data | {"role": "support", "title": "Parents' evening"}
    )
    assert response.status_code == 302
    added = KeyWorkerActivity.objects.get(title="Parents' evening")
    assert (added.ref, added.key_worker, added.role, added.date) == (
        "KA-0002",
        team["alex"],
        "support",
        TODAY,
    )


def test_every_part_a_key_worker_plays_is_offered_in_plain_words():
    assert {code for code, _words in ACTIVITY_PARTS} == set(KEY_WORKER_ROLES)


def test_someone_with_no_key_worker_post_chooses_whose_activity(manager, ypt, team):
    data = what_the_browser_posts(manager.get(url("activity_add", ypt)))
    assert data["key_worker"] == ""


def test_an_activity_of_another_contracts_key_worker_cannot_be_recorded(
    worker, ypt, team, provider_a
):
    other = KeyWorkerFactory(
        contract=ContractFactory(framework="wolverhampton_ypt", provider=provider_a)
    )
    response = worker.post(
        url("activity_add", ypt),
        {"key_worker": other.pk, "date": "2025-06-15", "role": "lead", "title": "Sneaky"},
    )
    assert "key_worker" in response.context["form"].errors
    assert not KeyWorkerActivity.objects.filter(title="Sneaky").exists()


def test_activities_are_listed_latest_first_and_filtered(worker, ypt, team):
    for day, role, who in [(3, "support", "alex"), (9, "lead", "alex"), (6, "lead", "bo")]:
        KeyWorkerActivity.objects.create(
            contract=ypt,
            ref=f"KA-01{day:02d}",
            key_worker=team[who],
            date=date(2025, 6, day),
            role=role,
            title=f"Activity {day}",
        )
    listed = worker.get(url("activities", ypt))
    assert [a.ref for a in listed.context["page"]] == ["KA-0109", "KA-0106", "KA-0103", "KA-0001"]
    led_by_alex = worker.get(
        url("activities", ypt), {"key_worker": team["alex"].pk, "role": "lead"}
    )
    assert [a.ref for a in led_by_alex.context["page"]] == ["KA-0109"]


def test_an_activity_is_changed(worker, ypt, team):
    page = worker.get(url("activity_edit", ypt, activity_pk=team["activity"].pk))
    data = what_the_browser_posts(page)
    assert data["role"] == "lead"
    assert worker.post(page.request["PATH_INFO"], data | {"title": "Gym club"}).status_code == 302
    team["activity"].refresh_from_db()
    assert (team["activity"].title, team["activity"].ref) == ("Gym club", "KA-0001")


# Queries --------------------------------------------------------------------------------------

SMALL, LARGE = 2, 20


def busy_team(contract, count: int) -> None:
    """Key workers, each with sign-in, cases, reviews and activities."""
    for number in range(count):
        key_worker = KeyWorkerFactory(
            contract=contract,
            user=UserFactory(role=Role.PROVIDER_WORKER, organisation=contract.provider),
        )
        CaseFactory.create_batch(2, contract=contract, key_worker=key_worker)
        for month in (1, 5):
            PerformanceReview.objects.create(
                key_worker=key_worker,
                date=date(2025, month, 1 + number % 28),
                satisfactory=bool(number % 2),
                reviewed_by=key_worker.user,
            )
        KeyWorkerActivity.objects.create(
            contract=contract,
            ref=f"KA-{number:04d}",
            key_worker=key_worker,
            date=date(2025, 5, 1 + number % 28),
            role="lead",
            title=f"Activity {number}",
        )


@pytest.mark.parametrize("count", [SMALL, LARGE])
@pytest.mark.parametrize(
    ("name", "queries"),
    [
        # session, user, contract (with both parties), key workers with their sign-in, open
        # cases and latest review (subqueries), the year's reviews counted, the user's
        # organisation (navigation), the audit's row
        ("key_workers", 7),
        # session, user, contract, key workers (the filter's choices), count for the pages,
        # one page of reviews with key worker and reviewer, the user's organisation, the
        # audit's row
        ("performance_reviews", 8),
        # session, user, contract, key workers (the filter's choices), count for the pages,
        # one page of activities with their key worker, the user's organisation, the audit's row
        ("activities", 8),
    ],
)
def test_each_list_asks_the_same_queries_however_big_the_team(
    manager, ypt, contract_b, django_assert_max_num_queries, count, name, queries
):
    busy_team(ypt, count)
    busy_team(contract_b, count)
    with django_assert_max_num_queries(queries):
        response = manager.get(url(name, ypt))
    assert response.status_code == 200
    shown = response.context["rows"] if name == "key_workers" else response.context["page"]
    # Two reviews each, a page of 25 at most.
    assert len(shown) == (min(count * 2, 25) if name == "performance_reviews" else count)
