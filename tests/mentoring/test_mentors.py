"""Mentors and their training: adding a volunteer or a young person as a mentor (with the
refusals a coordinator meets), recording training up to the day they are trained, the list by
status and a mentor's page; who may open them, and a fixed number of queries."""

from datetime import date

import pytest
from django.urls import reverse

from contracts.codes import MENTOR_MODULES
from contracts.models import Role
from mentoring.models import Match, Mentor, MentorTraining, Supervision, SupervisionMentor
from mentoring.services import mentors_with_state, state_of
from mentoring.training import trained
from tests.factories import ContractFactory, MentorFactory, UserFactory, YoungPersonFactory

from .conftest import TODAY, train, trained_mentor

pytestmark = pytest.mark.django_db

MODULES = list(MENTOR_MODULES)


def mentoring_url(name, contract, **kwargs):
    return reverse(f"mentoring:{name}", kwargs={"pk": contract.pk, **kwargs})


def mentor_url(name, mentor):
    return mentoring_url(name, mentor.contract, mentor_pk=mentor.pk)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def state(mentor):
    return state_of(mentors_with_state(mentor.contract, TODAY).get(pk=mentor.pk), TODAY)


def volunteer(**fields):
    data = {
        "young_person": "", "name": "Val Volunteer", "ref": "", "gender": "female",
        "locality": "Truro", "travels_to": "Camborne, Redruth, Camborne", "interests": ["music"],
        "max_matches": "2", "dbs_date": "2025-01-15", "dbs_ref": "001122334455",
        "dbs_renewal_date": "", "start_date": "2025-02-01", "left_date": "",
    }  # fmt: skip
    data.update(fields)
    return data


# -- Adding and changing a mentor --------------------------------------------------------------


def test_a_volunteer_is_added_with_a_dbs_check_renewed_three_years_on(coordinator, contract_a):
    page = coordinator.get(mentoring_url("mentor_add", contract_a))
    assert page.status_code == 200
    assert page.context["form"].initial["start_date"] == TODAY
    html = page.content.decode()
    assert "Leave it empty and it is 3 years after the check." in html
    assert "a young person under 18 needs no DBS check" in html
    for legend in ["Who they are", "Where and what they are into", "Mentees at once",
                   "DBS check (adults)", "Dates"]:  # fmt: skip
        assert legend in html

    response = coordinator.post(mentoring_url("mentor_add", contract_a), volunteer(), follow=True)
    mentor = Mentor.objects.get()
    assert response.redirect_chain == [(mentor_url("mentor_detail", mentor), 302)]
    assert (mentor.ref, mentor.name, mentor.young_person) == ("M-0001", "Val Volunteer", None)
    assert mentor.dbs_renewal_date == date(2028, 1, 15)
    assert mentor.travels_to == ["Camborne", "Redruth"]
    assert mentor.interests == ["music"] and mentor.max_matches == 2
    assert state(mentor).dbs == "ok"
    assert "DBS checked" in response.content.decode()


def test_a_young_person_becomes_a_mentor_from_their_record(coordinator, contract_a):
    person = YoungPersonFactory(
        contract=contract_a, first_name="Kai", last_name="Penrose", locality="East",
        date_of_birth=date(2009, 3, 1),
    )  # fmt: skip
    page = coordinator.get(mentoring_url("mentor_add", contract_a) + f"?young_person={person.pk}")
    form = page.context["form"]
    assert form.initial["young_person"] == person.pk and form.initial["name"] == "Kai Penrose"
    assert 'value="Kai Penrose"' in page.content.decode()

    data = volunteer(young_person=str(person.pk), name="", locality="", gender="", travels_to="",
                     dbs_date="", dbs_ref="")  # fmt: skip
    response = coordinator.post(mentoring_url("mentor_add", contract_a), data, follow=True)
    mentor = Mentor.objects.get()
    assert (mentor.name, mentor.young_person, mentor.locality) == ("Kai Penrose", person, "")
    # Aged 16: no DBS check needed; their locality is their record's.
    assert state(mentor).dbs == ""
    html = response.content.decode()
    assert "Not needed while under 18." in html
    assert "East" in html and "from their young person's record" in html
    detail = reverse(
        "contracts:young_person_detail", kwargs={"pk": contract_a.pk, "young_person_pk": person.pk}
    )
    assert f'href="{detail}"' in html


