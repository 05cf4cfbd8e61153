"""The chair's view of a round, worked by hand: each application's average (of the members'
weighted averages, "does not apply" left out), the spread, the 2-point flags, who submitted and
who declared a conflict, and the decision controls; and the decisions posted from it, through
the ledger's services (funds4care.panel.decisions)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from contracts.models import Role
from funds4care.models import Score, ScoreSheet
from tests.factories import UserFactory

from .conftest import application_in

pytestmark = pytest.mark.django_db


def sheet(application, member, criteria, values, submitted=True):
    made = ScoreSheet.objects.create(
        application=application,
        member=member,
        conflicted=False,
        submitted_at=timezone.now() if submitted else None,
    )
    for criterion, value in zip(criteria, values, strict=True):
        Score.objects.create(sheet=made, criterion=criterion, value=value)
    return made


@pytest.fixture
def sam(provider_a, autumn):
    member = UserFactory(username="panel.sam", role=Role.PANEL_MEMBER, organisation=provider_a)
    autumn.panel.add(member)
    return member


@pytest.fixture
def scored(autumn, jade, criteria, kai, ruby, sam):
    laptop = application_in(autumn, jade, "F4C-0001", amount_requested=Decimal("300.00"))
    bike = application_in(autumn, jade, "F4C-0002", amount_requested=Decimal("120.00"))
    sheet(laptop, kai, criteria, [4, None, 2])  # (3x4 + 1x2) / 4 = 3.5
    sheet(laptop, ruby, criteria, [2, 3, 2])  # (6 + 6 + 2) / 6 = 2.333
    ScoreSheet.objects.create(application=laptop, member=sam, conflicted=True)
    sheet(bike, kai, criteria, [5, 5, 5], submitted=False)  # saved, not sent: not counted
    return laptop, bike


def test_the_chair_sees_each_applications_average_spread_and_flags(
    client, provider_a_manager, autumn, scored
):
    laptop, bike = scored
    client.force_login(provider_a_manager)
    response = client.get(
        reverse("f4c_panel:moderation", args=[autumn.fund.contract_id, autumn.pk])
    )
    rows = {row["application"].ref: row for row in response.context["rows"]}
    summary = rows["F4C-0001"]["summary"]
    # (3.5 + 2.333) / 2 = 2.9167; 3.5 - 2.333 = 1.1667
    assert (summary.average, summary.spread) == (Decimal("2.92"), Decimal("1.17"))
    assert [(f.criterion, f.lowest, f.highest) for f in summary.flags] == [
        ("How much will it help?", 2, 4)
    ]
    assert (summary.submitted, summary.conflicted) == (2, 1)
    assert rows["F4C-0002"]["summary"].submitted == 0
    assert rows["F4C-0002"]["summary"].average is None
    # Approving offers the request, capped at the fund's largest grant.
    assert rows["F4C-0001"]["default_amount"] == Decimal("250.00")
    assert rows["F4C-0002"]["default_amount"] == Decimal("120.00")
    assert response.context["panel_size"] == 3
    assert response.context["flagged"] == 1
    assertContains(response, "2 of 3 submitted; 1 declared a conflict")
    assertContains(response, "How much will it help?: 2 to 4")
    # The chair is provider staff: the young person's name is shown here.
    assertContains(response, "Jade-Marie Smith-Jones")
    assertContains(response, f'name="amount" id="amount-{laptop.pk}" value="250.00"')
    assertContains(response, "No later round to defer to yet.")


def test_defer_offers_the_next_round(client, provider_a_manager, autumn, scored, fund):
    fund.rounds.create(name="Winter round", opens_on="2026-11-01", closes_on="2026-11-30")
    client.force_login(provider_a_manager)
    response = client.get(
        reverse("f4c_panel:moderation", args=[autumn.fund.contract_id, autumn.pk])
    )
    assertContains(response, "Defer to Winter round")


def test_a_decision_the_form_refuses_is_told_to_the_chair_by_its_reference(
    client, provider_a_manager, autumn, scored
):
    laptop, _bike = scored
    client.force_login(provider_a_manager)
    url = reverse(
        "f4c_panel:decide", args=[autumn.fund.contract_id, autumn.pk, laptop.pk, "approve"]
    )
    response = client.post(url, {"amount": "abc"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["F4C-0001: Enter a number."]


def decide(client, application, action, data=None, follow=True):
    round_ = application.round
    return client.post(
        reverse(
            "f4c_panel:decide",
            args=[round_.fund.contract_id, round_.pk, application.pk, action],
        ),
        data or {},
        follow=follow,
    )


def test_the_chair_approves_declines_and_defers_from_the_batch_view(
    client, provider_a_manager, autumn, scored, fund
):
    from funds4care.models import Application, Round
    from funds4care.services.ledger import ledger_of

    laptop, bike = scored
    client.force_login(provider_a_manager)
    # Approved at the cap, though £300 was asked for: £250 committed from the pot.
    response = decide(client, laptop, "approve", {"amount": "250.00"})
    assertContains(response, "F4C-0001 is approved.")
    laptop.refresh_from_db()
    assert (laptop.decision, laptop.amount_awarded) == ("approved", Decimal("250.00"))
    assert ledger_of(fund).committed == Decimal("250.00")
    # A decline needs its reason.
    response = decide(client, bike, "decline", {"reason": ""})
    assert Application.objects.get(pk=bike.pk).decision == "pending"
    assertContains(response, "F4C-0002")
    # Deferred to the next round: scored afresh by its panel, the old sheets cleared.
    winter = Round.objects.create(
        fund=fund, name="Winter round", opens_on=date(2026, 12, 1), closes_on=date(2026, 12, 31)
    )
    response = decide(client, bike, "defer")
    assertContains(response, "F4C-0002 is deferred to Winter round.")
    bike.refresh_from_db()
    assert (bike.round, bike.decision, bike.score_sheets.count()) == (winter, "pending", 0)
    assert bike.events.last().action == "deferred"


def test_an_approval_the_pot_cannot_take_is_refused_with_a_message(
    client, provider_a_manager, autumn, scored, fund
):
    laptop, _bike = scored
    fund.pot = Decimal("100.00")
    fund.save()
    client.force_login(provider_a_manager)
    response = decide(client, laptop, "approve", {"amount": "250.00"})
    assert response.status_code == 200
    assertContains(response, "£100.00 left")
    laptop.refresh_from_db()
    assert laptop.decision == "pending"


def test_only_the_chair_decides(client, provider_a_manager, autumn, scored, kai, contract_b):
    laptop, _bike = scored
    client.force_login(kai)
    assert decide(client, laptop, "approve", {"amount": "100"}, follow=False).status_code == 404
    laptop.refresh_from_db()
    assert laptop.decision == "pending"
