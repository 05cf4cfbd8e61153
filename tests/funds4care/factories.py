"""Funds4 Care's factories (tests/factories.py style): a fund, its rounds and criteria, and an
application made on screen."""

from datetime import date
from decimal import Decimal

import factory

from funds4care.models import Application, Criterion, Fund, Round

from ..factories import ContractFactory, YoungPersonFactory


class FundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fund
        django_get_or_create = ["contract", "financial_year"]

    contract = factory.SubFactory(ContractFactory)
    financial_year = 2026


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round
        skip_postgeneration_save = True

    fund = factory.SubFactory(FundFactory)
    name = factory.Sequence(lambda n: f"Round {n}")
    opens_on = date(2026, 4, 1)
    closes_on = date(2026, 6, 30)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    round = factory.SubFactory(RoundFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    weight = 1


class SubmittedApplicationFactory(factory.django.DjangoModelFactory):
    """An application of a round, submitted and pending (the chair's to decide)."""

    class Meta:
        model = Application

    round = factory.SubFactory(RoundFactory)
    contract = factory.SelfAttribute("round.fund.contract")
    ref = factory.Sequence(lambda n: f"A-{n + 1:04d}")
    young_person = factory.SubFactory(
        YoungPersonFactory, contract=factory.SelfAttribute("..contract")
    )
    stage = Application.Stage.SUBMITTED
    submitted_date = date(2026, 5, 1)
    purpose = "A laptop for college"
    amount_requested = Decimal("200.00")

    class Params:
        draft = factory.Trait(stage=Application.Stage.DRAFT, submitted_date=None)
