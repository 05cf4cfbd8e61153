"""A return as one document, every figure and word an export needs, fetched once.

`document_for(ret)` does all the database work (a constant number of queries); the Excel and
PDF builders (reports.excel, reports.pdf) take the `ReturnDocument` and never query. Its
figures are the return's own (kpis.returns.figures.figures_of, the one way a return's figures
are read: frozen once the return is submitted or approved, live while it is a draft), so an
export carries the same figures as the screen, to the digit.

A return covers its own period(s) and the year to date. The specification's tables have a
column for every quarter (and half year): those of earlier periods come from the year's
earlier returns once submitted, and are left empty otherwise; the PDF's trend charts show
earlier quarters too. A submitted return has both frozen in it, so its exports depend on that
return alone. Each framework's words and table come from its definition (kpis.frameworks).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from contracts.models import Contract
from kpis.engine.figures import ReturnFigures, TrendQuarter
from kpis.engine.indicators import Framework, SpecificationTable
from kpis.engine.periods import YEAR_TO_DATE, FinancialYear, PeriodState, period_state
from kpis.engine.rules import Figure
from kpis.frameworks import framework_for
from kpis.models import Return, ReturnEvent, ReturnStatus
from kpis.returns.figures import figures_of, financial_return
from kpis.returns.workflow import NARRATIVE_FIELDS

from .lines import IndicatorLine, indicator_line


@dataclass(frozen=True)
class Column:
    """A column of the framework's table. `source` says where its figures come from ("" when
    there are none: the period has not been reported on yet); `state`, when the column's
    period is not over, how its heading is marked (kpis.engine.periods.PeriodState.mark)."""

    code: str  # Q1..Q4, H1, H2, FY
    name: str  # the specification's heading ("Annual Total" for Cornwall's FY)
    source: str
    state: PeriodState | None = None

    @property
    def label(self) -> str:
        """The heading with its mark: "Annual Total (so far, to 30 September 2025)"."""
        mark = self.state.mark if self.state is not None else ""
        return f"{self.name} ({mark})" if mark else self.name


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
class ReturnDocument:
    contract_ref: str
    contract_title: str
    commissioner: str
    provider: str
    framework: str  # its code (kpis.frameworks)
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
    # The trend charts' quarters other than the return's own (frozen with a submitted return);
    # None when the document was made without them (document_for(ret, trend=True) has them).
    trend: tuple[TrendQuarter, ...] | None = None
    target_heading: str = "Target"  # "Target 2025/26" (Cornwall), "Target(s)" (Appendix 2)

    @property
    def table(self) -> SpecificationTable:
        """The specification's table of the return's framework."""
        return framework_for(self.framework).table

    @property
    def title(self) -> str:
        return f"{self.contract_ref} {self.financial_year_label} {self.period}"

    @property
    def made_on(self) -> date:
        """The day the document was made, on which its periods' states are judged."""
        return local_day(self.generated_at)


class NoReturn(LookupError):
    """No return exists for the contract and period asked for."""


# The narrative report's sections; its case studies have a place of their own.
NARRATIVE_SECTIONS = tuple(name for name in NARRATIVE_FIELDS if name != "case_studies")


