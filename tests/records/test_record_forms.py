"""Adding and changing records: saved to the right owner, logged with who, and a bad value is a
message beside its field with nothing changed."""

from datetime import date
from decimal import Decimal

import pytest
from pytest_django.asserts import assertContains, assertRedirects

from contracts.models import (
    Accreditation,
    AdditionalFunding,
    CareStatus,
    Feedback,
    InformationProvided,
    Initiative,
    OutcomeAssessment,
    Placement,
    Session,
    YoungPerson,
)
from contracts.records.forms import YoungPersonForm
from tests.factories import CareStatusFactory, SessionFactory, YoungPersonFactory

from .support import url

pytestmark = pytest.mark.django_db

YOUNG_PERSON = {
    "first_name": "Morwenna",
    "last_name": "Tregear",
    "ref": "KV-100",
    "date_of_birth": "2010-02-03",
    "gender": "female",
    "ethnicity": "WBRI",
    "disability": "no",
    "locality": "Truro",
    "la_child_id": "",
}
SCORES = {
    "confidence": "6",
    "resilience": "6",
    "aspirations": "6",
    "physical_health": "6",
    "mental_health": "6",
    "identity": "6",
    "relationships": "6",
}
SESSION = {
    "title": "Care Leavers' forum",
    "ref": "S-100",
    "date": "2025-06-10",
    "session_type": "care_leavers_group",
    "locality": "Truro",
    "duration_hours": "1.50",
    "coproduction": "on",
}


@pytest.fixture
def jenna(contract_a):
    return YoungPersonFactory(contract=contract_a, ref="KV-001", first_name="Jenna")


def test_a_worker_adds_a_young_person_and_the_history_says_who(
    worker, provider_a_worker, contract_a
):
    response = worker.post(url("young_person_add", contract_a), YOUNG_PERSON)
    person = YoungPerson.objects.get(ref="KV-100")
    assertRedirects(response, url("young_person_detail", contract_a, young_person_pk=person.pk))
    assert person.contract == contract_a
    assert person.date_of_birth == date(2010, 2, 3)
    assert person.history.get().history_user == provider_a_worker


def test_the_add_form_offers_date_pickers_and_known_localities(worker, contract_a):
    YoungPersonFactory(contract=contract_a, locality="Bodmin")
    response = worker.get(url("young_person_add", contract_a))
    assertContains(response, 'type="date" name="date_of_birth"')
    assertContains(response, 'list="known-localities"')
    assertContains(response, '<option value="Bodmin">')


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"first_name": ""}, "first_name", "This field is required"),
        ({"date_of_birth": "2010-02-30"}, "date_of_birth", "Enter a valid date"),
        ({"date_of_birth": "2025-06-16"}, "date_of_birth", "cannot be in the future"),
        ({"gender": "unknown"}, "gender", "not one of the available choices"),
        ({"ethnicity": "XXXX"}, "ethnicity", "not one of the available choices"),
        ({"ref": "KV-001"}, "ref", "Another young person on this contract has this reference"),
    ],
)
def test_a_bad_young_person_shows_a_field_error_and_saves_nothing(
    worker, contract_a, jenna, change, field, message
):
    response = worker.post(url("young_person_add", contract_a), {**YOUNG_PERSON, **change})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assertContains(response, message)
    assertContains(response, "Nothing was saved")
    assert YoungPerson.objects.count() == 1


def test_a_reference_used_on_another_contract_is_fine(worker, contract_a, contract_b):
    YoungPersonFactory(contract=contract_b, ref="KV-100")
    worker.post(url("young_person_add", contract_a), YOUNG_PERSON)
    assert contract_a.young_people.filter(ref="KV-100").exists()


def test_a_worker_changes_a_young_persons_details(worker, provider_a_worker, contract_a, jenna):
    edit = url("young_person_edit", contract_a, young_person_pk=jenna.pk)
    response = worker.get(edit)
    assertContains(response, 'value="KV-001"')
    worker.post(edit, {**YOUNG_PERSON, "ref": "KV-001", "locality": "Penzance"})
    jenna.refresh_from_db()
    assert (jenna.locality, jenna.first_name) == ("Penzance", "Morwenna")
    assert jenna.history.latest().history_user == provider_a_worker


