"""A return as one document, every figure and word an export needs, fetched once.

`document_for(ret)` does all the database work (a constant number of queries); the Excel and
PDF builders (reports.excel, reports.pdf) take the `ReturnDocument` and never query. The
figures are those of the return's page (kpis.return_queries.figures_of): frozen once the
return is submitted or approved, live while it is a draft, so an export carries the same
figures as the screen, to the digit.

A return covers its own period(s) and the year to date. The specification's tables have a
column for every quarter (and half year): those of earlier periods are filled from the
earlier returns of the year once submitted (their frozen figures), and left empty otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.text import slugify

from contracts.models import Contract
from kpis.frameworks import framework_for
from kpis.indicators import Framework
from kpis.models import Return, ReturnEvent, ReturnStatus
from kpis.periods import YEAR_TO_DATE, FinancialYear
from kpis.return_queries import AWAITED, figures_of
from kpis.table import BREAKDOWN_LABELS, CATEGORY_LABELS

Number = int | float

# The specification lists every category of these breakdowns beneath its indicator (6.1, 1.2
# and 1.3), so they are shown even when nobody is in them; other breakdowns (age, ethnicity,
# locality...) show the categories someone is in.
LISTED_IN_FULL = frozenset({"care_status", "service_type", "category"})
# Indicator 1.16's numerator and denominator are pounds, not people.
MONEY_INDICATORS = frozenset({"1.16"})


@dataclass(frozen=True)
class PeriodFigure:
    """One indicator's figure for one column; numerator and denominator for a percentage."""

    value: Number | None
    numerator: Number | None = None
    denominator: Number | None = None


@dataclass(frozen=True)
class Column:
    """A column of the framework's table. `source` says where its figures come from ("" when
    there are none: the period has not been reported on yet)."""

    code: str  # Q1..Q4, H1, H2, FY
    label: str  # the specification's heading ("Annual total" for Cornwall's FY)
    source: str


@dataclass(frozen=True)
class BreakdownRow:
    """One category of one breakdown of an indicator, with its count per column."""

    breakdown: str
    breakdown_label: str
    category: str
    label: str
    values: Mapping[str, Number | None]  # column code -> count (None: no figures)


@dataclass(frozen=True)
class IndicatorLine:
    code: str
    title: str
    description: str
    unit: str  # "count", "hours" or "percent"
    is_money: bool  # numerator and denominator in pounds
    target_value: Number | None
    target_label: str  # as the page shows it: "85%", "160", "Monitor only"
    status: str | None  # "green", "amber", "red" or None (no target, nothing to judge)
    figures: Mapping[str, PeriodFigure | None]  # column code -> figure (None: not reported)
    breakdowns: tuple[BreakdownRow, ...]
    comment: str
    explanation: str
    # Appendix 2's columns (empty for Cornwall).
    indicator_type: str = ""
    data_source: str = ""
    monitoring: str = ""
    reporting: str = ""


@dataclass(frozen=True)
class TextSection:
    label: str
    text: str


@dataclass(frozen=True)
class FinancialField:
    label: str
    value: Decimal | int | None
    kind: str  # "money", "number" or "text"


@dataclass(frozen=True)
class HistoryEvent:
    at: datetime
    action: str  # its label: "Submitted", "Approved"...
    from_status: str
    to_status: str
    by: str
    comment: str


@dataclass(frozen=True)
class ReturnDocument:
    contract_ref: str
    contract_title: str
    commissioner: str
    provider: str
    framework: str  # code: "cornwall_ep" or "wolverhampton_ypt"
    framework_title: str
    financial_year: int
    financial_year_label: str  # "2025/26"
    period: str  # Q1..Q4, H1, H2
    period_label: str  # "Q2 (1 July 2025 to 30 September 2025)"
    status: str
    status_label: str
    approved: bool
    live: bool  # figures computed now from the records (a draft) rather than frozen
    frozen_at: datetime | None
    generated_at: datetime
    due_date: date
    # The year to date the status is judged on: the FY column holds it until the year ends.
    year_to_date_label: str
    quarters_elapsed: int
    columns: tuple[Column, ...]
    indicators: tuple[IndicatorLine, ...]
    narrative: tuple[TextSection, ...]
    case_studies: str
    financial: tuple[FinancialField, ...]
    history: tuple[HistoryEvent, ...]

    @property
    def is_cornwall(self) -> bool:
        return self.framework == Contract.Framework.CORNWALL_EP

    @property
    def title(self) -> str:
        return f"{self.contract_ref} {self.financial_year_label} {self.period}"


class NoReturn(LookupError):
    """No return exists for the contract and period asked for."""