def _label(name: str) -> str:
    label = str(Return._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


def _person(user: Any) -> str:
    return user.get_full_name() or user.username


def local_day(moment: datetime) -> date:
    return (timezone.localtime(moment) if timezone.is_aware(moment) else moment).date()


def _column_name(framework: Framework, code: str) -> str:
    return framework.table.column_headings.get(code) or dict(framework.columns)[code]


def _column_state(
    figures: ReturnFigures, code: str, has_figures: bool, on: date
) -> PeriodState | None:
    """How a column is marked. The FY column holds the year to date until the year is over:
    its figures are the year's so far, to the end of the last quarter over. Another column
    with figures is judged on the day the document is made (a draft's own quarter may not be
    over); one without figures (not reported yet) is marked only if it has not started."""
    if code == "FY" and figures.year_to_date is not None and figures.quarters_elapsed < 4:
        return period_state(figures.year.period("FY"), figures.year_to_date.end)
    state = period_state(figures.year.period(code), on)
    if state.ended or (not has_figures and not state.not_started):
        return None
    return state


def _table_columns(
    figures: ReturnFigures, live: bool
) -> tuple[dict[str, dict[str, Figure]], dict[str, str]]:
    """Each column of the framework's table with its figures (column -> code -> figure) and
    where they come from: the earlier returns' columns, then the return's own (its year to
    date in the FY column)."""
    columns = figures.framework.column_names
    by_column: dict[str, dict[str, Figure]] = {}
    sources: dict[str, str] = {}
    for column in figures.earlier or ():
        by_column[column.column] = dict(column.figures)
        sources[column.column] = column.source
    own_label = "This return" + (" (live figures)" if live else "")
    for column in figures.columns:
        target = "FY" if column == YEAR_TO_DATE else column
        if target not in columns:
            continue
        by_column[target] = {
            row.code: row.figures[column] for row in figures.rows if column in row.figures
        }
        sources[target] = own_label
    return by_column, sources


def document_for(
    ret: Return, *, now: datetime | None = None, trend: bool = False
) -> ReturnDocument:
    """Everything the exports show of a return; with `trend`, the PDF's charts' quarters too.

    Queries: the contract with its organisations (unless loaded), the history with who made
    each move; then a submitted return needs nothing more; a draft, the year's submitted
    returns (1), its figure queries and, with `trend`, those of each charted quarter no
    submitted return covers: whatever the number of records."""
    contract = (
        Contract.objects.select_related("commissioner", "provider").get(pk=ret.contract_id)
        if not _organisations_loaded(ret)
        else ret.contract
    )
    ret.contract = contract
    framework = framework_for(contract.framework)
    figures = figures_of(ret, earlier=True, trend=trend)
    live = ret.is_editable
    events = list(ReturnEvent.objects.filter(ret=ret).select_related("by").order_by("at", "id"))
    columns = list(framework.column_names)
    by_column, sources = _table_columns(figures, live)
    quarters_elapsed = figures.quarters_elapsed
    period = FinancialYear(ret.financial_year).period(ret.period)
    generated_at = now or timezone.now()
    on = local_day(generated_at)
    notes = ret.indicator_notes or {}
    return ReturnDocument(
        contract_ref=contract.ref,
        contract_title=contract.title,
        commissioner=contract.commissioner.name,
        provider=contract.provider.name,
        framework=framework.code,
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
        generated_at=generated_at,
        due_date=ret.due_date,
        year_to_date_label=(
            "Full year"
            if quarters_elapsed >= 4
            else f"Year to date ({quarters_elapsed} quarter(s))"
        ),
        quarters_elapsed=quarters_elapsed,
        columns=tuple(
            Column(
                code,
                _column_name(framework, code),
                sources.get(code, ""),
                _column_state(figures, code, code in by_column, on),
            )
            for code in columns
        ),
        indicators=tuple(
            indicator_line(framework, row, columns, by_column, notes)
            for indicator in framework.indicators
            if (row := figures.row(indicator.code)) is not None
        ),
        narrative=tuple(
            TextSection(_label(name), getattr(ret, name)) for name in NARRATIVE_SECTIONS
        ),
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
        trend=figures.trend,
        target_heading=framework.table.target_heading.format(year=ret.financial_year_label),
    )


def sources_text(doc: ReturnDocument) -> str:
    """ "Q1, Q2, H1: The H1 return (approved, figures frozen 10/10/2025); Q3, Q4, H2, FY: This
    return.": the columns grouped by the return their figures come from."""
    grouped: dict[str, list[str]] = {}
    for column in doc.columns:
        grouped.setdefault(column.source or "not reported yet", []).append(column.name)
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
    a return comes into being through kpis.returns.due.open_returns)."""
    ret = (
        Return.objects.select_related("contract__commissioner", "contract__provider")
        .filter(contract=contract, financial_year=year, period=period)
        .first()
    )
    if ret is None:
        raise NoReturn(f"{contract.ref} has no return for {year} {period}.")
    return ret


def document_for_period(
    contract: Contract, year: int, period: str, *, trend: bool = False
) -> ReturnDocument:
    """The document of the contract's return for the period; `NoReturn` if there is none."""
    return document_for(return_for_period(contract, year, period), trend=trend)
