"""A return as one document, every figure and word an export needs, fetched once.

`document_for(ret)` does all the database work (a constant number of queries); the Excel and
PDF builders (reports.excel, reports.pdf) take the `ReturnDocument` and never query. The
figures are those of the return's page (kpis.return_queries.figures_of): frozen once the
return is submitted or approved, live while it is a draft, so an export carries the same
figures as the screen, to the digit.

A return covers its own period(s) and the year to date. The specification's tables have a
column for every quarter (and half year): those of earlier periods come from the year's earlier
returns once submitted (their frozen figures), and are left empty otherwise. The PDF's trend
charts also show earlier quarters. Both would change whenever another return moved or a record
changed, so on submission `snapshot_for_submission(ret)` freezes them into the return beside its
own figures (`frozen_figures["export"]`): a submitted or approved return's exports then depend
on that return alone. A return submitted before the snapshot existed falls back to reading the
other returns (and, for the charts, the records) as they are now.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from contracts.models import Contract
from kpis.frameworks import framework_for
from kpis.indicators import Framework, Scope
from kpis.models import Return, ReturnEvent, ReturnStatus
from kpis.periods import QUARTERS, YEAR_TO_DATE, FinancialYear, Period, financial_years_between
from kpis.return_queries import AWAITED, columns_of, figures_of, financial_return
from kpis.returns import figure_json, one_snapshot
from kpis.table import BREAKDOWN_LABELS, CATEGORY_LABELS

from .filenames import download_filename
from .specification import (
    APPENDIX_2_HEADINGS,
    BREAKDOWN_NAMES,
    CATEGORY_NAMES,
    CORNWALL_HEADINGS,
    INDICATOR_TEXTS,
    SECTION_6_1_ROWS,
)

Number = int | float

# The specification lists every category of these breakdowns beneath its indicator (6.1, 1.2
# and 1.3), so they are shown even when nobody is in them; other breakdowns (age, ethnicity,
# locality...) show the categories someone is in.
LISTED_IN_FULL = frozenset({"care_status", "service_type", "category"})
# Indicator 1.16's numerator and denominator are pounds, not people.
MONEY_INDICATORS = frozenset({"1.16"})
# The trend charts show at most the last eight quarters up to the return's: this year and the
# one before, readable as small multiples, and a draft's chart costs a bounded number of
# queries (see trend_quarters).
TREND_QUARTERS = 8
# Where a submitted return keeps what its exports show beyond its own figures.
SNAPSHOT_KEY = "export"
SNAPSHOT_VERSION = 1


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
    label: str  # the specification's heading ("Annual Total" for Cornwall's FY)
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
class ListedLine:
    """A row the specification lists beneath an indicator on its own table (Cornwall 6.1, 1.2
    and 1.3), in its order and words: a group heading (no values), or figures per column."""

    label: str
    level: int  # 0: a group's heading; 1: a row of the group; 2: a category under a name
    is_heading: bool
    values: Mapping[str, Number | None]


@dataclass(frozen=True)
class IndicatorLine:
    code: str
    title: str  # the specification's name (Cornwall) or measure (Wolverhampton)
    description: str  # the specification's words after the name (Cornwall; else "")
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
    # The rows the specification lists beneath the indicator (Cornwall's 1.2 and 1.3).
    listed: tuple[ListedLine, ...] = ()

    @property
    def heading(self) -> str:
        """ "1.2 Service participation: Number of ...", as the specification's table has it."""
        if self.description:
            return f"{self.code} {self.title}: {self.description}"
        return f"{self.code} {self.title}"


@dataclass(frozen=True)
class TextSection:
    label: str
    text: str


@dataclass(frozen=True)
class FinancialField:
    label: str
    value: Decimal | int | str | None
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
class TrendQuarter:
    """One quarter of the trend charts: each indicator's figure (None: nothing to show)."""

    year: int
    quarter: str
    values: Mapping[str, Number | None]


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
    # The trend charts' quarters other than the return's own, frozen on submission; None when
    # nothing was frozen (a draft, or a return submitted before snapshots): then they are
    # computed when the PDF is made (reports.pdf_data).
    trend: tuple[TrendQuarter, ...] | None = None
    target_heading: str = "Target"  # "Target 2025/26" (Cornwall), "Target(s)" (Appendix 2)

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


