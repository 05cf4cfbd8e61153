"""Mentees referred for a mentor: referring one, the list, the matching page with its
suggestions and making the match, withdrawing; who may open these pages, and how many
queries they read."""

from datetime import date

import pytest
from django.urls import reverse

from contracts.models import Role
from mentoring.models import Match, MenteeReferral
from tests.factories import ContractFactory, MentorFactory, UserFactory, YoungPersonFactory

from .conftest import trained_mentor, waiting_mentee

pytestmark = pytest.mark.django_db


def page_url(name, contract, **kwargs):
    return reverse(f"mentoring:{name}", kwargs={"pk": contract.pk, **kwargs})


def said(response):
    return [str(message) for message in response.context["messages"]]


def kai(contract, **fields):
    fields = {"first_name": "Kai", "last_name": "Pascoe", "locality": "East",
              "date_of_birth": date(2010, 1, 5), **fields}  # fmt: skip
    return YoungPersonFactory(contract=contract, **fields)


def referral_form(person, **changes):
    return {
        "young_person": person.pk, "ref": "", "referral_date": "2025-06-09",
        "referrer": "Sam Hale, social worker", "needs": ["confidence", "work"],
        "needs_note": "Wants to get a weekend job.", "interests": ["music"], "locality": "",
        "prefers_gender": "", "preferences": "", **changes,
    }  # fmt: skip


# -- Referring a young person --------------------------------------------------------------


def test_a_referral_is_saved_in_the_young_persons_locality_and_opens_the_matching_page(
    coordinator, contract_a
):
    person = kai(contract_a, locality="West")
    response = coordinator.post(page_url("referral_add", contract_a), referral_form(person))
    referral = MenteeReferral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == page_url("referral_detail", contract_a, referral_pk=referral.pk)
    assert referral.ref == "MR-0001" and referral.contract == contract_a
    assert referral.locality == "West"
    assert referral.needs == ["confidence", "work"] and referral.interests == ["music"]
    assert referral.referral_date == date(2025, 6, 9) and referral.is_waiting
    page = coordinator.get(response["Location"])
    assert any("Now find Kai a mentor" in text for text in said(page))


def test_with_a_list_of_localities_an_empty_choice_is_the_young_persons_own(
    coordinator, contract_a
):
    contract_a.localities = ["East", "West"]
    contract_a.save()
    person = kai(contract_a, locality="West")
    form = coordinator.get(page_url("referral_add", contract_a)).context["form"]
    assert form.fields["locality"].choices[0] == ("", "Their own locality")
    coordinator.post(page_url("referral_add", contract_a), referral_form(person))
    assert MenteeReferral.objects.get().locality == "West"
    other = kai(contract_a, first_name="Ola")
    coordinator.post(page_url("referral_add", contract_a), referral_form(other, locality="West"))
    assert MenteeReferral.objects.get(young_person=other).locality == "West"


def test_the_young_person_in_the_address_is_chosen_and_today_is_the_date(coordinator, contract_a):
    person = kai(contract_a)
    page = coordinator.get(page_url("referral_add", contract_a) + f"?young_person={person.pk}")
    assert page.status_code == 200
    assert page.context["form"].initial["young_person"] == person.pk
    assert page.context["form"].initial["referral_date"] == date(2025, 6, 10)


def test_a_young_person_already_waiting_is_refused(coordinator, contract_a):
    person = kai(contract_a)
    waiting_mentee(contract_a, young_person=person, referral_date=date(2025, 5, 20))
    page = coordinator.post(page_url("referral_add", contract_a), referral_form(person))
    assert page.status_code == 200
    assert page.context["form"].errors["young_person"] == [
        "Kai Pascoe already has a referral waiting for a mentor: MR-0001, from 20 May 2025."
    ]
    assert MenteeReferral.objects.count() == 1


def test_a_young_person_with_a_running_match_is_refused(coordinator, contract_a):
    person = kai(contract_a)
    mentor = trained_mentor(contract_a, name="Mo Mentor")
    Match.objects.create(
        contract=contract_a, ref="MA-0001", mentor=mentor, mentee=person,
        start_date=date(2025, 5, 1),
    )  # fmt: skip
    page = coordinator.post(page_url("referral_add", contract_a), referral_form(person))
    assert page.context["form"].errors["young_person"] == [
        "Kai Pascoe already has a mentor: Mo Mentor until 1 May 2026 (match MA-0001)."
    ]
    assert not MenteeReferral.objects.exists()


