"""Mentors' supervision: recording one for the mentors who were there (which moves their last
supervision and takes them off the overview's overdue list), the refusals, the list with its
flags; who may open the pages, and a fixed number of queries."""

from datetime import date

import pytest
from django.urls import reverse

from contracts.models import Role
from mentoring.models import Supervision, SupervisionMentor
from mentoring.services import mentors_with_state
from tests.factories import ContractFactory, MentorFactory, UserFactory

from .conftest import TODAY, trained_mentor

pytestmark = pytest.mark.django_db


def mentoring_url(name, contract, **kwargs):
    return reverse(f"mentoring:{name}", kwargs={"pk": contract.pk, **kwargs})


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def supervision(present, **fields):
    data = {
        "date": "2025-06-09", "kind": "group", "led_by": "Jess Trewin, coordinator",
        "mentors": [str(mentor.pk) for mentor in present], "risk": "None raised",
        "safeguarding": "Talked through online safety with a mentee.", "wellbeing": "None raised",
        "notes": "",
    }  # fmt: skip
    data.update(fields)
    return data


def last_supervised(contract):
    return {m.name: m.last_supervision for m in mentors_with_state(contract, TODAY)}


def test_a_supervision_for_two_mentors_takes_them_off_the_overdue_list(
    coordinator, coordinator_user, contract_a
):
    ann = trained_mentor(contract_a, name="Ann Able")
    bo = trained_mentor(contract_a, name="Bo Brave")
    cy = trained_mentor(contract_a, name="Cy Cole")
    overview = coordinator.get(mentoring_url("overview", contract_a))
    assert [m.name for m in overview.context["supervision_due"]] == ["Ann Able", "Bo Brave",
                                                                    "Cy Cole"]  # fmt: skip

    form = coordinator.get(mentoring_url("supervision_add", contract_a)).context["form"]
    assert form.initial["date"] == TODAY and form.initial["led_by"] == "Jess Trewin"

    response = coordinator.post(
        mentoring_url("supervision_add", contract_a), supervision([ann, bo]), follow=True
    )
    assert response.redirect_chain == [(mentoring_url("supervisions", contract_a), 302)]
    assert messages_of(response) == [
        "Supervision on 9 June 2025 recorded for Ann Able and Bo Brave."
    ]
    saved = Supervision.objects.get()
    assert (saved.contract, saved.recorded_by, saved.kind) == (
        contract_a,
        coordinator_user,
        "group",
    )
    assert set(SupervisionMentor.objects.values_list("mentor__name", flat=True)) == {
        "Ann Able", "Bo Brave"
    }  # fmt: skip
    assert last_supervised(contract_a) == {
        "Ann Able": date(2025, 6, 9), "Bo Brave": date(2025, 6, 9), "Cy Cole": None
    }  # fmt: skip
    overview = coordinator.get(mentoring_url("overview", contract_a))
    assert [m.name for m in overview.context["supervision_due"]] == ["Cy Cole"]
    html = response.content.decode()
    assert "Safeguarding discussed" in html and "Risk discussed" not in html
    for mentor in (ann, bo):
        assert mentoring_url("mentor_detail", contract_a, mentor_pk=mentor.pk) in html
    assert ann.supervisions.get().supervision == saved and not cy.supervisions.exists()