def _label(name: str) -> str:
    label = str(Return._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


def _person(user: Any) -> str:
    return user.get_full_name() or user.username


def _column_label(framework: Framework, code: str, quarters_elapsed: int) -> str:
    heading = dict(framework.columns)[code]
    if framework.code == Contract.Framework.CORNWALL_EP and code == "FY":
        heading = CORNWALL_HEADINGS["FY"]
    if code == "FY" and quarters_elapsed < 4:
        heading += " (year to date)"
    return heading


def breakdown_label(name: str) -> str:
    return BREAKDOWN_NAMES.get(name) or BREAKDOWN_LABELS.get(name, name)


def category_label(name: str, category: str) -> str:
    return CATEGORY_NAMES.get(name, {}).get(category) or CATEGORY_LABELS.get(name, {}).get(
        category, category
    )


def _categories(name: str, breakdowns: list[dict[str, Any]]) -> list[str]:
    known = list(CATEGORY_LABELS.get(name, {}))
    present: list[str] = list(known) if name in LISTED_IN_FULL else []
    for breakdown in breakdowns:
        for category in breakdown.get(name, {}):
            if category not in present:
                present.append(category)
    # The specification's order first, where it lists the categories (6.1, 1.2 and 1.3).
    order = [*CATEGORY_NAMES.get(name, {}), *known]
    return sorted(present, key=lambda c: (order.index(c) if c in order else len(order), c))


def _listed_lines(
    code: str,
    columns: list[str],
    figures: Mapping[str, PeriodFigure | None],
    breakdown_of: Mapping[str, Mapping[str, Any]],
) -> tuple[ListedLine, ...]:
    """The specification's rows beneath the indicator, each with the engine's figures."""

    def count(column: str, name: str, category: str) -> Number | None:
        if column not in breakdown_of:
            return None
        return breakdown_of[column].get(name, {}).get(category, 0)

    lines: list[ListedLine] = []
    for row in SECTION_6_1_ROWS.get(code, ()):
        if row.kind == "heading":
            lines.append(ListedLine(row.label, 0, True, {}))
        elif row.kind == "headline":
            values = {c: (f.value if (f := figures.get(c)) else None) for c in columns}
            lines.append(ListedLine(row.label, 1, False, values))
        elif row.kind == "category":
            values = {c: count(c, row.breakdown, row.category) for c in columns}
            lines.append(ListedLine(row.label, 1, False, values))
        else:  # "categories": the breakdown's name, then each of its categories
            lines.append(ListedLine(row.label, 1, True, {}))
            for category in _categories(row.breakdown, list(breakdown_of.values())):
                values = {c: count(c, row.breakdown, category) for c in columns}
                lines.append(ListedLine(category_label(row.breakdown, category), 2, False, values))
    return tuple(lines)


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
                breakdown_label(name),
                category,
                category_label(name, category),
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
        words = INDICATOR_TEXTS.get(indicator.code)
        lines.append(
            IndicatorLine(
                code=indicator.code,
                title=words.name if words else row["title"],
                description=words.description if words else indicator.description,
                unit=row["unit"],
                is_money=indicator.code in MONEY_INDICATORS,
                target_value=target,
                target_label=target_label,
                status=row["status"],
                figures=figures,
                breakdowns=tuple(breakdowns),
                comment=note.get("comment", ""),
                explanation=note.get("explanation", ""),
                indicator_type=words.indicator_type if words else indicator.indicator_type,
                data_source=words.data_source if words else indicator.data_source,
                monitoring=words.monitoring if words else indicator.monitoring,
                reporting=words.reporting if words else indicator.reporting,
                listed=_listed_lines(indicator.code, columns, figures, breakdown_of),
            )
        )
    return tuple(lines)


# --- What is frozen on submission ----------------------------------------------------------


def _reported_returns(ret: Return, first_year: int) -> list[Return]:
    """The contract's other returns from `first_year` to the return's year that have been
    submitted (or approved), with their frozen figures: one query."""
    return list(
        Return.objects.filter(
            contract_id=ret.contract_id,
            financial_year__gte=first_year,
            financial_year__lte=ret.financial_year,
        )
        .exclude(pk=ret.pk)
        .exclude(status__in=AWAITED)
        .exclude(frozen_figures__isnull=True)
        .only("financial_year", "period", "status", "frozen_figures", "frozen_at")
        .order_by("financial_year", "period")
    )


def _source_of(other: Return) -> str:
    status = ReturnStatus(other.status).label.lower()
    frozen = (
        f", figures frozen {timezone.localtime(other.frozen_at):%d/%m/%Y}"
        if other.frozen_at
        else ""
    )
    return f"The {other.period} return ({status}{frozen})"


def earlier_columns(ret: Return, reported: Iterable[Return], columns: Iterable[str]) -> list[dict]:
    """The columns before the return's own, from the year's earlier returns as they stand:
    [{"column", "source", "indicators": {code: figure JSON}}], in the table's order."""
    wanted = [column for column in columns if column not in ("FY", YEAR_TO_DATE)]
    found: dict[str, dict] = {}
    year = FinancialYear(ret.financial_year)
    starts = year.period(ret.period).start
    for other in reported:
        # Earlier: its period ended before this one began (Q1 and Q2 for Q3, H1 for H2).
        if other.financial_year != ret.financial_year or year.period(other.period).end >= starts:
            continue
        for column in other.frozen_figures.get("columns", []):
            if column in wanted:
                found[column] = {
                    "column": column,
                    "source": _source_of(other),
                    "indicators": {
                        row["code"]: row["figures"][column]
                        for row in other.frozen_figures["indicators"]
                        if column in row["figures"]
                    },
                }
    return [found[column] for column in wanted if column in found]


def trend_window(ret: Return) -> list[Period]:
    """The quarters the trend charts show: the last TREND_QUARTERS up to the return's period,
    none before the contract started. The chart stops where the return does, so a PDF made
    next year still shows what the return was about."""
    contract = ret.contract
    last_day = FinancialYear(ret.financial_year).period(ret.period).end
    quarters = [
        quarter
        for year in financial_years_between(contract.start_date, last_day)
        for quarter in year.quarters()
        if contract.start_date <= quarter.end <= last_day
    ]
    return quarters[-TREND_QUARTERS:]


def trend_quarters(ret: Return, reported: Iterable[Return] | None = None) -> list[TrendQuarter]:
    """Each quarter of the trend window but the return's own: as a submitted return reported
    it, else computed from the records now.

    Queries: the reported returns (1, unless given), then, in one read-only transaction (2;
    PostgreSQL 3), for each quarter no submitted return covers, the framework's figure
    queries for one period (Cornwall 16: the recorded localities and 15 aggregates;
    Wolverhampton 10). At most TREND_QUARTERS - 1 such quarters: bounded, and never growing
    with the records."""
    framework = framework_for(ret.contract.framework)
    window = trend_window(ret)
    own = set(columns_of(ret))
    wanted = [
        quarter
        for quarter in window
        if not (
            FinancialYear.containing(quarter.start).year == ret.financial_year
            and quarter.name in own
        )
    ]
    if not wanted:
        return []
    if reported is None:
        reported = _reported_returns(ret, FinancialYear.containing(wanted[0].start).year)
    known: dict[tuple[int, str], dict[str, Number | None]] = {}
    for other in reported:
        for row in other.frozen_figures.get("indicators", []):
            for name, figure in row["figures"].items():
                if name in QUARTERS and figure is not None:
                    known.setdefault((other.financial_year, name), {})[row["code"]] = figure[
                        "value"
                    ]
    result = []
    missing = [
        quarter
        for quarter in wanted
        if any(
            indicator.code not in known.get(_key(quarter), {}) for indicator in framework.indicators
        )
    ]
    if missing:
        contract = ret.contract
        with one_snapshot():
            for quarter in missing:
                values = known.setdefault(_key(quarter), {})
                scope = Scope(contract, quarter)  # indicators sharing a rule share its query
                for indicator in framework.indicators:
                    if indicator.code not in values:
                        figure = indicator.compute(contract, quarter, scope)
                        values[indicator.code] = figure_json(indicator, figure)["value"]
    for quarter in wanted:
        year, name = _key(quarter)
        result.append(TrendQuarter(year, name, dict(known.get((year, name), {}))))
    return result


def _key(quarter: Period) -> tuple[int, str]:
    return FinancialYear.containing(quarter.start).year, quarter.name


def snapshot_for_submission(ret: Return) -> dict[str, Any]:
    """What a return's exports show beyond its own figures, as JSON to freeze into it when it
    is submitted (kpis.workflow stores it under `frozen_figures["export"]`): the earlier
    columns of its table, from the year's earlier returns as they stand, and the trend
    charts' other quarters.

    Queries: the contract's reported returns (1), and for each trend quarter no submitted
    return covers, one period's figure queries (see trend_quarters): whatever the records."""
    framework = framework_for(ret.contract.framework)
    window = trend_window(ret)
    first_year = min(
        [ret.financial_year, *(FinancialYear.containing(q.start).year for q in window)]
    )
    reported = _reported_returns(ret, first_year)
    columns = [code for code, _heading in framework.columns]
    return {
        "version": SNAPSHOT_VERSION,
        "columns": earlier_columns(ret, reported, columns),
        "trend": [
            {"year": quarter.year, "quarter": quarter.quarter, "values": dict(quarter.values)}
            for quarter in trend_quarters(ret, reported)
        ],
    }


def _snapshot_of(figures: Mapping[str, Any]) -> Mapping[str, Any] | None:
    snapshot = figures.get(SNAPSHOT_KEY)
    if isinstance(snapshot, Mapping) and snapshot.get("version") == SNAPSHOT_VERSION:
        return snapshot
    return None


# --- The document ----------------------------------------------------------------------------


def document_for(ret: Return, *, now: datetime | None = None) -> ReturnDocument:
    """Everything the exports show of a return. Queries: the contract with its organisations
    (unless loaded), the history with who made each move; then a submitted return with its
    snapshot needs nothing more; otherwise the year's earlier returns (1) and, for a draft,
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

    # The earlier columns: frozen with the return once submitted; else from the year's earlier
    # returns as they stand (their frozen figures: a draft's would be live and could differ
    # from what it will say).
    snapshot = None if live else _snapshot_of(figures)
    if snapshot is not None:
        earlier = snapshot["columns"]
    else:
        earlier = earlier_columns(ret, _reported_returns(ret, ret.financial_year), columns)
    for column in earlier:
        rows_by_column[column["column"]] = column["indicators"]
        sources[column["column"]] = column["source"]
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
    trend = None
    if snapshot is not None:
        trend = tuple(
            TrendQuarter(item["year"], item["quarter"], item["values"])
            for item in snapshot["trend"]
        )
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
        # What the provider wrote, and the Funds4 Care awards from the (frozen) figures.
        financial=tuple(
            FinancialField(line.label, line.value, line.kind)
            for line in financial_return(ret, figures)
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
        trend=trend,
        target_heading=(
            CORNWALL_HEADINGS["target"].format(year=ret.financial_year_label)
            if contract.framework == Contract.Framework.CORNWALL_EP
            else APPENDIX_2_HEADINGS[5]
        ),
    )


def sources_text(doc: ReturnDocument) -> str:
    """ "Q1, Q2, H1: The H1 return (approved, figures frozen 10/10/2025); Q3, Q4, H2, FY: This
    return.": the columns grouped by the return their figures come from."""
    grouped: dict[str, list[str]] = {}
    for column in doc.columns:
        grouped.setdefault(column.source or "not reported yet", []).append(column.label)
    return "; ".join(f"{', '.join(labels)}: {source}" for source, labels in grouped.items()) + "."


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


def filename_for(doc: ReturnDocument, extension: str) -> str:
    """A download's file name: "a-ep-2025-26-q1-kpi-return.xlsx" (reports.filenames)."""
    return download_filename(
        doc.contract_ref, doc.financial_year_label, doc.period, "kpi return", extension=extension
    )


__all__ = [
    "BreakdownRow",
    "Column",
    "FinancialField",
    "HistoryEvent",
    "IndicatorLine",
    "ListedLine",
    "NoReturn",
    "PeriodFigure",
    "ReturnDocument",
    "TextSection",
    "TrendQuarter",
    "document_for",
    "document_for_period",
    "filename_for",
    "return_for_period",
    "snapshot_for_submission",
    "sources_text",
    "trend_quarters",
]