def test_needs_are_required_and_the_date_is_not_in_the_future(coordinator, contract_a):
    person = kai(contract_a)
    page = coordinator.post(
        page_url("referral_add", contract_a),
        referral_form(person, needs=[], referral_date="2025-06-11"),
    )
    errors = page.context["form"].errors
    assert errors["needs"] == ["Tick at least one thing they want help with."]
    assert errors["referral_date"] == ["The referral date cannot be in the future."]
    assert not MenteeReferral.objects.exists()
    html = page.content.decode()
    assert "<legend" in html and "What they want help with" in html


# -- The list ----------------------------------------------------------------------------


def test_the_list_shows_who_waits_how_long_and_who_is_matched(coordinator, contract_a):
    first = waiting_mentee(contract_a, referral_date=date(2025, 5, 20),
                           needs=["confidence", "appointments"])  # fmt: skip
    matched = waiting_mentee(contract_a, referral_date=date(2025, 4, 1))
    mentor = trained_mentor(contract_a, name="Mo Mentor")
    matched.match = Match.objects.create(
        contract=contract_a, ref="MA-0001", mentor=mentor, mentee=matched.young_person,
        start_date=date(2025, 4, 10),
    )  # fmt: skip
    matched.save()
    waiting_mentee(contract_a, referral_date=date(2025, 3, 1), withdrawn_date=date(2025, 3, 9),
                   withdrawn_reason="Moved away")  # fmt: skip
    page = coordinator.get(page_url("referrals", contract_a))
    assert page.status_code == 200
    assert [(key, n) for key, _label, n in page.context["states"]] == [
        ("waiting", 1), ("matched", 1), ("withdrawn", 1), ("all", 3)
    ]  # fmt: skip
    rows = list(page.context["page"])
    assert [r.ref for r in rows] == [first.ref] and rows[0].waited == "3 weeks"
    html = page.content.decode()
    assert "Confidence and making friends" in html and "Getting to appointments" in html
    assert "Find a mentor" in html and first.young_person.full_name in html
    page = coordinator.get(page_url("referrals", contract_a) + "?state=matched")
    html = page.content.decode()
    assert [r.ref for r in page.context["page"]] == [matched.ref]
    assert "MA-0001" in html and "Mo Mentor" in html and "Find a mentor<" not in html
    page = coordinator.get(page_url("referrals", contract_a) + "?state=all")
    assert len(page.context["page"]) == 3


# -- The matching page and making a match ------------------------------------------------


def three_mentors(contract):
    """Kai (15, East, into music and sport) waits; Lou lives in East, likes music and has a
    DBS check, Fay lives in West and has none, Una (East, music) is not trained."""
    person = kai(contract)
    referral = waiting_mentee(contract, young_person=person, interests=["music", "sport"])
    lou = trained_mentor(contract, name="Lou Local", locality="East", interests=["music"],
                         dbs_date=date(2025, 1, 6), dbs_ref="001234567890")  # fmt: skip
    fay = trained_mentor(contract, name="Fay Far", locality="West")
    una = MentorFactory(contract=contract, name="Una Untrained", locality="East",
                        interests=["music"])  # fmt: skip
    return referral, lou, fay, una


def test_the_matching_page_suggests_trained_mentors_best_first_saying_why(coordinator, contract_a):
    referral, lou, fay, _una = three_mentors(contract_a)
    page = coordinator.get(page_url("referral_detail", contract_a, referral_pk=referral.pk))
    assert page.status_code == 200
    suggestions = page.context["suggestions"]
    assert [s.mentor.name for s in suggestions] == ["Lou Local", "Fay Far"]
    assert suggestions[0].reasons == [
        "Lives in East, as Kai does", "Both into music", "An adult volunteer",
        "No mentee at present",
    ]  # fmt: skip
    assert suggestions[0].cautions == []
    assert suggestions[1].reasons == ["An adult volunteer", "No mentee at present"]
    assert suggestions[1].cautions == [
        "Lives in West; East is not listed", "No DBS check in date: check it before they meet"
    ]  # fmt: skip
    html = page.content.decode()
    assert "Una Untrained" not in html
    assert "Match with Lou Local" in html and "Match with Fay Far" in html
    assert "✓" in html and "⚠" in html and "Caution:" in html
    assert "Music, Sport and fitness" in html and "3 weeks" in html
    assert page.context["age"] == 15
    assert page.context["start"] == date(2025, 6, 10)


def test_with_no_mentor_free_the_page_says_why(coordinator, contract_a):
    referral = waiting_mentee(contract_a)
    MentorFactory(contract=contract_a, name="Una Untrained")
    trained_mentor(contract_a, name="Gil Gone", left_date=date(2025, 5, 1))
    page = coordinator.get(page_url("referral_detail", contract_a, referral_pk=referral.pk))
    assert page.context["suggestions"] == []
    assert page.context["none_because"] == (
        "No trained mentor has room on 10 June 2025: 1 not trained by then; 1 left."
    )
    assert reverse("mentoring:mentors", kwargs={"pk": contract_a.pk}) in page.content.decode()