def test_a_contract_with_localities_offers_them_as_checkboxes(coordinator, contract_a):
    contract_a.localities = ["East", "West", "North"]
    contract_a.save()
    page = coordinator.get(mentoring_url("mentor_add", contract_a))
    html = page.content.decode()
    assert 'name="travels_to" value="West"' in html
    data = volunteer(locality="East", travels_to=["West", "North"])
    coordinator.post(mentoring_url("mentor_add", contract_a), data)
    mentor = Mentor.objects.get()
    assert (mentor.locality, mentor.travels_to) == ("East", ["West", "North"])


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"dbs_ref": ""}, "dbs_ref", "Give the certificate number with the check's date."),
        ({"dbs_date": ""}, "dbs_date", "Give the date of the check with its certificate number."),
        ({"dbs_renewal_date": "2024-12-31"}, "dbs_renewal_date",
         "The renewal cannot be before the check."),
        ({"dbs_date": "2025-07-01"}, "dbs_date", "The DBS check date cannot be in the future."),
        ({"left_date": "2025-01-31"}, "left_date", "The end date cannot be before the start date."),
        ({"max_matches": "4"}, "max_matches", "A mentor can have 1 to 3 mentees at once."),
        ({"name": ""}, "name", "Give the mentor's name, or choose the young person they are."),
    ],
)  # fmt: skip
def test_a_mentor_is_refused_with_a_message_beside_the_field(
    coordinator, contract_a, change, field, message
):
    response = coordinator.post(mentoring_url("mentor_add", contract_a), volunteer(**change))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert "Nothing was saved" in response.content.decode()
    assert not Mentor.objects.exists()


def test_a_reference_or_a_young_person_is_a_mentor_once(coordinator, contract_a):
    person = YoungPersonFactory(contract=contract_a, first_name="Kai", last_name="Penrose")
    MentorFactory(contract=contract_a, ref="M-0007", young_person=person)
    taken = coordinator.post(mentoring_url("mentor_add", contract_a), volunteer(ref="M-0007"))
    assert taken.context["form"].errors["ref"] == [
        "Another mentor on this contract has this reference. Leave it empty and Tamar gives "
        "the next free one."
    ]
    twice = coordinator.post(
        mentoring_url("mentor_add", contract_a), volunteer(young_person=str(person.pk))
    )
    assert twice.context["form"].errors["young_person"] == [
        "Kai Penrose is already a mentor on this contract (M-0007)."
    ]
    assert Mentor.objects.count() == 1


def test_changing_a_mentor_keeps_what_is_not_changed(coordinator, contract_a):
    mentor = trained_mentor(contract_a, name="Val", travels_to=["Redruth"], max_matches=2)
    page = coordinator.get(mentor_url("mentor_edit", mentor))
    assert page.context["form"].initial["travels_to"] == "Redruth"
    data = volunteer(name="Val Jones", ref=mentor.ref, travels_to="Redruth", max_matches="1")
    response = coordinator.post(mentor_url("mentor_edit", mentor), data)
    assert response.status_code == 302
    mentor.refresh_from_db()
    assert (mentor.name, mentor.travels_to, mentor.max_matches) == ("Val Jones", ["Redruth"], 1)
    # A mentor with two mentees now cannot be set to take one.
    for n in range(2):
        Match.objects.create(contract=contract_a, ref=f"MA-{n}", mentor=mentor,
                             mentee=YoungPersonFactory(contract=contract_a),
                             start_date=date(2025, 5, 1))  # fmt: skip
    mentor.max_matches = 3
    mentor.save()
    refused = coordinator.post(mentor_url("mentor_edit", mentor), data)
    assert refused.context["form"].errors["max_matches"] == [
        "They have 2 mentees now: end a match first, or keep this at 2 or more."
    ]


# -- Training ----------------------------------------------------------------------------------


