"""The coordinator's overview: mentors by status, matches due a review, mentees waiting and
for how long, mentors due supervision or a DBS check; commissioners see it by reference."""

from datetime import date

import pytest
from django.urls import reverse

from mentoring.models import Match, MatchReview, Supervision, SupervisionMentor
from tests.factories import MentorFactory, YoungPersonFactory

from .conftest import train, trained_mentor, waiting_mentee

pytestmark = pytest.mark.django_db


def overview_url(contract):
    return reverse("mentoring:overview", kwargs={"pk": contract.pk})


def supervise(mentor, on):
    session = Supervision.objects.create(
        contract=mentor.contract, date=on, kind="one_to_one", led_by="Jess Trewin",
        risk="None raised", safeguarding="None raised", wellbeing="Well",
    )  # fmt: skip
    SupervisionMentor.objects.create(supervision=session, mentor=mentor)


def programme(contract):
    """Five mentors, one of each state (two matched), a match overdue a review, one reviewed,
    and two mentees waiting."""
    nearly = train(MentorFactory(contract=contract, name="Nia Nearly"), date(2025, 5, 1),
                   modules=["cse", "confidentiality", "signs_of_safety", "mentor_role",
                            "mentoring_skills", "safeguarding_adults"])  # fmt: skip
    free = trained_mentor(contract, name="Fran Free", dbs_date=date(2022, 6, 20),
                          dbs_ref="001234567890", dbs_renewal_date=date(2025, 6, 20))  # fmt: skip
    busy = trained_mentor(contract, name="Bea Busy", dbs_date=date(2024, 1, 1),
                          dbs_ref="009876543210", dbs_renewal_date=date(2027, 1, 1))  # fmt: skip
    reviewed = trained_mentor(contract, name="Rob Reviewed")
    gone = trained_mentor(contract, name="Gil Gone", left_date=date(2025, 4, 30))
    overdue = Match.objects.create(
        contract=contract, ref="MA-0001", mentor=busy, start_date=date(2025, 4, 1),
        mentee=YoungPersonFactory(contract=contract, first_name="Olly", last_name="Overdue"),
    )  # fmt: skip
    fine = Match.objects.create(
        contract=contract, ref="MA-0002", mentor=reviewed, start_date=date(2025, 5, 1),
        mentee=YoungPersonFactory(contract=contract, first_name="Vic", last_name="Viewed"),
    )  # fmt: skip
    MatchReview.objects.create(
        match=fine, date=date(2025, 5, 29), notes="Going well.", next_review_date=date(2025, 8, 29)
    )
    supervise(reviewed, date(2025, 6, 2))
    supervise(busy, date(2025, 6, 2))
    first = waiting_mentee(contract, referral_date=date(2025, 5, 20))
    second = waiting_mentee(contract, referral_date=date(2025, 6, 9))
    return locals()


def test_the_coordinator_sees_each_status_what_is_due_and_who_waits(coordinator, contract_a):
    made = programme(contract_a)
    page = coordinator.get(overview_url(contract_a))
    assert page.status_code == 200
    counts = {code: n for code, n in page.context["counts"].items()}
    assert counts == {"in_training": 1, "available": 1, "matched": 2, "left": 1}
    html = page.content.decode()
    # Olly's match started 1 April: its first review (4 weeks: 29 April) is overdue; Vic's
    # was reviewed and is next due in August, so is not listed.
    assert [m.ref for m in page.context["reviews_due"]] == ["MA-0001"]
    assert "Overdue" in html and "Olly Overdue" in html and "Vic Viewed" not in html
    # Waiting: 20 May to 10 June is 3 weeks; 9 June is a day.
    assert [r.waited for r in page.context["waiting"]] == ["3 weeks", "1 day"]
    assert made["first"].young_person.full_name in html
    # Fran (trained 1 March, never supervised) is overdue supervision; Bea and Rob were
    # supervised on 2 June; Gil has left.
    assert [m.name for m in page.context["supervision_due"]] == ["Fran Free"]
    # DBS: Fran's renewal is due on 20 June; the volunteers with none need one.
    dbs = {m.name: m.state.dbs for m in page.context["dbs_due"]}
    assert dbs["Fran Free"] == "due" and dbs["Rob Reviewed"] == "missing"
    assert "Bea Busy" not in dbs and "Gil Gone" not in dbs
    assert [m.name for m in page.context["in_training"]] == ["Nia Nearly"]
    assert "6 of 8 modules done" in html


def test_commissioners_see_the_overview_by_reference_only(client, commissioner, contract_a):
    made = programme(contract_a)
    client.force_login(commissioner)
    page = client.get(overview_url(contract_a))
    assert page.status_code == 200
    html = page.content.decode()
    for name in ["Olly Overdue", "Fran Free", "Nia Nearly", "Bea Busy", "Vic Viewed"]:
        assert name not in html
    assert made["first"].young_person.first_name not in html
    assert made["first"].young_person.ref in html and "MA-0001" in html
    assert made["busy"].ref in html


def test_the_overview_reads_a_fixed_number_of_queries(
    coordinator, contract_a, django_assert_max_num_queries
):
    programme(contract_a)
    with django_assert_max_num_queries(10) as few:
        assert coordinator.get(overview_url(contract_a)).status_code == 200
    for n in range(12):
        mentor = trained_mentor(contract_a, name=f"Extra {n}")
        Match.objects.create(
            contract=contract_a, ref=f"MA-1{n:03d}", mentor=mentor, start_date=date(2025, 5, 1),
            mentee=YoungPersonFactory(contract=contract_a),
        )  # fmt: skip
        waiting_mentee(contract_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert coordinator.get(overview_url(contract_a)).status_code == 200