def test_a_bad_change_leaves_the_young_person_as_they_were(worker, contract_a, jenna):
    YoungPersonFactory(contract=contract_a, ref="KV-002")
    edit = url("young_person_edit", contract_a, young_person_pk=jenna.pk)
    response = worker.post(edit, {**YOUNG_PERSON, "ref": "KV-002"})
    assert "ref" in response.context["form"].errors
    jenna.refresh_from_db()
    assert (jenna.ref, jenna.first_name) == ("KV-001", "Jenna")


def test_posting_another_contract_cannot_move_a_young_person(worker, contract_a, contract_b, jenna):
    edit = url("young_person_edit", contract_a, young_person_pk=jenna.pk)
    worker.post(edit, {**YOUNG_PERSON, "contract": contract_b.pk})
    jenna.refresh_from_db()
    assert jenna.contract == contract_a


# Records kept on a young person's page: (URL name, model, valid data).
YOUNG_PERSON_RECORDS = [
    ("care_status", CareStatus, {"status": "in_care", "start_date": "2025-04-01", "end_date": ""}),
    ("placement", Placement, {"placement_code": "K2", "start_date": "2025-04-01"}),
    ("outcome_assessment", OutcomeAssessment, {"date": "2025-04-01", **SCORES}),
    ("feedback", Feedback, {"date": "2025-04-01", "kind": "feedback", "rating": "4"}),
    ("information", InformationProvided, {"date": "2025-04-01", "method": "Leaflet"}),
    (
        "accreditation",
        Accreditation,
        {"award": "AQA Unit Award", "route": "role", "date": "2025-04-01"},
    ),
]


@pytest.mark.parametrize(("name", "model", "data"), YOUNG_PERSON_RECORDS)
def test_a_record_added_from_the_young_persons_page_is_theirs(
    worker, provider_a_worker, contract_a, jenna, name, model, data
):
    response = worker.post(url(f"{name}_add", contract_a, young_person_pk=jenna.pk), data)
    record = model.objects.get()
    assert record.young_person == jenna
    assert response.status_code == 302
    assert response.url.startswith(url("young_person_detail", contract_a, young_person_pk=jenna.pk))
    assert record.history.get().history_user == provider_a_worker