def test_matching_makes_the_match_and_says_when_the_first_review_is(coordinator, contract_a):
    referral, lou, _fay, _una = three_mentors(contract_a)
    response = coordinator.post(
        page_url("referral_match", contract_a, referral_pk=referral.pk),
        {"mentor": lou.pk, "start_date": "2025-06-10"},
    )
    match = Match.objects.get()
    assert response.status_code == 302
    assert response["Location"] == page_url("match_detail", contract_a, match_pk=match.pk)
    referral.refresh_from_db()
    assert referral.match == match and match.mentor == lou and match.ref == "MA-0001"
    assert match.mentee == referral.young_person and match.start_date == date(2025, 6, 10)
    page = coordinator.get(response["Location"])
    # The first review, 4 weeks after 10 June: 8 July.
    assert said(page) == [
        "Matched Kai Pascoe with Lou Local from 10 June 2025. First review due 8 July 2025."
    ]
    # Matched: the page shows the match, not suggestions, and it cannot be matched again.
    page = coordinator.get(page_url("referral_detail", contract_a, referral_pk=referral.pk))
    assert page.context["suggestions"] == [] and "match MA-0001" in page.content.decode()
    again = coordinator.post(
        page_url("referral_match", contract_a, referral_pk=referral.pk),
        {"mentor": lou.pk, "start_date": "2025-06-10"},
        follow=True,
    )
    assert said(again) == ["This young person has already been matched."]
    assert Match.objects.count() == 1


