"""Who saw this young person: for administrators, reached from the young person's page; the
rows naming them, newest first, paged, in a flat number of queries; a CSV of the same rows,
itself written down as an export. Everyone else: 404."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from audit.views import PAGE_SIZE
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(contract_a):
    return factories.YoungPersonFactory(contract=contract_a, first_name="Morwenna", ref="YP-0042")


def who_saw(contract, person, csv_file: bool = False) -> str:
    name = "audit:young_person_csv" if csv_file else "audit:young_person"
    return reverse(name, args=[contract.pk, person.pk])


def page_of(contract, person) -> str:
    return reverse("contracts:young_person_detail", args=[contract.pk, person.pk])


def test_the_young_persons_page_links_to_it_for_administrators_only(
    client, administrator, provider_a_manager, contract_a, person
):
    client.force_login(administrator)
    assert who_saw(contract_a, person) in client.get(page_of(contract_a, person)).text
    client.force_login(provider_a_manager)
    assert who_saw(contract_a, person) not in client.get(page_of(contract_a, person)).text


def test_it_lists_who_saw_them_newest_first(
    client, administrator, provider_a_worker, provider_a_manager, provider_b_worker,
    contract_a, person,
):  # fmt: skip
    other = factories.YoungPersonFactory(contract=contract_a)
    client.force_login(provider_a_worker)
    client.get(page_of(contract_a, person), REMOTE_ADDR="192.0.2.1")
    client.get(page_of(contract_a, other))  # someone else's page: not on theirs
    client.get(reverse("contracts:young_people", args=[contract_a.pk]))  # a list: not either
    client.force_login(provider_b_worker)
    client.get(page_of(contract_a, person))  # refused
    client.force_login(provider_a_manager)
    client.get(reverse("contracts:young_person_edit", args=[contract_a.pk, person.pk]))

    client.force_login(administrator)
    response = client.get(who_saw(contract_a, person))
    assert response.status_code == 200
    rows = list(response.context["page"])
    assert [(row.username, row.kind, row.url_name) for row in rows] == [
        ("manager.a", "view", "contracts:young_person_edit"),
        ("worker.b", "refused", "contracts:young_person_detail"),
        ("worker.a", "view", "contracts:young_person_detail"),
    ]
    assert "192.0.2.1" in response.text
    assert "Refused (404)" in response.text
    # Opening it is written down too, naming the young person.
    latest = AuditEvent.objects.latest("id")
    assert (latest.kind, latest.url_name, latest.young_person_pk, latest.user) == (
        "view",
        "audit:young_person",
        person.pk,
        administrator,
    )


def test_a_deleted_account_is_still_named(client, administrator, contract_a, person):
    leaver = factories.UserFactory(username="leaver", role="provider_worker",
                                   organisation=contract_a.provider)  # fmt: skip
    client.force_login(leaver)
    client.get(page_of(contract_a, person))
    leaver.delete()
    client.force_login(administrator)
    response = client.get(who_saw(contract_a, person))
    assert "leaver" in response.text
    assert "(account deleted)" in response.text


def make_views(person, count: int, user) -> None:
    now = timezone.now()
    AuditEvent.objects.bulk_create(
        AuditEvent(
            at=now - timedelta(minutes=n),
            user=user,
            username=user.username,
            kind="view",
            url_name="contracts:young_person_detail",
            path=f"/contracts/{person.contract_id}/young-people/{person.pk}/",
            status_code=200,
            contract_pk=person.contract_id,
            young_person_pk=person.pk,
        )
        for n in range(count)
    )


def test_it_is_paged_and_its_queries_do_not_grow(
    client, administrator, provider_a_worker, contract_a, person, django_assert_max_num_queries
):
    client.force_login(administrator)
    make_views(person, 3, provider_a_worker)
    # Session, user, contract, young person, count, the page's rows; and the audit's INSERT.
    with django_assert_max_num_queries(7) as few:
        assert client.get(who_saw(contract_a, person)).status_code == 200
    many = factories.UserFactory.create_batch(
        5, role="provider_worker", organisation=contract_a.provider
    )
    for user in many:
        make_views(person, PAGE_SIZE, user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(who_saw(contract_a, person), {"page": 2})
    assert response.status_code == 200
    assert len(response.context["page"]) == PAGE_SIZE
    # The first look at this page is among them (the second is written once it has answered).
    assert response.context["page"].paginator.count == 3 + 5 * PAGE_SIZE + 1


def test_the_csv_has_the_same_rows_and_is_an_export(
    client, administrator, provider_a_worker, contract_a, person, django_assert_max_num_queries
):
    client.force_login(provider_a_worker)
    client.get(page_of(contract_a, person), HTTP_USER_AGENT="=HYPERLINK(evil)")
    client.force_login(administrator)
    with django_assert_max_num_queries(6):
        response = client.get(who_saw(contract_a, person, csv_file=True))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "yp-0042" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["when", "username", "name", "what"]
    (row,) = rows[1:]
    assert row[1] == "worker.a"
    assert row[3:5] == ["Viewed", "contracts:young_person_detail"]
    assert row[-1] == "'=HYPERLINK(evil)"  # a spreadsheet shows it as text
    latest = AuditEvent.objects.latest("id")
    assert (latest.kind, latest.url_name, latest.young_person_pk) == (
        "export",
        "audit:young_person_csv",
        person.pk,
    )
    # And the export is on the page now, newest first.
    page = client.get(who_saw(contract_a, person))
    assert [row.kind for row in page.context["page"]][:2] == ["export", "view"]


@pytest.mark.parametrize(
    "persona",
    ["provider_a_worker", "provider_a_manager", "commissioner", "provider_b_worker",
     "panel_member"],
)  # fmt: skip
def test_everyone_else_gets_404(client, request, contract_a, person, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    assert client.get(who_saw(contract_a, person)).status_code == 404
    assert client.get(who_saw(contract_a, person, csv_file=True)).status_code == 404
    # Written down as refused, with who asked.
    latest = AuditEvent.objects.latest("id")
    assert (latest.kind, latest.status_code, latest.user) == ("refused", 404, user)


def test_another_contracts_young_person_is_404_even_for_an_administrator(
    client, administrator, contract_a, contract_b, person
):
    client.force_login(administrator)
    url = reverse("audit:young_person", args=[contract_b.pk, person.pk])
    assert client.get(url).status_code == 404
