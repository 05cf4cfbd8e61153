"""A provider worker records a session in a real browser, as they would: today's date is
already there, no reference to invent, the locality chosen from the contract's list, "2" typed
for two hours. Chromium itself judges the number box (HTML's min, max and step)."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contracts.models import Feedback, Session
from tests.factories import SessionFactory, YoungPersonFactory

from .test_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CORNWALL = ["Penwith", "Kerrier", "Carrick", "Restormel", "Caradon"]


@pytest.fixture
def cornwall(contract_a):
    contract_a.localities = CORNWALL
    contract_a.save()
    return contract_a


def accepts(box, typed: str) -> bool:
    """Whether Chromium would send what was typed (the box's own validity)."""
    box.fill(typed)
    return box.evaluate("box => box.validity.valid")


def test_a_worker_adds_a_session_typing_only_what_they_know(
    page, live_server, shoot, provider_a_worker, cornwall
):
    log_in(page, live_server, provider_a_worker.username)
    page.get_by_role("link", name=cornwall.ref).first.click()
    page.get_by_role("link", name="Sessions and registers").click()
    page.get_by_role("link", name="Add a session").click()
    expect(page.get_by_role("heading", name="Add a session")).to_be_visible()

    # Today is filled in; the reference is not needed, and the page says what will happen.
    expect(page.get_by_label("Date")).to_have_value(timezone.localdate().isoformat())
    reference = page.get_by_label("Reference (optional)")
    expect(reference).to_have_value("")
    expect(reference).not_to_have_attribute("required", re.compile(".*"))
    expect(page.get_by_text("Tamar gives the next free one on this contract")).to_be_visible()
    # The locality is a choice among the contract's districts.
    locality = page.get_by_label("Locality")
    expect(locality.locator("option")).to_have_text(["Choose a locality", *CORNWALL])
    shoot("forms-guess-new-session")

    hours = page.get_by_label("Duration (hours)")
    for typed in ["1", "1.5", "2.5", "2.50", "0.25", "1.33", "24"]:
        assert accepts(hours, typed), typed
    for typed in ["0", "1.255", "24.5"]:
        assert not accepts(hours, typed), typed

    page.get_by_label("Title").fill("Care Leavers' forum")
    page.get_by_label("Session type").select_option(label="Care Leavers group")
    locality.select_option("Kerrier")
    hours.fill("2")
    shoot("forms-guess-session-filled")
    page.get_by_role("button", name="Save").click()

    today = timezone.localdate()
    expect(page.get_by_role("heading", name="Care Leavers' forum")).to_be_visible()
    expect(page.get_by_text(f"Care Leavers' forum ({today:%d/%m/%Y}) was saved.")).to_be_visible()
    session = Session.objects.get()
    assert (session.ref, session.date, session.locality, session.duration_hours) == (
        "S-0001",
        today,
        "Kerrier",
        Decimal("2.00"),
    )

    page.get_by_role("link", name="Sessions", exact=True).first.click()
    row = page.get_by_role("row", name=re.compile("Care Leavers' forum"))
    expect(row).to_contain_text("S-0001")
    expect(row).to_contain_text("Kerrier")
    expect(row).to_contain_text("2.00")
    shoot("forms-guess-session-listed")


def test_a_session_of_two_and_a_half_hours_saves_unchanged(
    page, live_server, shoot, provider_a_worker, cornwall
):
    # Imported with a locality the contract's list lacks: it stays a choice for this session.
    session = SessionFactory(
        contract=cornwall, title="Friday CiCC", duration_hours=Decimal("2.50"), locality="Truro"
    )
    log_in(page, live_server, provider_a_worker.username)
    page.goto(f"{live_server.url}/contracts/{cornwall.pk}/sessions/{session.pk}/edit/")
    expect(page.get_by_label("Duration (hours)")).to_have_value("2.50")
    expect(page.get_by_label("Locality")).to_have_value("Truro")
    shoot("forms-guess-existing-session")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Friday CiCC (01/05/2025) was saved.")).to_be_visible()
    session.refresh_from_db()
    assert (session.duration_hours, session.locality) == (Decimal("2.50"), "Truro")


def test_a_comment_too_long_is_shown_with_its_limit_and_kept_to_shorten(
    page, live_server, shoot, provider_a_worker, cornwall
):
    person = YoungPersonFactory(contract=cornwall, first_name="Amy", last_name="Penrose")
    log_in(page, live_server, provider_a_worker.username)
    page.goto(f"{live_server.url}/contracts/{cornwall.pk}/young-people/{person.pk}/feedback/add/")
    expect(page.get_by_label("Date")).to_have_value(timezone.localdate().isoformat())
    comment = page.get_by_label("Comment")
    expect(page.get_by_text("Up to 2,000 characters.")).to_be_visible()
    long_comment = ("Amy said the forum was brilliant. " * 300).strip()
    comment.fill(long_comment)
    # Nothing cut short by the browser: all of it goes to the server.
    assert len(comment.input_value()) == len(long_comment) == 10_199
    page.get_by_label("Kind").select_option(label="Feedback")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("Nothing was saved")).to_be_visible()
    expect(
        page.get_by_text("This is 10,199 characters long: it can be up to 2,000.")
    ).to_be_visible()
    expect(comment).to_have_value(long_comment)
    shoot("forms-guess-comment-too-long")
    assert not Feedback.objects.exists()

    comment.fill("Amy said the forum was brilliant.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Amy Penrose")).to_be_visible()
    assert Feedback.objects.get().date == date.fromisoformat(timezone.localdate().isoformat())


def test_the_providers_manager_lists_the_contracts_localities(
    page, live_server, shoot, provider_a_manager, contract_a
):
    log_in(page, live_server, provider_a_manager.username)
    page.get_by_role("link", name=contract_a.ref).first.click()
    expect(page.get_by_text("None listed yet")).to_be_visible()
    page.get_by_role("link", name="Change localities").click()
    page.get_by_label("Localities (districts or areas)").fill("Penwith\nKerrier\n\nCarrick\n")
    shoot("forms-guess-localities-setting")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The contract's settings were saved.")).to_be_visible()
    expect(page.get_by_test_id("localities").get_by_role("listitem")).to_have_text(
        ["Penwith", "Kerrier", "Carrick"]
    )
    shoot("forms-guess-localities-on-the-contract")
