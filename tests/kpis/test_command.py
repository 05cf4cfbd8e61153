"""python manage.py kpi_return: the JSON of import-format.md, and plain text."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kpis.models import Target

from .helpers import attend, person

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("kpi_return", *args, stdout=out)
    return out.getvalue()


def test_it_prints_every_indicator_and_period_in_the_agreed_shape(ep):
    attend(ep, person(ep, gender="male"), date(2025, 5, 1))
    document = json.loads(run("--contract", ep.ref, "--year", "2025", "--json"))
    assert document["contract"] == ep.ref
    assert document["framework"] == "cornwall_ep"
    assert document["financial_year"] == "2025/26"
    assert [i["code"] for i in document["indicators"]] == [f"1.{n}" for n in range(1, 17)]
    for indicator in document["indicators"]:
        assert set(indicator) == {"code", "title", "unit", "target", "periods"}
        assert list(indicator["periods"]) == ["Q1", "Q2", "Q3", "Q4", "H1", "H2", "FY"]
        for figure in indicator["periods"].values():
            assert set(figure) == {"value", "numerator", "denominator", "breakdown"}
            if indicator["unit"] != "percent":
                assert figure["numerator"] is None
                assert figure["denominator"] is None
    participation = document["indicators"][1]
    assert participation["periods"]["Q1"]["breakdown"]["gender"] == {"male": 1}
    assert document["indicators"][4]["periods"]["Q1"]["breakdown"] == {}


def test_wolverhamptons_targets_are_empty_until_agreed(ypt):
    document = json.loads(run("--contract", ypt.ref, "--year", "2025", "--json"))
    assert [i["target"] for i in document["indicators"]] == [None] * 10
    assert document["indicators"][0]["periods"]["FY"] == {
        "value": None,
        "numerator": 0,
        "denominator": 0,
        "breakdown": {},
    }


def test_a_target_the_commissioner_set_for_the_year_is_the_returns(ep):
    Target.objects.create(contract=ep, financial_year=2025, indicator="1.2", value=Decimal(150))
    Target.objects.create(contract=ep, financial_year=2025, indicator="1.7", value=Decimal("82.5"))
    Target.objects.create(contract=ep, financial_year=2025, indicator="1.6", value=None)
    Target.objects.create(contract=ep, financial_year=2026, indicator="1.1", value=Decimal(90))
    targets = {
        i["code"]: i["target"]
        for i in json.loads(run("--contract", ep.ref, "--year", "2025", "--json"))["indicators"]
    }
    assert (targets["1.2"], targets["1.7"], targets["1.6"], targets["1.1"]) == (
        150,
        82.5,
        None,
        100,
    )


def test_without_json_it_prints_a_table(ep):
    text = run("--contract", ep.ref, "--year", "2025")
    assert "1.2 Service participation" in text
    assert "Monitor only" in text


def test_an_unknown_contract_is_an_error(ep):
    with pytest.raises(CommandError, match="No contract"):
        run("--contract", "NOPE", "--year", "2025", "--json")
