"""The main journeys in a real browser: log in, find a contract, change its settings."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_commissioner_changes_a_contracts_settings(
    page, live_server, shoot, commissioner, contract_a, contract_b
):
    log_in(page, live_server, commissioner.username)
    expect(page.get_by_role("heading", name="Contracts you commission")).to_be_visible()
    expect(page.get_by_role("link", name=contract_b.ref)).to_have_count(0)
    shoot("commissioner-home")

    page.get_by_role("link", name=contract_a.ref).click()
    expect(page.get_by_role("heading", name=contract_a.title)).to_be_visible()
    expect(page.get_by_text("£123,456.78")).to_be_visible()
    page.get_by_role("link", name="Change details and settings").click()

    page.get_by_label("Recording timeframe (working days)").fill("3")
    page.get_by_label("S1: Residential school").check()
    page.get_by_label("End date").fill("2024-01-01")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("The end date cannot be before the start date.")).to_be_visible()
    shoot("commissioner-settings-error")

    page.get_by_label("End date").fill("2027-03-31")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("The contract's settings were saved.")).to_be_visible()
    expect(page.get_by_text("3 working days")).to_be_visible()
    expect(page.get_by_text("Residential school")).to_be_visible()
    shoot("commissioner-contract")

    page.get_by_role("link", name="Who changed what").click()
    expect(page.get_by_text("Recording timeframe (working days): 5 → 3")).to_be_visible()
    expect(page.get_by_role("cell", name=commissioner.get_full_name()).first).to_be_visible()


def test_a_provider_worker_sees_their_contract_but_cannot_change_it(
    page, live_server, shoot, provider_a_worker, contract_a
):
    log_in(page, live_server, provider_a_worker.username)
    page.get_by_role("link", name=contract_a.ref).click()
    expect(page.get_by_role("heading", name=contract_a.title)).to_be_visible()
    expect(page.get_by_role("link", name="Change details and settings")).to_have_count(0)
    shoot("worker-contract")

    page.goto(f"{live_server.url}/contracts/{contract_a.pk}/edit/")
    expect(page.get_by_role("heading", name="You cannot do that")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_another_organisations_contract_is_not_found(
    page, live_server, provider_b_worker, contract_a
):
    log_in(page, live_server, provider_b_worker.username)
    response = page.goto(f"{live_server.url}/contracts/{contract_a.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()


def test_the_skip_link_is_the_first_stop_and_is_visible_on_focus(
    page, live_server, shoot, commissioner
):
    log_in(page, live_server, commissioner.username)
    expect(page.get_by_role("heading", name="Contracts you commission")).to_be_visible()
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    shoot("home-skip-link")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