def dates_for(modules, day):
    return {f"done_{module}": day for module in modules}


def test_training_is_recorded_until_the_mentor_is_trained(coordinator, contract_a):
    mentor = MentorFactory(contract=contract_a, name="Tam Trainee")
    page = coordinator.get(mentor_url("training_record", mentor))
    assert page.status_code == 200
    assert page.content.decode().count('type="date"') == 8

    first_six = {**dates_for(MODULES[:3], "2025-05-01"), **dates_for(MODULES[3:6], "2025-05-20")}
    response = coordinator.post(mentor_url("training_record", mentor), first_six, follow=True)
    assert response.redirect_chain == [(mentor_url("mentor_detail", mentor), 302)]
    assert messages_of(response) == ["Recorded 6 modules. 2 modules still to do."]
    assert state(mentor).status == "in_training" and state(mentor).modules_done == 6
    assert "2 modules to go" in response.content.decode()

    page = coordinator.get(mentor_url("training_record", mentor))
    html = page.content.decode()
    assert html.count('type="date"') == 2 + 1  # the two left, and a refresher's date
    assert "Done on 20/05/2025" in html

    last_two = {f"done_{MODULES[6]}": "2025-06-05", f"done_{MODULES[7]}": "2025-06-02"}
    response = coordinator.post(mentor_url("training_record", mentor), last_two, follow=True)
    assert messages_of(response) == [
        "Recorded 2 modules. Tam Trainee is trained from 5 June 2025 and can now be matched."
    ]
    assert state(mentor).trained_on == date(2025, 6, 5)
    assert trained(Mentor.objects.filter(pk=mentor.pk)).get().trained_on == date(2025, 6, 5)
    assert state(mentor).status == "available"
    assert "Trained on 05/06/2025" in response.content.decode()


def test_a_refresher_is_kept_and_moves_nothing(coordinator, contract_a):
    mentor = trained_mentor(contract_a, name="Ray", on=date(2025, 3, 1))
    data = {"refresher_module": MODULES[0], "refresher_date": "2025-06-01"}
    response = coordinator.post(mentor_url("training_record", mentor), data, follow=True)
    assert messages_of(response) == ["Recorded 1 module. Ray was trained on 1 March 2025."]
    assert MentorTraining.objects.filter(mentor=mentor).count() == 9
    assert state(mentor).trained_on == date(2025, 3, 1)
    assert "01/06/2025" in response.content.decode()


def test_training_in_the_future_or_none_at_all_is_refused(coordinator, contract_a):
    mentor = MentorFactory(contract=contract_a)
    data = {f"done_{MODULES[0]}": "2025-06-11", f"done_{MODULES[1]}": "2025-06-10"}
    future = coordinator.post(mentor_url("training_record", mentor), data)
    assert future.status_code == 200
    assert future.context["form"].errors[f"done_{MODULES[0]}"] == [
        "This date is in the future: record a module once done."
    ]
    assert 'aria-describedby="id_done_safeguarding_children-error"' in future.content.decode()
    nothing = coordinator.post(mentor_url("training_record", mentor), {})
    assert nothing.context["form"].non_field_errors() == ["Enter the date of at least one module."]
    assert not MentorTraining.objects.exists()


# -- The list and a mentor's page --------------------------------------------------------------


def team(contract):
    """Six mentors: three in training (6, 2 and 0 modules), one available, one matched (1 of
    2), one who left."""
    nearly = train(MentorFactory(contract=contract, name="Ann Nearly"), date(2025, 5, 1),
                   modules=MODULES[:6])  # fmt: skip
    barely = train(MentorFactory(contract=contract, name="Bo Barely"), date(2025, 5, 1),
                   modules=MODULES[:2])  # fmt: skip
    fresh = MentorFactory(contract=contract, name="Al Fresh")
    free = trained_mentor(contract, name="Fran Free")
    person = YoungPersonFactory(contract=contract, locality="West")
    busy = trained_mentor(contract, name="Bea Busy", max_matches=2, young_person=person)
    gone = trained_mentor(contract, name="Gil Gone", left_date=date(2025, 4, 30))
    match = Match.objects.create(
        contract=contract, ref="MA-0001", mentor=busy, start_date=date(2025, 4, 1),
        mentee=YoungPersonFactory(contract=contract, first_name="Mo", last_name="Mentee"),
    )  # fmt: skip
    supervision = Supervision.objects.create(
        contract=contract, date=date(2025, 6, 2), kind="one_to_one", led_by="Jess Trewin",
        risk="None raised", safeguarding="None raised", wellbeing="Well",
    )  # fmt: skip
    SupervisionMentor.objects.create(supervision=supervision, mentor=busy)
    return locals()


