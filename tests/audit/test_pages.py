"""Every page is audited or known to carry no personal data (audit/pages.py), and none that
shows a young person's or a mentor's name slips through unaudited."""

import pytest
from django.urls import get_resolver, reverse

from audit.models import AuditEvent
from audit.pages import AUDITED, AUDITED_NAMESPACES, NO_PERSONAL_DATA, kind_of
from contracts.models import YoungPerson
from mentoring.models import Mentor
from tests.contracts.test_access import (
    CASEWORK_PAGES,
    CONTRACT_PAGES,
    CORNWALL_PAGES,
    casework_url_for,
    named_patterns,
    parameters_of,
    real_url_for,
    tamar_pages,
)

pytestmark = pytest.mark.django_db


def namespaces_of(name: str) -> list[str]:
    return name.split(":")[:-1]


def audited(name: str) -> bool:
    return kind_of(name, namespaces_of(name)) is not None


def test_every_contract_page_is_audited_or_carries_no_personal_data():
    """A new page under a contract (one taking the contract's `pk`, as tests/contracts/
    test_access.py enumerates them) must be put on one list or the other in audit/pages.py."""
    assert CONTRACT_PAGES
    left_out = [
        name for name in CONTRACT_PAGES if not audited(name) and name not in NO_PERSONAL_DATA
    ]
    assert left_out == []


def test_every_page_of_tamar_is_on_exactly_one_list():
    pages = set(tamar_pages())
    left_out = {name for name in pages if not audited(name) and name not in NO_PERSONAL_DATA}
    both = {name for name in pages if audited(name) and name in NO_PERSONAL_DATA}
    assert (left_out, both) == (set(), set())
    # And the lists name no page that is gone.
    assert set(AUDITED) - pages == set()
    assert NO_PERSONAL_DATA - pages == set()


def test_the_admin_is_audited_as_a_whole():
    admin_pages = [name for name, _ in named_patterns(get_resolver()) if name.startswith("admin:")]
    assert admin_pages
    assert AUDITED_NAMESPACES["admin"] == "view"
    assert all(audited(name) for name in admin_pages)


PLANTED = ("Zephyrine", "Quillfeather", "Thistlewood")


def shows_a_name(response) -> bool:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return any(name.encode() in body for name in PLANTED)


@pytest.fixture
def named_records(records_of_contract_a, casework_of_contract_b):
    """The records of tests/contracts/test_access.py, every young person and mentor renamed
    to names no page has otherwise."""
    for number, person in enumerate(YoungPerson.objects.order_by("pk")):
        person.first_name = f"Zephyrine{chr(65 + number)}"
        person.last_name = "Quillfeather"
        person.save(update_fields=["first_name", "last_name"])
    for mentor in Mentor.objects.filter(young_person__isnull=True):
        mentor.name = "Oriel Thistlewood"
        mentor.save(update_fields=["name"])
    return records_of_contract_a, casework_of_contract_b


def test_no_page_shows_a_name_unaudited(
    client, administrator, provider_a_manager, provider_b_manager, contract_a, contract_b,
    named_records,
):  # fmt: skip
    """Each contract page, opened by its provider's manager (or the administrator, where only
    they may): a page showing a young person's or a mentor's name must be audited."""
    cornwall, casework = named_records
    shown, unaudited = set(), []
    for page in CORNWALL_PAGES + CASEWORK_PAGES:
        if page in CASEWORK_PAGES:
            url, people = casework_url_for(page, contract_b, casework), [provider_b_manager]
        else:
            url, people = real_url_for(page, contract_a, cornwall), [provider_a_manager]
        for person in [*people, administrator]:
            client.force_login(person)
            response = client.get(url)
            if response.status_code == 200:
                break
        if response.status_code == 200 and shows_a_name(response):
            shown.add(page)
            if not audited(page):
                unaudited.append(page)
        elif response.streaming:
            b"".join(response.streaming_content)
    assert unaudited == []
    # The check sees names where they are.
    assert {
        "contracts:young_people",
        "contracts:young_person_detail",
        "contracts:session_register",
        "contracts:case_detail",
        "funds4care:application",
        "mentoring:mentor_detail",
        "kpis:f4c_round_report_csv",
        "audit:young_person",
    } <= shown


# Pages naming a record of the fixture's young person (their Funds4 Care application, their
# referral for a mentor): the row names the young person, found inside its INSERT.
NAMING_THE_YOUNG_PERSON = {
    "funds4care:application",
    "funds4care:file",
    "mentoring:referral_detail",
    "mentoring:referral_withdraw",
}


def test_each_audited_page_answered_with_a_row_of_its_kind(
    client, administrator, contract_a, named_records
):
    """Every audited Cornwall page the administrator can open gives one row of its kind, with
    the young person its URL names."""
    cornwall, _casework = named_records
    client.force_login(administrator)
    young_person = cornwall["young_person_pk"]
    for page in CORNWALL_PAGES:
        kind = kind_of(page, namespaces_of(page))
        if kind is None:
            continue
        before = AuditEvent.objects.count()
        response = client.get(real_url_for(page, contract_a, cornwall))
        if response.streaming:
            b"".join(response.streaming_content)
        rows = list(AuditEvent.objects.order_by("id")[before:])
        if response.status_code in (403, 404):
            assert [row.kind for row in rows] == ["refused"], page
        elif response.status_code == 200:
            assert [(row.kind, row.url_name) for row in rows] == [(kind, page)], page
            if page in NAMING_THE_YOUNG_PERSON or "young_person_pk" in parameters_of(page):
                assert rows[0].young_person_pk == young_person, page
        else:
            assert rows == [], page


def test_the_admins_young_person_page_names_them(client, administrator, contract_a):
    from tests.factories import YoungPersonFactory

    person = YoungPersonFactory(contract=contract_a)
    client.force_login(administrator)
    url = reverse("admin:contracts_youngperson_change", args=[person.pk])
    assert client.get(url).status_code == 200
    event = AuditEvent.objects.latest("id")
    assert (event.kind, event.url_name, event.young_person_pk) == (
        "view",
        "admin:contracts_youngperson_change",
        person.pk,
    )
