"""1.2, 1.13, 1.14 and 1.15 tallied from a year's participation facts give, in every period and
every category, exactly what their queries count and their lists list."""

import pytest

from kpis.engine.compute import compute_return
from kpis.engine.periods import FinancialYear
from kpis.engine.rules import Part
from kpis.frameworks import framework_for

from .datasets import make_cornwall_records

pytestmark = pytest.mark.django_db

TALLIED = ("1.2", "1.13", "1.14", "1.15")


def test_the_tallied_figures_are_the_queries_and_the_lists_in_every_period(ep):
    make_cornwall_records(ep, scale=2, seed=11)
    year = FinancialYear(2025)
    returned = compute_return(ep, year)
    framework = framework_for(ep.framework)
    checked = 0
    for code in TALLIED:
        indicator = framework.indicator(code)
        row = next(row for row in returned.rows if row.code == code)
        for name, tallied in row.figures.items():
            period = year.period(name)
            assert tallied == indicator.compute(ep, period), (code, name)
            part = Part.DENOMINATOR if code == "1.13" else Part.COUNTED
            total = tallied.denominator if code == "1.13" else tallied.value
            assert indicator.records(ep, period, part).queryset.count() == total
            for breakdown, categories in tallied.breakdown.items():
                for category, count in categories.items():
                    listed = indicator.records(ep, period, Part.COUNTED, breakdown, category)
                    assert listed.queryset.count() == count, (code, name, breakdown, category)
                    checked += 1
    assert checked > 100  # the data really has people in most categories of every period