def test_the_list_filters_by_status_nearly_trained_first(coordinator, contract_a):
    team(contract_a)
    everyone = coordinator.get(mentoring_url("mentors", contract_a))
    assert [m.name for m in everyone.context["page"]] == [
        "Al Fresh", "Ann Nearly", "Bea Busy", "Bo Barely", "Fran Free", "Gil Gone"
    ]  # fmt: skip
    assert {code: n for code, _, n in everyone.context["statuses"]} == {
        "in_training": 3, "available": 1, "matched": 1, "left": 1
    }  # fmt: skip
    html = everyone.content.decode()
    assert "Add a mentor" in html
    assert "1 of 2" in html and "6 of 8 modules" in html and "Trained on 01/03/2025" in html
    # Fran, trained 1 March and never supervised, is overdue (in words, not colour alone).
    assert '<strong class="text-danger">Overdue</strong> since 01/04/2025' in html
    assert "Due by 02/07/2025" in html  # Bea, supervised 2 June
    assert "Volunteer" in html and "Young person" in html and "West" in html

    training = coordinator.get(mentoring_url("mentors", contract_a) + "?status=in_training")
    assert [m.name for m in training.context["page"]] == ["Ann Nearly", "Bo Barely", "Al Fresh"]
    matched = coordinator.get(mentoring_url("mentors", contract_a) + "?status=matched")
    assert [m.name for m in matched.context["page"]] == ["Bea Busy"]
    odd = coordinator.get(mentoring_url("mentors", contract_a) + "?status=nonsense")
    assert len(odd.context["page"].object_list) == 6


def test_a_mentors_page_shows_training_matches_supervision_and_what_is_due(coordinator, contract_a):
    made = team(contract_a)
    busy = made["busy"]
    MentorTraining.objects.create(mentor=busy, module=MODULES[0], completed_date=date(2025, 5, 5))
    page = coordinator.get(mentor_url("mentor_detail", busy))
    assert page.status_code == 200
    html = page.content.decode()
    # trained_mentor completes the 8 modules a day apart, the last on 1 March.
    assert "Done on 22/02/2025" in html and "Done on 01/03/2025" in html
    assert "05/05/2025" in html  # the refresher
    assert "Trained on 01/03/2025" in html
    match_url = mentoring_url("match_detail", contract_a, match_pk=made["match"].pk)
    assert f'href="{match_url}">MA-0001' in html and "Mo Mentee" in html
    assert "Runs to 01/04/2026" in html and "Active" in html
    assert "Next due 02/07/2025" in html
    # The match's first review (4 weeks: 29 April) is overdue, and a volunteer's DBS is
    # needed (Bea is a young person of 16: none needed).
    due = html.split('data-testid="due"')[1].split("</section>")[0]
    assert "MA-0001" in due and "Overdue" in due
    for button in ["Change details", "Record training", "Record supervision"]:
        assert button in html
    assert f"?mentor={busy.pk}" in html

    nearly = coordinator.get(mentor_url("mentor_detail", made["nearly"])).content.decode()
    assert nearly.count("Not yet") == 2 and "2 modules to go" in nearly
    free = coordinator.get(mentor_url("mentor_detail", made["free"])).content.decode()
    assert "DBS check needed" in free and "since 01/04/2025" in free


