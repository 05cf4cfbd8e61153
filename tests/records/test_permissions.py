"""Who may open the records screens: provider staff and administrators. A commissioner may see
the contract but not the children's records (403); another organisation, or another contract's
record under this contract's address, is not found (404)."""

from datetime import date
from decimal import Decimal

import pytest

from contracts.models import (
    Accreditation,
    AdditionalFunding,
    Attendance,
    Feedback,
    InformationProvided,
    Initiative,
    YoungPerson,
)
from contracts.records import urls as record_urls
from tests.factories import (
    CareStatusFactory,
    OutcomeAssessmentFactory,
    PlacementFactory,
    SessionFactory,
    YoungPersonFactory,
)

from .support import url

pytestmark = pytest.mark.django_db

PAGES = [pattern.name for pattern in record_urls.urlpatterns]


def one_of_each(contract) -> dict[str, int]:
    """One record of every kind on a contract: the ids its pages' addresses need."""
    person = YoungPersonFactory(contract=contract)
    day = date(2025, 5, 1)
    return {
        "young_person_pk": person.pk,
        "session_pk": SessionFactory(contract=contract).pk,
        "initiative_pk": Initiative.objects.create(
            contract=contract, ref="I", date=day, title="Initiative"
        ).pk,
        "funding_pk": AdditionalFunding.objects.create(
            contract=contract,
            ref="F",
            date=day,
            source="Grant",
            amount=Decimal(1),
            status="planned",
        ).pk,
        "care_status": CareStatusFactory(young_person=person).pk,
        "placement": PlacementFactory(young_person=person).pk,
        "outcome_assessment": OutcomeAssessmentFactory(young_person=person).pk,
        "feedback": Feedback.objects.create(young_person=person, date=day, kind="feedback").pk,
        "information": InformationProvided.objects.create(
            young_person=person, date=day, method="Leaflet"
        ).pk,
        "accreditation": Accreditation.objects.create(
            young_person=person, award="Award", route="role", date=day
        ).pk,
    }


def parameters(name: str) -> list[str]:
    """The page's URL parameters besides the contract's pk."""
    pattern = next(pattern for pattern in record_urls.urlpatterns if pattern.name == name)
    return [parameter for parameter in pattern.pattern.converters if parameter != "pk"]


def address(name: str, contract, ids: dict[str, int]) -> str:
    kwargs = {}
    for parameter in parameters(name):
        # record_pk is the record of the page's own kind: care_status_edit -> care_status.
        key = name.removesuffix("_edit") if parameter == "record_pk" else parameter
        kwargs[parameter] = ids[key]
    return url(name, contract, **kwargs)


@pytest.fixture
def records_a(contract_a):
    return one_of_each(contract_a)


@pytest.fixture
def records_b(contract_b):
    return one_of_each(contract_b)


def test_it_checks_every_records_page():
    assert len(PAGES) == 26
    assert {"young_people", "young_person_detail", "sessions", "session_register"} <= set(PAGES)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", ["provider_a_worker", "provider_a_manager", "administrator"])
def test_provider_staff_and_administrators_open_every_page(
    client, request, contract_a, records_a, page, persona
):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(address(page, contract_a, records_a)).status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_the_commissioner_may_not_see_childrens_records(
    client, commissioner, contract_a, records_a, page
):
    client.force_login(commissioner)
    target = address(page, contract_a, records_a)
    assert client.get(target).status_code == 403
    assert client.post(target, {"first_name": "Changed", "attended": []}).status_code in (403, 405)
    assert not YoungPerson.objects.filter(first_name="Changed").exists()


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("stranger", ["provider_b_worker", "panel_member"])
def test_another_organisation_finds_nothing_on_any_page(
    client, request, contract_a, records_a, page, stranger
):
    client.force_login(request.getfixturevalue(stranger))
    target = address(page, contract_a, records_a)
    assert client.get(target).status_code == 404
    assert client.post(target, {"first_name": "Changed"}).status_code in (404, 405)
    assert not YoungPerson.objects.filter(first_name="Changed").exists()


# Pages that name a record: another contract's record under contract A's address is not found.
NESTED_PAGES = [name for name in PAGES if parameters(name)]


@pytest.mark.parametrize("page", NESTED_PAGES)
def test_another_contracts_record_under_this_contracts_address_is_not_found(
    worker, contract_a, records_a, records_b, page
):
    target = address(page, contract_a, records_b)
    assert worker.get(target).status_code == 404
    assert worker.post(target, {"attended": []}).status_code in (404, 405)


def test_a_session_of_contract_b_cannot_be_registered_through_contract_a(
    worker, contract_a, records_b
):
    theirs = YoungPerson.objects.get(pk=records_b["young_person_pk"])
    target = url("session_register", contract_a, session_pk=records_b["session_pk"])
    assert worker.post(target, {"attended": [theirs.pk]}).status_code == 404
    assert not Attendance.objects.exists()


def test_unknown_methods_are_refused(worker, contract_a, records_a):
    target = url("young_person_add", contract_a)
    assert worker.delete(target).status_code == 405