@pytest.mark.parametrize(("name", "model", "data"), YOUNG_PERSON_RECORDS)
def test_the_same_record_twice_is_a_field_error(worker, contract_a, jenna, name, model, data):
    add = url(f"{name}_add", contract_a, young_person_pk=jenna.pk)
    worker.post(add, data)
    response = worker.post(add, data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assertContains(response, "already")
    assert model.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "data", "field", "message"),
    [
        (
            "care_status",
            {"status": "in_care", "start_date": "2025-04-01", "end_date": "2025-03-31"},
            "end_date",
            "The end date cannot be before the start date",
        ),
        ("care_status", {"status": "adopted", "start_date": "2025-04-01"}, "status", "choice"),
        (
            "placement",
            {"placement_code": "K2", "start_date": "2025-04-01", "end_date": "2025-01-01"},
            "end_date",
            "The end date cannot be before the start date",
        ),
        (
            "placement",
            {"placement_code": "Q9", "start_date": "2025-04-01"},
            "placement_code",
            "choice",
        ),
        (
            "outcome_assessment",
            {"date": "2025-04-01", **SCORES, "resilience": "11"},
            "resilience",
            "less than or equal to 10",
        ),
        (
            "outcome_assessment",
            {"date": "2025-04-01", **SCORES, "identity": "0"},
            "identity",
            "greater than or equal to 1",
        ),
        (
            "outcome_assessment",
            {"date": "2025-04-01", **SCORES, "confidence": ""},
            "confidence",
            "This field is required",
        ),
        (
            "feedback",
            {"date": "2025-04-01", "kind": "feedback", "rating": "6"},
            "rating",
            "less than or equal to 5",
        ),
        ("feedback", {"date": "2025-04-01", "kind": "moan"}, "kind", "choice"),
        ("information", {"date": "", "method": "Leaflet"}, "date", "This field is required"),
        (
            "accreditation",
            {"award": "Award", "route": "role", "date": "2025-13-01"},
            "date",
            "valid date",
        ),
    ],
)
def test_a_bad_record_shows_a_field_error_and_saves_nothing(
    worker, contract_a, jenna, name, data, field, message
):
    response = worker.post(url(f"{name}_add", contract_a, young_person_pk=jenna.pk), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assertContains(response, message)
    models = [model for record_name, model, _data in YOUNG_PERSON_RECORDS if record_name == name]
    assert models[0].objects.count() == 0


def test_a_care_status_is_changed_from_the_young_persons_page(worker, contract_a, jenna):
    interval = CareStatusFactory(young_person=jenna, status="in_care", start_date=date(2024, 1, 1))
    edit = url("care_status_edit", contract_a, young_person_pk=jenna.pk, record_pk=interval.pk)
    assertContains(worker.get(edit), 'value="2024-01-01"')
    worker.post(edit, {"status": "in_care", "start_date": "2024-01-01", "end_date": "2025-05-31"})
    interval.refresh_from_db()
    assert interval.end_date == date(2025, 5, 31)


def test_a_bad_care_status_change_leaves_it_as_it_was(worker, contract_a, jenna):
    interval = CareStatusFactory(young_person=jenna, status="in_care", start_date=date(2024, 1, 1))
    CareStatusFactory(young_person=jenna, status="care_leaver", start_date=date(2025, 1, 1))
    edit = url("care_status_edit", contract_a, young_person_pk=jenna.pk, record_pk=interval.pk)
    response = worker.post(edit, {"status": "child_in_need", "start_date": "2025-01-01"})
    assertContains(response, "They already have a care status starting on this day")
    interval.refresh_from_db()
    assert (interval.status, interval.start_date) == ("in_care", date(2024, 1, 1))


def test_another_young_persons_record_is_not_found_under_this_young_person(
    worker, contract_a, jenna
):
    other = YoungPersonFactory(contract=contract_a)
    interval = CareStatusFactory(young_person=other)
    edit = url("care_status_edit", contract_a, young_person_pk=jenna.pk, record_pk=interval.pk)
    assert worker.get(edit).status_code == 404
    assert worker.post(edit, {"status": "none", "start_date": "2020-01-01"}).status_code == 404
    interval.refresh_from_db()
    assert interval.status == "in_care"


def test_a_worker_adds_a_session_and_lands_on_its_register(worker, provider_a_worker, contract_a):
    response = worker.post(url("session_add", contract_a), SESSION)
    session = Session.objects.get()
    assertRedirects(response, url("session_register", contract_a, session_pk=session.pk))
    assert session.contract == contract_a
    assert session.duration_hours == Decimal("1.50")
    assert session.coproduction is True
    assert session.history.get().history_user == provider_a_worker


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"duration_hours": "0"}, "duration_hours", "greater than or equal to 0.01"),
        ({"duration_hours": "24.5"}, "duration_hours", "less than or equal to 24"),
        ({"duration_hours": "1.255"}, "duration_hours", "no more than 2 decimal places"),
        ({"session_type": "party"}, "session_type", "not one of the available choices"),
        ({"date": ""}, "date", "This field is required"),
        ({"ref": "S-1"}, "ref", "Another session on this contract has this reference"),
    ],
)
def test_a_bad_session_shows_a_field_error_and_saves_nothing(
    worker, contract_a, change, field, message
):
    SessionFactory(contract=contract_a, ref="S-1")
    response = worker.post(url("session_add", contract_a), {**SESSION, **change})
    assert field in response.context["form"].errors
    assertContains(response, message)
    assert Session.objects.count() == 1


def test_a_session_is_changed_and_a_bad_change_saves_nothing(worker, contract_a):
    session = SessionFactory(contract=contract_a, title="Old title")
    edit = url("session_edit", contract_a, session_pk=session.pk)
    worker.post(edit, {**SESSION, "duration_hours": "30"})
    session.refresh_from_db()
    assert session.title == "Old title"
    worker.post(edit, SESSION)
    session.refresh_from_db()
    assert session.title == "Care Leavers' forum"


