"""Turn a computed return into the rows of a contract's KPI page: text, links, statuses.

Pure: it takes a computed `KpiReturn` and a function that names each figure's records page,
and never queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from contracts.codes import (
    ACCREDITATION_ROUTES,
    AGE_BANDS,
    APPOINTMENT_TYPES,
    DISABILITIES,
    ETHNICITIES,
    FUNDING_STATUSES,
    GENDERS,
)
from contracts.templatetags.tamar import pounds

from .indicators import Figure, Indicator, Part, Unit
from .periods import YEAR_TO_DATE
from .rag import Status, pro_rata
from .returns import IndicatorRow, KpiReturn

BREAKDOWN_LABELS = {
    "age_band": "Age band (on the period's last day)",
    "gender": "Gender",
    "disability": "Disability",
    "ethnicity": "Ethnicity",
    "locality": "Locality (as recorded)",
    "care_status": "Care status (on the period's last day)",
    "service_type": "Service type (a young person counts in every type they used)",
    "category": "Hours by category",
    "applications": "Applications",
    "appointment_type": "Appointment type",
    "route": "Route",
    "status": "Funding by status (planned money is shown, not counted)",
}

CATEGORY_LABELS: dict[str, dict[str, str]] = {
    "age_band": AGE_BANDS,
    "gender": GENDERS,
    "disability": DISABILITIES,
    "ethnicity": {code: f"{code} {label}" for code, label in ETHNICITIES.items()},
    "care_status": {"in_care": "In care", "care_leaver": "Care leaver", "other": "Other"},
    "service_type": {
        "psd": "Personal and social development",
        "cicc": "Children in Care Council",
        "care_leavers_group": "Care Leavers groups",
        "other_participation": "Other participation",
        "mentee": "Matched with a peer mentor",
        "psd_and_participation": "Both development and participation",
    },
    "category": {
        "psd": "Personal and social development",
        "participation": "Participation activities",
        "mentoring_direct": "Peer mentoring, direct delivery",
        "mentor_support_training": "Peer mentor support and training",
        "staff_training": "Training and staff development",
        "direct_total": "Total direct service delivery",
    },
    "applications": {"submitted": "Applications submitted", "successful": "Successful"},
    "appointment_type": APPOINTMENT_TYPES,
    "route": ACCREDITATION_ROUTES,
    "status": FUNDING_STATUSES,
}

RecordsUrl = Callable[..., str]


@dataclass(frozen=True)
class Cell:
    text: str
    url: str = ""
    detail: str = ""  # numerator of denominator, as text
    numerator_url: str = ""
    denominator_url: str = ""


@dataclass(frozen=True)
class BreakdownTable:
    name: str
    label: str
    rows: list[tuple[str, list[Cell]]]


@dataclass(frozen=True)
class Row:
    indicator: Indicator
    target: str
    cells: list[Cell]
    year_to_date: Cell | None
    status: Status | None
    status_basis: str
    breakdowns: list[BreakdownTable] = field(default_factory=list)


def number_text(unit: Unit, value, *, money: bool = False) -> str:
    if value is None:
        return "–"
    if money:
        return pounds(value)
    if unit == Unit.PERCENT:
        return f"{value}%"
    if unit == Unit.HOURS:
        return f"{Decimal(value):.2f}"
    return f"{value}"


def target_text(indicator: Indicator, value: Decimal | None, note: str) -> str:
    if value is None:
        return note
    shown = f"{value.normalize():f}"
    return f"{shown}%" if indicator.unit == Unit.PERCENT else shown


def figure_cell(indicator: Indicator, figure: Figure, url: RecordsUrl, period: str) -> Cell:
    is_money = indicator.code == "1.16"
    if indicator.unit != Unit.PERCENT:
        return Cell(number_text(indicator.unit, figure.value), url(period, indicator.code))
    numerator = number_text(Unit.COUNT, figure.numerator, money=is_money)
    denominator = number_text(Unit.COUNT, figure.denominator, money=is_money)
    return Cell(
        number_text(indicator.unit, figure.value),
        url(period, indicator.code, part=Part.DENOMINATOR),
        detail=f"{numerator} of {denominator}",
        numerator_url=url(period, indicator.code, part=Part.NUMERATOR),
        denominator_url=url(period, indicator.code, part=Part.DENOMINATOR),
    )


def _categories(name: str, figures: list[Figure]) -> list[str]:
    present: list[str] = []
    for figure in figures:
        for category in figure.breakdown.get(name, {}):
            if category not in present:
                present.append(category)
    known = list(CATEGORY_LABELS.get(name, {}))
    return sorted(present, key=lambda c: (known.index(c) if c in known else len(known), c))


def breakdown_tables(
    row: IndicatorRow, periods: list[str], url: RecordsUrl
) -> list[BreakdownTable]:
    indicator = row.indicator
    money = indicator.code == "1.16"
    unit = Unit.HOURS if indicator.unit == Unit.HOURS else Unit.COUNT
    tables = []
    for name in indicator.breakdowns:
        figures = [row.figures[p] for p in periods]
        rows = []
        for category in _categories(name, figures):
            cells = [
                Cell(
                    number_text(unit, f.breakdown.get(name, {}).get(category, 0), money=money),
                    url(p, indicator.code, breakdown=name, category=category),
                )
                for p, f in zip(periods, figures, strict=True)
            ]
            rows.append((CATEGORY_LABELS.get(name, {}).get(category, category), cells))
        tables.append(BreakdownTable(name, BREAKDOWN_LABELS.get(name, name), rows))
    return tables


def build_rows(kpi_return: KpiReturn, url: RecordsUrl) -> list[Row]:
    """One row per indicator: the framework's columns, the year to date and its status."""
    periods = [name for name, _heading in kpi_return.framework.columns]
    rows = []
    for row in kpi_return.rows:
        indicator = row.indicator
        cells = [figure_cell(indicator, row.figures[p], url, p) for p in periods]
        year_to_date = None
        if YEAR_TO_DATE in row.figures:
            year_to_date = figure_cell(indicator, row.figures[YEAR_TO_DATE], url, YEAR_TO_DATE)
        rows.append(
            Row(
                indicator=indicator,
                target=target_text(indicator, row.target.value, row.target.label),
                cells=cells,
                year_to_date=year_to_date,
                status=row.status,
                status_basis=status_basis(row, kpi_return.quarters_elapsed),
                breakdowns=breakdown_tables(row, periods, url),
            )
        )
    return rows


def status_basis(row: IndicatorRow, quarters_elapsed: int) -> str:
    """What the status compares, in words."""
    target = row.target.value
    if target is None or quarters_elapsed == 0:
        return ""
    if row.indicator.unit == Unit.PERCENT:
        return f"against {target.normalize():f}%"
    share = pro_rata(target, quarters_elapsed).normalize()
    return f"against {share:f}, the target for {quarters_elapsed} quarter(s)"
