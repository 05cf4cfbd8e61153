"""Small builders for hand-made KPI test data, and the figure a rule gives for it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from contracts.models import Contract, YoungPerson
from kpis.engine.periods import FinancialYear, Period
from kpis.engine.rules import Figure, Part, Scope
from kpis.frameworks import framework_for
from tests.factories import AttendanceFactory, MatchFactory, SessionFactory, YoungPersonFactory

FY2025 = FinancialYear(2025)
Q1, Q2, Q3, Q4 = FY2025.quarters()
H1, H2, FY = FY2025.period("H1"), FY2025.period("H2"), FY2025.period("FY")


def figure(contract: Contract, code: str, period: Period) -> Figure:
    """The figure alone (as a records page counts it), checked against the same figure counted
    in a return with the year's other periods (tallied from facts read once for them all)."""
    indicator = framework_for(contract.framework).indicator(code)
    alone = indicator.compute(contract, period)
    others = [p for p in (Q1, Q2, Q3, Q4, H1, H2, FY) if p != period]
    in_a_return = Scope.for_periods(contract, [*others, period])[-1]
    assert indicator.compute(contract, period, in_a_return) == alone, (code, period)
    return alone


def listed(
    contract: Contract,
    code: str,
    period: Period,
    part: Part = Part.COUNTED,
    breakdown: str | None = None,
    category: str | None = None,
) -> list:
    """The refs (or pks, for records without one) of the records a figure's page lists."""
    indicator = framework_for(contract.framework).indicator(code)
    records = indicator.records(contract, period, part, breakdown, category).queryset
    return sorted(getattr(record, "ref", record.pk) for record in records)


def person(contract: Contract, **fields) -> YoungPerson:
    return YoungPersonFactory(contract=contract, **fields)


def attend(
    contract: Contract,
    who: YoungPerson,
    day: date,
    session_type: str = "psd",
    *,
    hours: str = "2.00",
    coproduction: bool = False,
):
    session = SessionFactory(
        contract=contract,
        date=day,
        session_type=session_type,
        duration_hours=Decimal(hours),
        coproduction=coproduction,
    )
    AttendanceFactory(session=session, young_person=who)
    return session


def match(contract: Contract, mentee: YoungPerson, start: date, end: date | None = None, **kw):
    return MatchFactory(contract=contract, mentee=mentee, start_date=start, end_date=end, **kw)
