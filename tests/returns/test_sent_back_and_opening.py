"""What a new user tripped over on the returns (issue 11): a return sent back shows what was
asked and what changed since, and waits for a reply; approving out of order warns; the boxes
for red and amber figures show what they explain; the commissioner is warned of a child's name
before approving; returns are opened by the daily command or a button, never by looking; and
`export_return` works on a database that holds only imported records."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from contracts.models import Contract
from kpis.models import COMMENT_MAX, NARRATIVE_MAX, Return, ReturnStatus
from kpis.returns.due import periods_ended
from kpis.returns.forms import MoveForm, explanation_id
from kpis.returns.workflow import request_changes, save_draft, submit_return
from tests.examples import EXAMPLES
from tests.kpis.helpers import person

from .test_pages import log_in, url
from .test_workflow_services import explain_everything

pytestmark = pytest.mark.django_db


def submitted(ret: Return, manager) -> Return:
    explain_everything(ret, manager)
    return submit_return(ret=ret, by=manager, comment="For the meeting.")


def the_q2(contract) -> Return:
    return Return.objects.get(contract=contract, financial_year=2025, period="Q2")


def test_a_sent_back_return_shows_the_request_at_the_top_and_what_changed_since(
    client, cornwall_q1, provider_a_manager, commissioner
):
    submitted(cornwall_q1, provider_a_manager)
    request_changes(
        ret=cornwall_q1, by=commissioner, comment="Please explain the fall in 1.4 and the plan."
    )
    log_in(client, provider_a_manager)
    page = client.get(url("detail", cornwall_q1)).content.decode()
    request = page.index('data-testid="sent-back"')
    assert request < page.index('data-testid="return-figures"')
    assert "Please explain the fall in 1.4 and the plan." in page[request:]
    assert 'data-testid="nothing-changed"' in page
    assert "Your reply to the commissioner" in page

    save_draft(
        ret=cornwall_q1,
        by=provider_a_manager,
        values={"social_value": "A new volunteer scheme.", "staff_fte": "3.5"},
    )
    page = client.get(url("detail", cornwall_q1)).content.decode()
    changed = page[page.index('data-testid="changed-since"') :]
    changed = changed[: changed.index("</ul>")]
    assert "Social and added value: rewritten" in changed
    assert "Staff (full-time equivalent): rewritten" in changed
    assert "Case studies" not in changed


def test_approving_a_later_return_while_an_earlier_one_is_sent_back_warns(
    client, contract_a, cornwall_q1, provider_a_manager, commissioner
):
    submitted(cornwall_q1, provider_a_manager)
    request_changes(ret=cornwall_q1, by=commissioner, comment="Q1 needs its case study.")
    q2 = submitted(the_q2(contract_a), provider_a_manager)
    log_in(client, commissioner)
    page = client.get(url("detail", q2)).content.decode()
    warning = page[page.index('data-testid="out-of-order"') :]
    assert "2025/26 Q1</a> (changes requested)" in warning[: warning.index("</div>")]
    assert page.index('data-testid="return-figures"') < page.index('id="decision"')
    response = client.post(url("approve", q2), {"approve-comment": ""}, follow=True)
    assert Return.objects.get(pk=q2.pk).status == ReturnStatus.APPROVED
    assert "2025/26 Q1 (changes requested). The year" in response.content.decode()
    # In order, no word about it.
    page = client.get(url("detail", cornwall_q1)).content.decode()
    assert 'data-testid="out-of-order"' not in page


def test_each_explanation_box_shows_the_figure_and_target_it_explains(
    client, cornwall_q1, provider_a_manager
):
    log_in(client, provider_a_manager)
    page = client.get(url("edit", cornwall_q1)).content.decode()
    summary = page[page.index('id="still-to-explain"') :]
    summary = summary[: summary.index("</section>")]
    missing = [c for c in ("1.1", "1.2", "1.4") if f'href="#{explanation_id(c)}"' in summary]
    assert missing, "the test contract has red or amber figures to explain"
    code = missing[0]
    box = page.index(f'id="{explanation_id(code)}"')
    assert f'href="#{explanation_id(code)}"' in summary
    # The box's own hint: status, the year to date and its target.
    hint = page[box : box + 1500]
    assert "in the year to date at the end of Q1, against a target of" in hint
    response = client.post(url("submit", cornwall_q1), {}, follow=True)
    message = response.content.decode()
    assert "still to explain:" in message and f"{code} " in message


def test_the_commissioner_is_warned_before_approving_a_text_that_names_a_young_person(
    client, contract_a, cornwall_q1, provider_a_manager, commissioner
):
    person(contract_a, first_name="Morwenna", last_name="Trelawny")
    save_draft(
        ret=cornwall_q1,
        by=provider_a_manager,
        values={"case_studies": "Morwenna now chairs the council."},
    )
    submitted(cornwall_q1, provider_a_manager)
    log_in(client, commissioner)
    page = client.get(url("detail", cornwall_q1)).content.decode()
    warning = page[page.index('data-testid="name-warning-commissioner"') :]
    warning = warning[: warning.index("</div>")]
    assert "seems to name 1 young person" in warning and "case studies" in warning
    # The warning gives no name and no reference the commissioner does not already see.
    assert "Trelawny" not in warning


def test_free_texts_have_a_limit_in_the_form_and_in_the_database(cornwall_q1):
    form = MoveForm({"x-comment": "x" * (COMMENT_MAX + 1)}, label="Note", button="Go", prefix="x")
    assert not form.is_valid()
    assert form.errors["comment"] == ["This is 2,001 characters long: it can be up to 2,000."]
    with transaction.atomic(), pytest.raises(IntegrityError):
        Return.objects.filter(pk=cornwall_q1.pk).update(case_studies="x" * (NARRATIVE_MAX + 1))
    Return.objects.filter(pk=cornwall_q1.pk).update(case_studies="x" * NARRATIVE_MAX)


def test_looking_at_the_returns_opens_none_and_the_button_opens_one(
    client, contract_a, provider_a_manager, contract_b
):
    log_in(client, provider_a_manager)
    page = client.get(reverse("returns:list", kwargs={"pk": contract_a.pk})).content.decode()
    assert not Return.objects.exists()
    assert page.count('data-testid="unopened"') == len(periods_ended(contract_a))
    response = client.post(
        reverse("returns:open", kwargs={"pk": contract_a.pk}),
        {"year": "2025", "period": "Q2"},
    )
    q2 = the_q2(contract_a)
    assert response.url == q2.get_absolute_url()
    # A period not over has no return to open; another provider's contract is not there.
    refused = client.post(
        reverse("returns:open", kwargs={"pk": contract_a.pk}),
        {"year": "2025", "period": "Q3"},
        follow=True,
    )
    assert "it has not ended yet" in refused.content.decode()
    assert not Return.objects.filter(financial_year=2025, period="Q3").exists()
    stranger = client.post(
        reverse("returns:open", kwargs={"pk": contract_b.pk}), {"year": "2025", "period": "H1"}
    )
    assert stranger.status_code == 404


def test_the_daily_command_opens_every_ended_period_once(contract_a, contract_b):
    out = StringIO()
    call_command("open_returns", stdout=out)
    owed = len(periods_ended(contract_a)) + len(periods_ended(contract_b))
    assert f"{owed} returns opened." in out.getvalue()
    assert "Opened A-EP 2025/26 Q2, due" in out.getvalue()
    assert Return.objects.count() == owed
    # 20 October 2025: the last periods ended are Cornwall's Q2 and Wolverhampton's H1.
    assert Return.objects.filter(financial_year=2025).count() == 3
    again = StringIO()
    call_command("open_returns", stdout=again)
    assert again.getvalue().strip() == "0 returns opened."


def test_export_return_works_on_a_database_that_holds_only_imported_records(tmp_path):
    with time_machine.travel(date(2026, 5, 1), tick=False):
        call_command("import_records", str(EXAMPLES / "ep"), stdout=StringIO())
        contract = Contract.objects.get()
        assert not Return.objects.exists()
        output = tmp_path / "q2.xlsx"
        out = StringIO()
        call_command(
            "export_return", "--contract", contract.ref, "--year", "2025", "--period", "Q2",
            "--format", "xlsx", "--output", str(output), stdout=out,
        )  # fmt: skip
        owed = periods_ended(contract)
    assert output.read_bytes()[:2] == b"PK"
    assert f"to {output}" in out.getvalue()
    assert Return.objects.filter(contract=contract).count() == len(owed)