def test_an_untrained_mentor_is_refused_with_the_reason(coordinator, contract_a):
    referral, _lou, _fay, una = three_mentors(contract_a)
    response = coordinator.post(
        page_url("referral_match", contract_a, referral_pk=referral.pk),
        {"mentor": una.pk, "start_date": "2025-06-10"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == (
        page_url("referral_detail", contract_a, referral_pk=referral.pk) + "?start=2025-06-10"
    )
    assert said(response) == [
        "Una Untrained is not trained yet: 8 of the 8 required modules still to do. Only a "
        "trained mentor can be matched."
    ]
    assert not Match.objects.exists()
    referral.refresh_from_db()
    assert referral.is_waiting


def test_a_mentor_who_is_the_mentee_is_refused(coordinator, contract_a):
    referral = waiting_mentee(contract_a)
    themself = trained_mentor(contract_a, name="Self", young_person=referral.young_person)
    response = coordinator.post(
        page_url("referral_match", contract_a, referral_pk=referral.pk),
        {"mentor": themself.pk, "start_date": "2025-06-10"},
        follow=True,
    )
    assert said(response) == ["A mentor cannot be matched with themself."]
    assert not Match.objects.exists()


def test_a_bad_start_date_is_said_and_matches_nothing(coordinator, contract_a):
    referral, lou, _fay, _una = three_mentors(contract_a)
    response = coordinator.post(
        page_url("referral_match", contract_a, referral_pk=referral.pk),
        {"mentor": lou.pk, "start_date": "soon"},
        follow=True,
    )
    assert said(response) == ["The start date was not a date: choose the day again."]
    assert not Match.objects.exists()


def test_another_contracts_mentor_is_not_found_and_matching_is_post_only(
    coordinator, contract_a, provider_b, council_b
):
    referral = waiting_mentee(contract_a)
    other = ContractFactory(provider=provider_b, commissioner=council_b)
    stranger = trained_mentor(other, name="Out Sider")
    address = page_url("referral_match", contract_a, referral_pk=referral.pk)
    for mentor in [stranger.pk, "x"]:
        posted = coordinator.post(address, {"mentor": mentor, "start_date": "2025-06-10"})
        assert posted.status_code == 404
    assert coordinator.get(address).status_code == 405
    assert not Match.objects.exists()


# -- Withdrawing -------------------------------------------------------------------------


def test_a_withdrawn_referral_leaves_the_waiting_list(coordinator, contract_a):
    referral = waiting_mentee(contract_a)
    address = page_url("referral_withdraw", contract_a, referral_pk=referral.pk)
    form = coordinator.get(address).context["form"]
    assert form.initial["withdrawn_date"] == date(2025, 6, 10)
    refused = coordinator.post(address, {"withdrawn_date": "2025-06-10", "withdrawn_reason": ""})
    assert refused.context["form"].errors["withdrawn_reason"] == [
        "Say why the referral is withdrawn."
    ]
    response = coordinator.post(
        address, {"withdrawn_date": "2025-06-10", "withdrawn_reason": "No longer wants one"}
    )
    assert response["Location"] == page_url("referrals", contract_a)
    referral.refresh_from_db()
    assert referral.withdrawn_date == date(2025, 6, 10) and not referral.is_waiting
    page = coordinator.get(page_url("referrals", contract_a))
    assert list(page.context["page"]) == []
    detail = coordinator.get(page_url("referral_detail", contract_a, referral_pk=referral.pk))
    assert "Withdrawn on 10/06/2025: No longer wants one" in detail.content.decode()
    assert detail.context["suggestions"] == []


def test_a_matched_referral_cannot_be_withdrawn(coordinator, contract_a):
    referral, lou, _fay, _una = three_mentors(contract_a)
    coordinator.post(
        page_url("referral_match", contract_a, referral_pk=referral.pk),
        {"mentor": lou.pk, "start_date": "2025-06-10"},
    )
    response = coordinator.post(
        page_url("referral_withdraw", contract_a, referral_pk=referral.pk),
        {"withdrawn_date": "2025-06-10", "withdrawn_reason": "Changed mind"},
        follow=True,
    )
    assert said(response)[-1] == (
        "Kai Pascoe is matched (match MA-0001): a matched referral cannot be withdrawn. Close "
        "the match instead."
    )
    referral.refresh_from_db()
    assert referral.withdrawn_date is None and referral.match is not None


# -- Who may see, and queries ------------------------------------------------------------


def addresses(contract, referral):
    return [
        ("get", page_url("referrals", contract)),
        ("get", page_url("referral_add", contract)),
        ("get", page_url("referral_detail", contract, referral_pk=referral.pk)),
        ("post", page_url("referral_match", contract, referral_pk=referral.pk)),
        ("get", page_url("referral_withdraw", contract, referral_pk=referral.pk)),
    ]


def test_commissioners_are_refused_and_other_providers_find_nothing(
    client, contract_a, commissioner, provider_b
):
    referral = waiting_mentee(contract_a)
    client.force_login(commissioner)
    for method, address in addresses(contract_a, referral):
        assert getattr(client, method)(address).status_code == 403, address
    client.force_login(UserFactory(role=Role.PROVIDER_WORKER, organisation=provider_b))
    for method, address in addresses(contract_a, referral):
        assert getattr(client, method)(address).status_code == 404, address


def test_another_contracts_referral_is_not_found_under_this_contract(
    coordinator, contract_a, provider_b, council_b
):
    other = ContractFactory(provider=provider_b, commissioner=council_b)
    theirs = waiting_mentee(other)
    for method, address in addresses(contract_a, theirs)[2:]:
        assert getattr(coordinator, method)(address).status_code == 404, address


def test_the_list_and_matching_page_read_a_fixed_number_of_queries(
    coordinator, contract_a, django_assert_max_num_queries
):
    referral, *_mentors = three_mentors(contract_a)
    waiting_mentee(contract_a)
    listed = page_url("referrals", contract_a)
    matching = page_url("referral_detail", contract_a, referral_pk=referral.pk)
    with django_assert_max_num_queries(11) as list_queries:
        assert coordinator.get(listed).status_code == 200
    with django_assert_max_num_queries(11) as matching_queries:
        assert coordinator.get(matching).status_code == 200
    for n in range(12):
        young = YoungPersonFactory(contract=contract_a, date_of_birth=date(1990, 1, 1))
        trained_mentor(contract_a, name=f"Extra {n}", locality="East", interests=["sport"],
                       young_person=young if n % 2 else None)  # fmt: skip
        MentorFactory(contract=contract_a, name=f"Learner {n}")
        waiting_mentee(contract_a)
        matched = waiting_mentee(contract_a, referral_date=date(2025, 4, 1))
        matched.match = Match.objects.create(
            contract=contract_a, ref=f"MA-1{n:03d}", mentee=matched.young_person,
            mentor=trained_mentor(contract_a, name=f"Busy {n}"), start_date=date(2025, 5, 1),
        )  # fmt: skip
        matched.save()
    with django_assert_max_num_queries(len(list_queries.captured_queries)):
        assert coordinator.get(listed).status_code == 200
    for state in ("matched", "all"):
        with django_assert_max_num_queries(len(list_queries.captured_queries)):
            assert coordinator.get(f"{listed}?state={state}").status_code == 200
    with django_assert_max_num_queries(len(matching_queries.captured_queries)):
        page = coordinator.get(matching)
    assert len(page.context["suggestions"]) > 12