def test_initiatives_are_listed_added_and_changed(worker, contract_a, contract_b):
    Initiative.objects.create(
        contract=contract_b, ref="B-I", date=date(2025, 5, 5), title="Not ours"
    )
    add = url("initiative_add", contract_a)
    data = {"title": "Care leaver covenant", "ref": "I-1", "date": "2025-05-04", "description": ""}
    assertRedirects(worker.post(add, data), url("initiatives", contract_a))
    initiative = Initiative.objects.get(ref="I-1")
    assert initiative.contract == contract_a
    listing = worker.get(url("initiatives", contract_a))
    assertContains(listing, "Care leaver covenant")
    assertContains(listing, "04/05/2025")
    assert "Not ours" not in listing.content.decode()

    edit = url("initiative_edit", contract_a, initiative_pk=initiative.pk)
    response = worker.post(edit, {**data, "title": ""})
    assertContains(response, "This field is required")
    worker.post(edit, {**data, "title": "Care leaver covenant signed"})
    initiative.refresh_from_db()
    assert initiative.title == "Care leaver covenant signed"


def test_additional_funding_shows_pounds_and_totals_by_status(worker, contract_a):
    add = url("additional_funding_add", contract_a)
    data = {"source": "Lottery", "ref": "F-1", "date": "2025-05-04", "amount": "1234.56"}
    response = worker.post(add, {**data, "status": "secured"})
    assertRedirects(response, url("additional_funding", contract_a))
    worker.post(add, {**data, "ref": "F-2", "amount": "1000", "status": "secured"})
    worker.post(add, {**data, "ref": "F-3", "amount": "99.5", "status": "planned"})
    listing = worker.get(url("additional_funding", contract_a))
    assertContains(listing, "£1,234.56")
    assertContains(listing, "04/05/2025")
    assert listing.context["totals"] == [
        ("Planned", Decimal("99.50")),
        ("Secured", Decimal("2234.56")),
        ("Sustained", 0),
    ]
    assertContains(listing, "£2,234.56")
    assertContains(listing, "£0.00")


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"amount": "-1"}, "amount", "greater than or equal to 0"),
        ({"amount": "1.001"}, "amount", "no more than 2 decimal places"),
        ({"status": "hoped"}, "status", "not one of the available choices"),
    ],
)
def test_bad_funding_shows_a_field_error_and_saves_nothing(
    worker, contract_a, change, field, message
):
    data = {
        "source": "Lottery",
        "ref": "F-1",
        "date": "2025-05-04",
        "amount": "10",
        "status": "planned",
    }
    response = worker.post(url("additional_funding_add", contract_a), {**data, **change})
    assert field in response.context["form"].errors
    assertContains(response, message)
    assert not AdditionalFunding.objects.exists()


def test_funding_is_changed(worker, contract_a):
    funding = AdditionalFunding.objects.create(
        contract=contract_a,
        ref="F-1",
        date=date(2025, 5, 4),
        source="Lottery",
        amount=Decimal("10"),
        status="planned",
    )
    edit = url("additional_funding_edit", contract_a, funding_pk=funding.pk)
    data = {
        "source": "Lottery",
        "ref": "F-1",
        "date": "2025-05-04",
        "amount": "10",
        "status": "secured",
    }
    worker.post(edit, data)
    funding.refresh_from_db()
    assert funding.status == "secured"


def test_a_clash_the_form_could_not_see_is_a_message_not_a_crash(
    worker, contract_a, jenna, monkeypatch
):
    # As if another person saved KV-001 between this form's check and its save: the database
    # constraint refuses the row, and the person is told.
    monkeypatch.setattr(YoungPersonForm, "unique_fields", ())
    response = worker.post(url("young_person_add", contract_a), {**YOUNG_PERSON, "ref": "KV-001"})
    assert response.status_code == 200
    assertContains(response, "Someone has just saved a record that clashes with this one")
    assert YoungPerson.objects.count() == 1
