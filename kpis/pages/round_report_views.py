"""A Funds4 Care round's report on screen and as CSV, for the provider's staff (with the young
people's names) and the commissioner (references only: the names are never fetched). The
contract first: another organisation, and a panel member, get 404."""

from __future__ import annotations

import csv
import io

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from contracts.access import contract_for, may_see_records
from contracts.models import Contract, Role
from funds4care.models import Round

from ..charts import Kind, Point, svg_chart
from ..engine.periods import FinancialYear
from .round_report import PotMonth, RoundReport, round_report

# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A cell a spreadsheet shows as text, whatever it starts with."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _round(request: HttpRequest, pk: int, round_pk: int) -> tuple[Contract, Round]:
    contract = contract_for(request, pk)
    round_ = get_object_or_404(
        Round.objects.select_related("fund"), pk=round_pk, fund__contract=contract
    )
    return contract, round_


def pot_chart(report: RoundReport) -> str:
    fund = report.round.fund
    points = [Point(month.label, month.remaining, so_far=month.state.mark) for month in report.pot]
    return svg_chart(
        points,
        title=f"{fund}: the pot remaining at the end of each month, in pounds",
        x_label="Month",
        y_label="Pounds remaining",
        kind=Kind.LINE,
        y_maximum=fund.pot if fund.pot > 0 else None,
    )


@require_GET
def round_report_page(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    contract, round_ = _round(request, pk, round_pk)
    names = may_see_records(request.user)
    report = round_report(round_, names=names)
    latest: PotMonth | None = report.pot[-1] if report.pot else None
    return render(
        request,
        "kpis/round_report.html",
        {
            "contract": contract,
            "section": "Funds4 Care",
            "round": round_,
            "fund": round_.fund,
            "year": FinancialYear(round_.fund.financial_year),
            "report": report,
            "figures": report.figures,
            "show_names": names,
            "is_chair": request.user.role == Role.PROVIDER_MANAGER,
            "chart": pot_chart(report) if report.pot else "",
            "latest": latest,
        },
    )


CSV_HEADINGS = [
    "Application",
    "Young person",
    "Requested (£)",
    "Awarded (£)",
    "Paid (£)",
    "Status",
    "Average score (out of 5)",
    "Days to decision",
]


def round_report_csv_text(report: RoundReport, *, names: bool) -> str:
    """The round's table as CSV: the young person's name for provider staff, else their
    reference; every cell written as text a spreadsheet will not run."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADINGS)
    for row in report.rows:
        application = row.application
        person = application.young_person.full_name if names else application.young_person_ref
        writer.writerow(
            csv_cell(value)
            for value in (
                row.ref,
                person,
                application.amount_requested,
                row.awarded or "",
                row.paid or "",
                row.status + (" (carried over from an earlier round)" if row.carried_over else ""),
                "" if row.average is None else row.average,
                "" if row.days_to_decision is None else row.days_to_decision,
            )
        )
    return buffer.getvalue()


@require_GET
def round_report_csv(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    contract, round_ = _round(request, pk, round_pk)
    names = may_see_records(request.user)
    text = round_report_csv_text(round_report(round_, names=names), names=names)
    filename = f"{slugify(contract.ref)}-{slugify(round_.name)}-report.csv"
    # A byte-order mark, so Excel reads the UTF-8 ("£", accents) correctly.
    return HttpResponse(
        ("\ufeff" + text).encode("utf-8"),
        content_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": content_disposition_header(True, filename),
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )
