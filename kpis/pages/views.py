"""A contract's KPI pages: the return table, the records behind each figure, the targets."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from contracts.access import contract_for, may_change_contract, may_see_records
from contracts.models import Contract

from ..engine.compute import compute_return, one_snapshot
from ..engine.indicators import Indicator, Unit
from ..engine.periods import (
    YEAR_TO_DATE,
    FinancialYear,
    financial_years_between,
    period_state,
    span_so_far,
    today,
)
from ..engine.rules import Part, UnknownCategory
from ..engine.targets import set_targets, targets_for
from ..engine.text import number_text, target_text
from ..frameworks import framework_for
from ..models import Target
from . import records as record_columns
from .forms import PERIOD_NAMES, RecordsForm, TargetsForm, YearForm
from .table import build_rows, table_columns

RECORDS_PER_PAGE = 100


def contract_years(contract: Contract) -> list[FinancialYear]:
    return financial_years_between(contract.start_date, contract.end_date)


def default_year(years: list[FinancialYear]) -> FinancialYear:
    """The year running now, or the contract's nearest one if it is not running."""
    now = FinancialYear.containing(today())
    if now in years:
        return now
    return years[-1] if now.year > years[-1].year else years[0]


def year_of(contract: Contract, year: int) -> FinancialYear:
    chosen = FinancialYear(year)
    if chosen not in contract_years(contract):
        raise Http404("The contract does not run in that financial year.")
    return chosen


def may_set_targets(request: HttpRequest, contract: Contract) -> bool:
    return may_change_contract(request.user, contract)