def more_of_everything(contract, n=12):
    for i in range(n):
        mentor = trained_mentor(contract, name=f"Extra {i}")
        Match.objects.create(
            contract=contract, ref=f"MA-1{i:03d}", mentor=mentor, start_date=date(2025, 5, 1),
            mentee=YoungPersonFactory(contract=contract),
        )  # fmt: skip
        supervision = Supervision.objects.create(
            contract=contract, date=date(2025, 5, 1 + i), kind="group", led_by="Jess",
            risk="None raised", safeguarding="None raised", wellbeing="Well",
        )  # fmt: skip
        SupervisionMentor.objects.create(supervision=supervision, mentor=mentor)
        SupervisionMentor.objects.create(supervision=supervision, mentor=contract.mentors.first())


@pytest.mark.parametrize("page", ["mentors", "mentor_detail"])
def test_the_mentor_pages_read_a_fixed_number_of_queries(
    coordinator, contract_a, django_assert_max_num_queries, page
):
    made = team(contract_a)
    kwargs = {"mentor_pk": made["busy"].pk} if page == "mentor_detail" else {}
    with django_assert_max_num_queries(10) as few:
        assert coordinator.get(mentoring_url(page, contract_a, **kwargs)).status_code == 200
    more_of_everything(contract_a)
    busy = made["busy"]
    for i in range(12):
        MentorTraining.objects.create(mentor=busy, module=MODULES[i % 8],
                                      completed_date=date(2025, 4, 1 + i))  # fmt: skip
        Match.objects.create(
            contract=contract_a, ref=f"MA-2{i:03d}", mentor=busy, start_date=date(2024, 1, 1 + i),
            end_date=date(2024, 6, 1), mentee=YoungPersonFactory(contract=contract_a),
        )  # fmt: skip
        supervision = Supervision.objects.create(
            contract=contract_a, date=date(2025, 1, 1 + i), kind="group", led_by="Jess",
            risk="Spoke about lone working", safeguarding="None raised", wellbeing="Well",
        )  # fmt: skip
        SupervisionMentor.objects.create(supervision=supervision, mentor=busy)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert coordinator.get(mentoring_url(page, contract_a, **kwargs)).status_code == 200


# -- Who may open them -------------------------------------------------------------------------


def every_page(contract, mentor):
    return [
        mentoring_url("mentors", contract),
        mentoring_url("mentor_add", contract),
        mentor_url("mentor_detail", mentor),
        mentor_url("mentor_edit", mentor),
        mentor_url("training_record", mentor),
    ]


def test_commissioners_are_refused_every_mentor_page(client, commissioner, contract_a):
    mentor = MentorFactory(contract=contract_a)
    client.force_login(commissioner)
    for address in every_page(contract_a, mentor):
        assert client.get(address).status_code == 403, address
        assert client.post(address, volunteer()).status_code in (403, 405), address
    assert Mentor.objects.count() == 1


def test_strangers_and_panel_members_see_nothing(client, contract_a, provider_b, panel_member):
    mentor = MentorFactory(contract=contract_a)
    client.force_login(
        UserFactory(role=Role.PROVIDER_WORKER, organisation=provider_b, username="stranger")
    )
    for address in every_page(contract_a, mentor):
        assert client.get(address).status_code == 404, address
    client.force_login(panel_member)
    for address in every_page(contract_a, mentor):
        assert client.get(address).status_code in (403, 404), address


def test_another_contracts_mentor_is_not_found_here(coordinator, contract_a, provider_b, council_b):
    elsewhere = MentorFactory(contract=ContractFactory(provider=provider_b, commissioner=council_b))
    for name in ["mentor_detail", "mentor_edit", "training_record"]:
        address = mentoring_url(name, contract_a, mentor_pk=elsewhere.pk)
        assert coordinator.get(address).status_code == 404, name
    assert (
        coordinator.post(
            mentoring_url("training_record", contract_a, mentor_pk=elsewhere.pk),
            {f"done_{MODULES[0]}": "2025-06-01"},
        ).status_code
        == 404
    )
    assert not MentorTraining.objects.exists()


def test_a_contract_without_mentoring_has_no_mentor_pages(client, contract_b, provider_b_worker):
    client.force_login(provider_b_worker)
    assert client.get(mentoring_url("mentors", contract_b)).status_code == 404