def test_from_a_mentors_page_the_mentor_is_ticked_and_the_page_comes_back(coordinator, contract_a):
    ann = trained_mentor(contract_a, name="Ann Able")
    gone = trained_mentor(contract_a, name="Gil Gone", left_date=date(2025, 5, 1))
    address = mentoring_url("supervision_add", contract_a) + f"?mentor={ann.pk}"
    page = coordinator.get(address)
    form = page.context["form"]
    assert form.initial["mentors"] == [ann.pk]
    assert list(form.fields["mentors"].queryset) == [ann]  # Gil has left
    assert page.content.decode().count(" checked") == 1
    response = coordinator.post(address, supervision([ann], kind="one_to_one"), follow=True)
    detail = mentoring_url("mentor_detail", contract_a, mentor_pk=ann.pk)
    assert response.redirect_chain == [(detail, 302)]
    assert messages_of(response) == ["Supervision on 9 June 2025 recorded for Ann Able."]
    html = response.content.decode()
    assert "Next due 09/07/2025" in html and "1-1 supervision" in html
    refused = coordinator.post(address, supervision([gone]))
    assert "mentors" in refused.context["form"].errors


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"mentors": []}, "mentors", "Tick at least one mentor who was there."),
        ({"date": "2025-06-11"}, "date", "A supervision is recorded once it has happened."),
        ({"wellbeing": ""}, "wellbeing", "This field is required."),
    ],
)
def test_a_supervision_is_refused_with_a_message_beside_the_field(
    coordinator, contract_a, change, field, message
):
    ann = trained_mentor(contract_a, name="Ann Able")
    response = coordinator.post(
        mentoring_url("supervision_add", contract_a), supervision([ann], **change)
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert "Nothing was saved" in response.content.decode()
    assert not Supervision.objects.exists() and not SupervisionMentor.objects.exists()


def test_another_contracts_mentor_cannot_be_ticked(coordinator, contract_a, provider_b, council_b):
    elsewhere = MentorFactory(contract=ContractFactory(provider=provider_b, commissioner=council_b))
    response = coordinator.post(
        mentoring_url("supervision_add", contract_a), supervision([elsewhere])
    )
    assert "mentors" in response.context["form"].errors
    # ?mentor= of another contract's mentor is ignored: nobody is ticked.
    page = coordinator.get(mentoring_url("supervision_add", contract_a) + f"?mentor={elsewhere.pk}")
    assert "mentors" not in page.context["form"].initial
    assert not Supervision.objects.exists()


def record(contract, on, mentors, **fields):
    fields = {"kind": "group", "led_by": "Jess", "risk": "None raised",
              "safeguarding": "None raised.", "wellbeing": "Fine", **fields}  # fmt: skip
    made = Supervision.objects.create(contract=contract, date=on, **fields)
    for mentor in mentors:
        SupervisionMentor.objects.create(supervision=made, mentor=mentor)
    return made


def test_the_list_is_newest_first_with_who_was_there_and_what_was_raised(coordinator, contract_a):
    ann = trained_mentor(contract_a, name="Ann Able")
    bo = trained_mentor(contract_a, name="Bo Brave")
    record(contract_a, date(2025, 5, 2), [ann], kind="one_to_one", risk="Lone working")
    record(contract_a, date(2025, 6, 3), [bo, ann], led_by="Sam Lead")
    page = coordinator.get(mentoring_url("supervisions", contract_a))
    rows = list(page.context["page"])
    assert [s.date for s in rows] == [date(2025, 6, 3), date(2025, 5, 2)]
    assert [s.concerns for s in rows] == [[], ["Risk discussed"]]
    html = page.content.decode()
    assert "Record supervision" in html and "Sam Lead" in html
    assert '<th scope="col">Mentors there</th>' in html
    first_row = html.split("<tbody>")[1].split("</tr>")[0]
    assert first_row.index("Ann Able") < first_row.index("Bo Brave")
    assert "<strong>Risk discussed</strong>" in html and "None raised" in html


def test_the_supervision_list_reads_a_fixed_number_of_queries(
    coordinator, contract_a, django_assert_max_num_queries
):
    ann = trained_mentor(contract_a, name="Ann Able")
    record(contract_a, date(2025, 5, 2), [ann])
    with django_assert_max_num_queries(10) as few:
        assert coordinator.get(mentoring_url("supervisions", contract_a)).status_code == 200
    mentors = [trained_mentor(contract_a, name=f"Extra {n}") for n in range(12)]
    for n in range(30):  # more than a page
        record(contract_a, date(2025, 1, 1 + n), mentors[n % 12 :][:3] + [ann],
               safeguarding="A worry about a mentee at home")  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = coordinator.get(mentoring_url("supervisions", contract_a))
    assert len(page.context["page"].object_list) == 25
    assert page.context["page"].paginator.count == 31


def test_commissioners_strangers_and_panel_members_are_refused(
    client, commissioner, contract_a, provider_b, panel_member
):
    ann = trained_mentor(contract_a, name="Ann Able")
    pages = [
        mentoring_url("supervisions", contract_a),
        mentoring_url("supervision_add", contract_a),
    ]
    client.force_login(commissioner)
    for address in pages:
        assert client.get(address).status_code == 403, address
    assert client.post(pages[1], supervision([ann])).status_code == 403
    client.force_login(
        UserFactory(role=Role.PROVIDER_WORKER, organisation=provider_b, username="stranger")
    )
    for address in pages:
        assert client.get(address).status_code == 404, address
    client.force_login(panel_member)
    for address in pages:
        assert client.get(address).status_code in (403, 404), address
    assert not Supervision.objects.exists()