NARRATIVE_FIELDS = (
    "service_activity",
    "inputs_observations",
    "outputs_observations",
    "outcomes_observations",
    "social_value",
)
FINANCIAL_FIELDS = (
    ("expenditure", "money"),
    ("staffing_cost", "money"),
    ("staff_fte", "number"),
    ("additional_income", "money"),
    ("funds4care_allocated", "money"),
    ("funds4care_awards", "number"),
    ("financial_notes", "text"),
)


def _label(name: str) -> str:
    label = str(Return._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


def _person(user: Any) -> str:
    return user.get_full_name() or user.username


def _column_label(framework: Framework, code: str, quarters_elapsed: int) -> str:
    heading = dict(framework.columns)[code]
    if framework.code == Contract.Framework.CORNWALL_EP and code == "FY":
        heading = "Annual Total"
    if code == "FY" and quarters_elapsed < 4:
        heading += " (year to date)"
    return heading


def _categories(name: str, breakdowns: list[dict[str, Any]]) -> list[str]:
    known = list(CATEGORY_LABELS.get(name, {}))
    present: list[str] = list(known) if name in LISTED_IN_FULL else []
    for breakdown in breakdowns:
        for category in breakdown.get(name, {}):
            if category not in present:
                present.append(category)
    if name == "category" and "direct_total" in known:
        # 6.1 lists the total direct delivery first, then its parts.
        known.insert(0, known.pop(known.index("direct_total")))
    return sorted(present, key=lambda c: (known.index(c) if c in known else len(known), c))


def _indicator_lines(
    framework: Framework,
    columns: list[str],
    rows_by_column: dict[str, dict[str, dict[str, Any]]],
    own: dict[str, Any],
    notes: dict[str, Any],
) -> tuple[IndicatorLine, ...]:
    """`rows_by_column`: column code -> indicator code -> that column's figure JSON."""
    lines = []
    own_rows = {row["code"]: row for row in own["indicators"]}
    for indicator in framework.indicators:
        row = own_rows.get(indicator.code)
        if row is None:  # an indicator added to the framework after the figures were frozen
            continue
        figures: dict[str, PeriodFigure | None] = {}
        breakdown_of: dict[str, dict[str, Any]] = {}
        for column in columns:
            figure = rows_by_column.get(column, {}).get(indicator.code)
            if figure is None:
                figures[column] = None
                continue
            figures[column] = PeriodFigure(
                figure["value"], figure.get("numerator"), figure.get("denominator")
            )
            breakdown_of[column] = figure.get("breakdown") or {}
        names: list[str] = list(indicator.breakdowns)
        for breakdown in breakdown_of.values():
            names.extend(name for name in breakdown if name not in names)
        breakdowns = [
            BreakdownRow(
                name,
                BREAKDOWN_LABELS.get(name, name),
                category,
                CATEGORY_LABELS.get(name, {}).get(category, category),
                {
                    column: (
                        breakdown_of[column].get(name, {}).get(category, 0)
                        if column in breakdown_of
                        else None
                    )
                    for column in columns
                },
            )
            for name in names
            for category in _categories(name, list(breakdown_of.values()))
        ]
        target = row["target"]
        target_label = row["target_note"] if target is None else f"{target}"
        if target is not None and row["unit"] == "percent":
            target_label += "%"
        note = notes.get(indicator.code) or {}
        lines.append(
            IndicatorLine(
                code=indicator.code,
                title=row["title"],
                description=indicator.description,
                unit=row["unit"],
                is_money=indicator.code in MONEY_INDICATORS,
                target_value=target,
                target_label=target_label,
                status=row["status"],
                figures=figures,
                breakdowns=tuple(breakdowns),
                comment=note.get("comment", ""),
                explanation=note.get("explanation", ""),
                indicator_type=indicator.indicator_type,
                data_source=indicator.data_source,
                monitoring=indicator.monitoring,
                reporting=indicator.reporting,
            )
        )
    return tuple(lines)


def document_for(ret: Return, *, now: datetime | None = None) -> ReturnDocument:
    """Everything the exports show of a return. Queries: the contract with its organisations,
    the history with who made each move, the earlier returns of the year, and (a draft only)
    the framework's figure queries, whatever the number of records."""
    contract = (
        Contract.objects.select_related("commissioner", "provider").get(pk=ret.contract_id)
        if not _organisations_loaded(ret)
        else ret.contract
    )
    ret.contract = contract
    framework = framework_for(contract.framework)
    year = FinancialYear(ret.financial_year)
    figures = figures_of(ret)
    live = figures is not ret.frozen_figures
    events = list(ReturnEvent.objects.filter(ret=ret).select_related("by").order_by("at", "id"))

    columns = [code for code, _heading in framework.columns]
    rows_by_column: dict[str, dict[str, dict[str, Any]]] = {}
    sources: dict[str, str] = {}

    # Earlier returns of the year, for the quarters before this return's: their frozen figures
    # once submitted (a draft's would be live and could differ from what it will say).
    earlier = (
        Return.objects.filter(contract=contract, financial_year=ret.financial_year)
        .exclude(pk=ret.pk)
        .exclude(status__in=AWAITED)
        .exclude(frozen_figures__isnull=True)
        .only("period", "status", "frozen_figures", "due_date")
        .order_by("due_date")
    )
    for other in earlier:
        if other.due_date >= ret.due_date:
            continue
        for column in other.frozen_figures["columns"]:
            if column in columns and column != "FY" and column != YEAR_TO_DATE:
                rows_by_column[column] = {
                    row["code"]: row["figures"][column]
                    for row in other.frozen_figures["indicators"]
                    if column in row["figures"]
                }
                sources[column] = (
                    f"The {other.period} return ({ReturnStatus(other.status).label.lower()})"
                )
    own_label = "This return" + (" (live figures)" if live else "")
    for column in figures["columns"]:
        target = "FY" if column == YEAR_TO_DATE else column
        if target not in columns:
            continue
        rows_by_column[target] = {
            row["code"]: row["figures"][column]
            for row in figures["indicators"]
            if column in row["figures"]
        }
        sources[target] = own_label

    quarters_elapsed = int(figures.get("quarters_elapsed") or 0)
    period = year.period(ret.period)
    notes = ret.indicator_notes or {}
    return ReturnDocument(
        contract_ref=contract.ref,
        contract_title=contract.title,
        commissioner=contract.commissioner.name,
        provider=contract.provider.name,
        framework=contract.framework,
        framework_title=framework.title,
        financial_year=ret.financial_year,
        financial_year_label=ret.financial_year_label,
        period=ret.period,
        period_label=f"{ret.period} ({period.start:%-d %B %Y} to {period.end:%-d %B %Y})",
        status=ret.status,
        status_label=ret.get_status_display(),
        approved=ret.status == ReturnStatus.APPROVED,
        live=live,
        frozen_at=ret.frozen_at,
        generated_at=now or timezone.now(),
        due_date=ret.due_date,
        year_to_date_label=(
            "Full year"
            if quarters_elapsed >= 4
            else f"Year to date ({quarters_elapsed} quarter(s))"
        ),
        quarters_elapsed=quarters_elapsed,
        columns=tuple(
            Column(code, _column_label(framework, code, quarters_elapsed), sources.get(code, ""))
            for code in columns
        ),
        indicators=_indicator_lines(framework, columns, rows_by_column, figures, notes),
        narrative=tuple(TextSection(_label(name), getattr(ret, name)) for name in NARRATIVE_FIELDS),
        case_studies=ret.case_studies,
        financial=tuple(
            FinancialField(_label(name), getattr(ret, name), kind)
            for name, kind in FINANCIAL_FIELDS
        ),
        history=tuple(
            HistoryEvent(
                event.at,
                event.get_action_display(),
                ReturnStatus(event.from_status).label,
                ReturnStatus(event.to_status).label,
                _person(event.by),
                event.comment,
            )
            for event in events
        ),
    )


def _organisations_loaded(ret: Return) -> bool:
    """Whether the return's contract came with its commissioner and provider (no query)."""
    cache = ret._state.fields_cache
    if "contract" not in cache:
        return False
    contract_cache = cache["contract"]._state.fields_cache
    return "commissioner" in contract_cache and "provider" in contract_cache


def return_for_period(contract: Contract, year: int, period: str) -> Return:
    """The contract's return for the period; `NoReturn` if there is none (nothing is created:
    a return comes into being through kpis.workflow.open_returns)."""
    ret = (
        Return.objects.select_related("contract__commissioner", "contract__provider")
        .filter(contract=contract, financial_year=year, period=period)
        .first()
    )
    if ret is None:
        raise NoReturn(f"{contract.ref} has no return for {year} {period}.")
    return ret


def document_for_period(contract: Contract, year: int, period: str) -> ReturnDocument:
    """The document of the contract's return for the period; `NoReturn` if there is none."""
    return document_for(return_for_period(contract, year, period))


__all__ = [
    "BreakdownRow",
    "Column",
    "FinancialField",
    "HistoryEvent",
    "IndicatorLine",
    "NoReturn",
    "PeriodFigure",
    "ReturnDocument",
    "TextSection",
    "document_for",
    "document_for_period",
    "filename_for",
    "return_for_period",
]


def filename_for(doc: ReturnDocument, extension: str) -> str:
    """A download's file name: ASCII letters, digits and hyphens only, whatever the contract's
    reference holds (a slash, quotes or accents would break the header or the file system)."""
    # Any run of punctuation is a word break ("A/2" is "a-2", not "a2"), then slugify drops
    # accents and whatever is not ASCII.
    words = re.sub(r"[\W_]+", " ", f"{doc.contract_ref} {doc.financial_year_label}")
    stem = slugify(f"{words} {doc.period} kpi return")
    return f"{stem or 'kpi-return'}.{slugify(extension) or 'bin'}"
