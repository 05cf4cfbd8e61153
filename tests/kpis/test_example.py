"""The worked example of shared/spec/example: imported with the real command, its return must be
the expected JSON figure for figure."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from tests.examples import EXAMPLES as EXAMPLE

# No skip when the examples are missing: a return that cannot be checked against them must fail.
pytestmark = pytest.mark.django_db


def kpi_return_json(ref: str, year: int = 2025) -> dict:
    out = StringIO()
    call_command("kpi_return", "--contract", ref, "--year", str(year), "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize(("folder", "ref"), [("ep", "EP-1"), ("ypt", "YPT-1")])
def test_the_examples_return_is_the_expected_json(folder, ref):
    call_command("import_records", str(EXAMPLE / folder), stdout=StringIO(), stderr=StringIO())
    expected = json.loads((EXAMPLE / f"{folder}-2025.json").read_text(encoding="utf-8"))
    actual = kpi_return_json(ref)
    # Compared indicator by indicator first, so a failure names the figure that differs.
    assert [i["code"] for i in actual["indicators"]] == [i["code"] for i in expected["indicators"]]
    for got, wanted in zip(actual["indicators"], expected["indicators"], strict=True):
        assert got == wanted, wanted["code"]
    assert actual == expected


def test_whole_numbers_stay_whole_and_hours_and_pounds_are_decimals():
    call_command("import_records", str(EXAMPLE / "ep"), stdout=StringIO(), stderr=StringIO())
    indicators = {i["code"]: i for i in kpi_return_json("EP-1")["indicators"]}
    q1 = {code: indicator["periods"]["Q1"] for code, indicator in indicators.items()}
    assert type(q1["1.2"]["value"]) is int
    assert type(q1["1.3"]["value"]) is float
    assert type(q1["1.1"]["numerator"]) is int
    assert type(q1["1.16"]["numerator"]) is float
    assert type(indicators["1.2"]["target"]) is int
    assert indicators["1.5"]["target"] is None
