"""Funds4 Care's screens through the client: every URL is 404 to another organisation's staff
and to a panel member; a commissioner sees but cannot change; the provider's staff make and
submit applications (a refusal keeps the draft), the manager decides and records payments."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from funds4care.models import Application, Funds4CareRole, Payment

from .conftest import APPLYING_ON
from .factories import SubmittedApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(spring):
    return SubmittedApplicationFactory(
        round=spring, decision="approved", decision_date=date(2026, 5, 20),
        amount_awarded=Decimal("100.00"),
    )  # fmt: skip


@pytest.fixture
def every_url(contract_a, fund, spring, jade, decided):
    """Each funds4care URL of contract A, with the method to ask it by."""
    kw = {"pk": contract_a.pk}
    app = {**kw, "application_id": decided.pk}
    person = {**kw, "young_person_pk": jade.pk}
    role = Funds4CareRole.objects.create(young_person=jade, role="Panel", start_date=APPLYING_ON)
    return [
        ("get", reverse("funds4care:home", kwargs=kw)),
        ("get", reverse("funds4care:fund_edit", kwargs={**kw, "year": 2026})),
        ("get", reverse("funds4care:round_add", kwargs={**kw, "year": 2026})),
        ("get", reverse("funds4care:round_edit", kwargs={**kw, "year": 2026,
                                                         "round_id": spring.pk})),
        ("get", reverse("funds4care:application_add", kwargs=kw)),
        ("get", reverse("funds4care:application", kwargs=app)),
        ("get", reverse("funds4care:application_edit", kwargs=app)),
        ("post", reverse("funds4care:withdraw", kwargs=app)),
        ("post", reverse("funds4care:decide", kwargs=app)),
        ("post", reverse("funds4care:payment", kwargs=app)),
        ("post", reverse("funds4care:onward_support", kwargs=app)),
        ("post", reverse("funds4care:file_add", kwargs=app)),
        ("get", reverse("funds4care:file", kwargs={**app, "file_id": 1})),
        ("post", reverse("funds4care:file_remove", kwargs={**app, "file_id": 1})),
        ("get", reverse("funds4care:role_add", kwargs=person)),
        ("get", reverse("funds4care:role_end", kwargs={**person, "role_id": role.pk})),
        ("post", reverse("funds4care:fund_open", kwargs={**kw, "year": 2027})),
    ]  # fmt: skip


@pytest.mark.parametrize("stranger", ["provider_b_worker", "commissioner_b", "panel_member"])
def test_every_url_is_404_to_another_organisation_and_to_a_panel_member(
    client, every_url, stranger, request
):
    client.force_login(request.getfixturevalue(stranger))
    for method, url in every_url:
        assert getattr(client, method)(url).status_code == 404, url


def test_a_commissioner_sees_the_fund_and_applications_but_changes_nothing(
    client, commissioner, every_url, decided, jade
):
    client.force_login(commissioner)
    home = client.get(every_url[0][1])
    assert home.status_code == 200
    page = home.content.decode()
    assert "Funds4 Care" in page and "Largest grant" in page
    assert "Open a round" not in page and "Make an application" not in page
    assert jade.last_name not in page, "a commissioner sees references, not names"
    detail = client.get(every_url[5][1]).content.decode()
    assert (
        decided.ref in detail
        and "Record the payment" not in detail
        and 'name="action"' not in detail
    )
    for method, url in every_url[1:5] + every_url[14:]:
        assert getattr(client, method)(url).status_code == 403, url
    assert client.post(every_url[9][1], {"paid_on": "2026-05-21", "amount": "100",
                       "method": "card", "reference": "X"}).status_code == 302  # fmt: skip
    assert not Payment.objects.exists()


def test_a_worker_submits_an_application_on_screen(client, provider_a_worker, jade, spring):
    client.force_login(provider_a_worker)
    url = reverse("funds4care:application_add", kwargs={"pk": jade.contract_id})
    with time_machine.travel(APPLYING_ON):
        response = client.post(url, {
            "young_person": jade.pk, "round": spring.pk, "purpose": "Driving lessons",
            "amount_requested": "250", "reason": "To get to work", "quote": "", "submit": "1",
        }, follow=True)  # fmt: skip
    application = Application.objects.get()
    assert application.status == "submitted" and application.submitted_date == APPLYING_ON
    assert f"{application.ref} submitted" in response.content.decode()


def test_a_refused_submission_keeps_the_draft_and_says_why(client, provider_a_worker, jade, spring):
    jade.date_of_birth = date(2000, 1, 1)
    jade.save()
    client.force_login(provider_a_worker)
    url = reverse("funds4care:application_add", kwargs={"pk": jade.contract_id})
    with time_machine.travel(APPLYING_ON):
        response = client.post(url, {
            "young_person": jade.pk, "round": spring.pk, "purpose": "Driving lessons",
            "amount_requested": "250", "reason": "To get to work", "quote": "", "submit": "1",
        }, follow=True)  # fmt: skip
    page = response.content.decode()
    application = Application.objects.get()
    assert application.status == "draft" and application.purpose == "Driving lessons"
    assert "aged 11 to 25 on the day they apply; Jade is 26." in page
    assert "nothing you typed is lost" in page
    assert 'value="250.00"' in page and "To get to work" in page  # the form, filled in again


def test_the_manager_approves_and_records_the_payment_once(
    client, provider_a_manager, spring, fund
):
    application = SubmittedApplicationFactory(round=spring)
    client.force_login(provider_a_manager)
    kw = {"pk": spring.fund.contract_id, "application_id": application.pk}
    client.post(reverse("funds4care:decide", kwargs=kw),
                {"action": "approve", "amount": "150", "on": "2026-05-20"})  # fmt: skip
    payment = {"paid_on": "2026-05-21", "amount": "150", "method": "card", "reference": "C-1"}
    client.post(reverse("funds4care:payment", kwargs=kw), payment)
    second = client.post(reverse("funds4care:payment", kwargs=kw), payment, follow=True)
    assert "is already recorded" in second.content.decode()
    assert Payment.objects.count() == 1
    home = client.get(reverse("funds4care:home", kwargs={"pk": spring.fund.contract_id}))
    assert home.context["ledger"].paid == Decimal("150")


def test_the_pot_loser_gets_a_message_not_an_error_page(client, provider_a_manager, spring, fund):
    fund.pot = Decimal("100")
    fund.save()
    first, second = (SubmittedApplicationFactory(round=spring) for _ in range(2))
    client.force_login(provider_a_manager)
    for application in (first, second):
        kw = {"pk": fund.contract_id, "application_id": application.pk}
        response = client.post(
            reverse("funds4care:decide", kwargs=kw),
            {"action": "approve", "amount": "100", "on": "2026-05-20"}, follow=True,
        )  # fmt: skip
        assert response.status_code == 200
    assert "was not approved: Funds4 Care 2026/27 has £0.00 left" in response.content.decode()


def test_a_role_is_added_on_screen_and_shown_on_the_young_persons_page(
    client, provider_a_worker, jade
):
    client.force_login(provider_a_worker)
    kw = {"pk": jade.contract_id, "young_person_pk": jade.pk}
    client.post(
        reverse("funds4care:role_add", kwargs=kw),
        {"role": "Panel member", "start_date": "2026-04-10", "training": "Scoring fairly, April"},
    )  # fmt: skip
    page = client.get(reverse("contracts:young_person_detail", kwargs=kw)).content.decode()
    assert "Panel member" in page and "Scoring fairly, April" in page


def test_the_links_show_only_on_contracts_whose_framework_has_funds4care(
    client, provider_a_worker, provider_b_worker, contract_a, contract_b
):
    client.force_login(provider_a_worker)
    assert "funds4care/" in client.get(contract_a.get_absolute_url()).content.decode()
    client.force_login(provider_b_worker)
    assert "funds4care/" not in client.get(contract_b.get_absolute_url()).content.decode()


def test_the_manager_opens_a_round_with_its_panel_and_rubric(
    client, provider_a_manager, fund, panel_members
):
    client.force_login(provider_a_manager)
    url = reverse("funds4care:round_add", kwargs={"pk": fund.contract_id, "year": 2026})
    data = {
        "name": "Autumn 2026", "opens_on": "2026-10-01", "closes_on": "2026-12-15",
        "panel": [m.pk for m in panel_members[:2]],
        "criteria-TOTAL_FORMS": "2", "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0", "criteria-MAX_NUM_FORMS": "20",
        "criteria-0-name": "Need", "criteria-0-weight": "3", "criteria-0-ORDER": "2",
        "criteria-1-name": "Difference it makes", "criteria-1-weight": "2", "criteria-1-ORDER": "1",
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    made = fund.rounds.get(name="Autumn 2026")
    assert set(made.panel.all()) == set(panel_members[:2])
    assert [(c.name, c.weight) for c in made.criteria.all()] == [
        ("Difference it makes", 2),
        ("Need", 3),
    ]


def test_looking_opens_no_fund_and_the_managers_button_opens_one(
    client, contract_a, provider_a_manager, provider_a_worker
):
    from funds4care.models import Fund

    home = reverse("funds4care:home", kwargs={"pk": contract_a.pk}) + "?year=2027"
    opening = reverse("funds4care:fund_open", kwargs={"pk": contract_a.pk, "year": 2027})
    client.force_login(provider_a_manager)
    page = client.get(home).content.decode()
    assert 'data-testid="no-fund"' in page and "Open the fund for this year" in page
    assert not Fund.objects.exists()
    client.force_login(provider_a_worker)
    assert client.post(opening).status_code == 403
    assert not Fund.objects.exists()
    client.force_login(provider_a_manager)
    response = client.post(opening, follow=True)
    fund = Fund.objects.get()
    assert (fund.financial_year, fund.pot, fund.grant_cap) == (2027, Decimal("40000.00"), 250)
    assert "Funds4 Care 2027/28 is open" in response.content.decode()
    client.post(opening)
    assert Fund.objects.count() == 1


def test_a_contract_whose_framework_has_no_funds4care_has_no_funds4care_pages(
    client, contract_b, provider_b
):
    from contracts.models import Role
    from tests.factories import UserFactory

    manager = UserFactory(role=Role.PROVIDER_MANAGER, organisation=provider_b)
    # contract_b is a Wolverhampton (key-worker) contract: no fund, no rounds, no grants.
    client.force_login(manager)
    kw = {"pk": contract_b.pk}
    assert client.get(reverse("funds4care:home", kwargs=kw)).status_code == 404
    assert (
        client.post(reverse("funds4care:fund_open", kwargs={**kw, "year": 2026})).status_code == 404
    )
    assert "Funds4 Care" not in client.get(reverse("contracts:detail", kwargs=kw)).content.decode()
