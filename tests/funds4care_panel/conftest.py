"""A round of provider A's fund, closed for applications on 31 October 2026 and scored from
1 November; today is 10 November 2026. Its panel: two young members (the shared `panel_member`
persona, shown as "Kai", and "Ruby"); its rubric: three questions weighted 3, 2 and 1."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from contracts.models import Role
from funds4care.models import ApplicationFile, Criterion, Fund, Round
from tests.factories import ApplicationFactory, UserFactory, YoungPersonFactory

TODAY = datetime(2026, 11, 10, 12, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def november_2026(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def kai(panel_member):
    # A panel member's account: a display name and a login, nothing more.
    panel_member.first_name, panel_member.last_name, panel_member.email = "Kai", "", ""
    panel_member.save()
    return panel_member


@pytest.fixture
def ruby(provider_a):
    return UserFactory(
        username="panel.ruby",
        role=Role.PANEL_MEMBER,
        organisation=provider_a,
        first_name="Ruby",
        last_name="Trelawny",
        email="ruby.trelawny@example.org",
    )


@pytest.fixture
def fund(contract_a):
    return Fund.objects.create(contract=contract_a, financial_year=2026)


@pytest.fixture
def autumn(fund, kai, ruby):
    round_ = Round.objects.create(
        fund=fund, name="Autumn round", opens_on=date(2026, 10, 1), closes_on=date(2026, 10, 31)
    )
    round_.panel.set([kai, ruby])
    return round_


@pytest.fixture
def criteria(autumn):
    return [
        Criterion.objects.create(
            round=autumn, name=name, guidance=guidance, weight=weight, position=position
        )
        for position, (name, guidance, weight) in enumerate(
            [
                ("How much will it help?", "A 5 changes things for them.", 3),
                ("Is it good value?", "A 5 is a fair price.", 2),
                ("Will it last?", "A 5 helps for a long time.", 1),
            ]
        )
    ]


@pytest.fixture
def jade(contract_a):
    return YoungPersonFactory(
        contract=contract_a,
        ref="YP-0042",
        first_name="Jade-Marie",
        last_name="Smith-Jones",
        date_of_birth=date(2009, 6, 15),
        la_child_id="LA998877",
        locality="Bodmin",
    )


def application_in(round_, young_person, ref: str, **fields):
    return ApplicationFactory(
        contract=round_.fund.contract,
        round=round_,
        young_person=young_person,
        ref=ref,
        submitted_date=fields.pop("submitted_date", date(2026, 10, 15)),
        amount_requested=fields.pop("amount_requested", Decimal("180.00")),
        purpose=fields.pop("purpose", "A laptop for college."),
        reason=fields.pop("reason", "To do coursework at home."),
        quote=fields.pop("quote", "Currys, £180."),
        **fields,
    )


@pytest.fixture
def application(autumn, jade, criteria):
    return application_in(autumn, jade, "F4C-0001")


def attach(application, name: str, by) -> ApplicationFile:
    return ApplicationFile.objects.create(
        application=application,
        file=SimpleUploadedFile(name, b"%PDF-1.4 quote"),
        name=name,
        size=14,
        uploaded_by=by,
    )