@require_GET
def kpi_table(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for(request, pk)
    years = contract_years(contract)
    form = YearForm(request.GET or None, years=years)
    year = FinancialYear(form.cleaned_data["year"]) if form.is_valid() else default_year(years)
    if not form.is_bound or not form.is_valid():
        form = YearForm(initial={"year": year.year}, years=years)
    framework = framework_for(contract.framework)
    periods = tuple(name for name, _heading in framework.columns)
    kpi_return = compute_return(contract, year, periods=periods, with_status=True)
    columns = table_columns(kpi_return)

    def records_url(period: str, code: str, **query) -> str:
        url = reverse(
            "kpis:records",
            kwargs={"pk": contract.pk, "year": year.year, "period": period, "code": code},
        )
        return f"{url}?{urlencode(query)}" if query else url

    return render(
        request,
        "kpis/kpi_table.html",
        {
            "contract": contract,
            "section": "KPIs",
            "framework": framework,
            "year": year,
            "form": form,
            "kpi_return": kpi_return,
            "columns": columns,
            "not_started": [column.heading for column in columns if column.state.not_started],
            "year_state": kpi_return.state_of("FY"),
            # Beside the annual total while the year is in progress: once it is over the two
            # are the same days and the same figures, and the annual total is what is judged.
            "shows_year_to_date": 0 < kpi_return.quarters_elapsed < 4,
            "rows": build_rows(kpi_return, records_url),
            "may_set_targets": may_set_targets(request, contract),
        },
    )


@require_GET
def figure_records(
    request: HttpRequest, pk: int, year: int, period: str, code: str
) -> HttpResponse:
    """The records counted in one figure: a provider's staff see names, a commissioner the
    same rows pseudonymised."""
    contract = contract_for(request, pk)
    financial_year = year_of(contract, year)
    framework = framework_for(contract.framework)
    try:
        indicator = framework.indicator(code)
    except KeyError as error:
        raise Http404("No such indicator in this contract's framework.") from error
    if period not in PERIOD_NAMES:
        raise Http404("No such period.")
    span = (
        financial_year.year_to_date() if period == YEAR_TO_DATE else financial_year.period(period)
    )
    if span is None:
        raise Http404("No quarter of this year is over yet.")
    form = RecordsForm(request.GET)
    if not form.is_valid():
        raise Http404("Not a list of records this page knows.")
    part = Part(form.cleaned_data["part"] or Part.COUNTED)
    if indicator.unit == Unit.PERCENT and part == Part.COUNTED:
        part = Part.DENOMINATOR
    if indicator.unit != Unit.PERCENT:
        part = Part.COUNTED
    breakdown = form.cleaned_data["breakdown"] or None
    category = form.cleaned_data["category"] or None
    may_see_names = may_see_records(request.user)
    state = period_state(span)
    if state.not_started:
        # Nothing to count yet: no figure, nobody listed (records dated ahead are not in it).
        columns, rows, figure, kind, marks_numerator = (), [], None, "", False
        page = Paginator([], RECORDS_PER_PAGE).get_page(1)
    else:
        # A period in progress is counted to today, as the KPI page counts it.
        counted = span_so_far(span, state.on)
        # The figure and its list from one snapshot, so the count shown is the rows listed.
        with one_snapshot():
            try:
                listed = indicator.records(contract, counted, part, breakdown, category)
            except UnknownCategory as error:
                raise Http404("No such breakdown or category.") from error
            columns = record_columns.columns_for(listed.kind, may_see_names=may_see_names)
            ordered = record_columns.prepare(listed.queryset, listed.kind, counted.end)
            page = Paginator(ordered, RECORDS_PER_PAGE).get_page(form.cleaned_data["page"])
            rows = [
                (record_columns.cells(row, columns), getattr(row, "in_numerator", None))
                for row in page
            ]
            figure = indicator.compute(contract, counted)
        kind, marks_numerator = listed.kind, listed.marks_numerator
    query = {k: v for k, v in request.GET.items() if k != "page"}
    return render(
        request,
        "kpis/figure_records.html",
        {
            "contract": contract,
            "section": "KPIs",
            "year": financial_year,
            "indicator": indicator,
            "period": span,
            "state": state,
            "period_name": "Year to date" if period == YEAR_TO_DATE else period,
            "part": part,
            "breakdown_label": framework.breakdown_label(breakdown) if breakdown else None,
            "category_label": framework.category_label(breakdown, category)
            if breakdown
            else category,
            "category_text": category_text(indicator, figure, breakdown, category),
            "figure": figure,
            "value_text": "" if figure is None else number_text(indicator.unit, figure.value),
            "money": indicator.parts_unit == Unit.MONEY,
            "columns": columns,
            "page": page,
            "rows": rows,
            "kind": kind,
            "marks_numerator": marks_numerator,
            "pseudonymised": not may_see_names,
            "query": urlencode(query),
            "table_url": f"{reverse('kpis:table', kwargs={'pk': contract.pk})}?year={year}",
        },
    )


@require_http_methods(["GET", "POST"])
def targets_edit(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    contract = contract_for(request, pk)
    if not may_set_targets(request, contract):
        # They may see the contract, so it is no secret: say plainly they may not set targets.
        raise PermissionDenied("Only the commissioner sets a contract's targets.")
    financial_year = year_of(contract, year)
    framework = framework_for(contract.framework)
    targets = targets_for(contract, financial_year)
    data = request.POST if request.method == "POST" else None
    form = TargetsForm(data, framework=framework, targets=targets)
    if request.method == "POST" and form.arrived_empty:
        messages.warning(request, "The form arrived without its targets: nothing was changed.")
        return redirect(request.path)
    if request.method == "POST" and form.is_valid():
        changed = set_targets(
            contract=contract, year=financial_year, values=form.targets(), by=request.user
        )
        if changed:
            messages.success(
                request, f"Targets for {financial_year.label} saved: {', '.join(changed)}."
            )
        else:
            messages.info(request, "No target was changed.")
        return redirect(f"{reverse('kpis:table', kwargs={'pk': contract.pk})}?year={year}")
    return render(
        request,
        "kpis/target_form.html",
        {
            "contract": contract,
            "section": "KPI targets",
            "year": financial_year,
            "form": form,
            "changes": target_changes(contract, financial_year),
        },
    )


def category_text(indicator, figure, breakdown: str | None, category: str | None) -> str:
    if breakdown is None or figure is None:
        return ""
    value = figure.breakdown.get(breakdown, {}).get(category, 0)
    return number_text(indicator.parts_unit, value)


def target_changes(contract: Contract, year: FinancialYear) -> list[dict]:
    """Who changed which target and when, newest first, each with the value it replaced.

    One query: each history row is compared with the one before it for the same row. A deleted
    row puts the specification's target back in force. A code the framework does not have (a
    row written before targets were checked) is listed as it was typed rather than breaking
    the page.
    """
    framework = framework_for(contract.framework)
    history = (
        Target.history.filter(contract=contract, financial_year=year.year)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    changes = []
    previous_of: dict[tuple[int, str], str] = {}
    for record in history:
        try:
            indicator = framework.indicator(record.indicator)
        except KeyError:
            indicator = None
        default = specifications_target(indicator)
        key = (record.id, record.indicator)
        before = previous_of.get(key, default)
        after = default if record.history_type == "-" else stated_target(indicator, record.value)
        previous_of[key] = after
        changes.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "code": record.indicator,
                "title": indicator.title if indicator else "(not an indicator of this framework)",
                "before": before,
                "after": after,
            }
        )
    return sorted(changes, key=lambda change: change["when"], reverse=True)


def stated_target(indicator: Indicator | None, value: Decimal | None) -> str:
    if indicator is None:
        return "No target" if value is None else f"{value.normalize():f}"
    return target_text(indicator, value, "No target")


def specifications_target(indicator: Indicator | None) -> str:
    if indicator is None:
        return "No target"
    text = target_text(indicator, indicator.default_target, indicator.target_note or "No target")
    return f"{text} (the specification's)"
