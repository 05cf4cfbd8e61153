"""Downloads: a return as the council's spreadsheet or the PDF for meetings, and a contract's
year as a board report (CSV).

Whoever may see the return's page or the KPI page may download it: `contract_for` is the one
rule (404 for another organisation's contract or a panel member), then the return must be the
contract's, the year one the contract runs in.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from contracts.access import contract_for
from kpis.engine.compute import compute_return
from kpis.frameworks import framework_for
from kpis.pages.views import year_of
from kpis.returns.views import return_of

from .board_report import board_report_csv
from .exports import export_return
from .filenames import download_filename


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    # A return is not for shared caches: it carries a provider's figures and words.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def return_xlsx(request: HttpRequest, pk: int, return_id: int) -> HttpResponse:
    exported = export_return(return_of(contract_for(request, pk), return_id), "xlsx")
    return download(exported.content, exported.content_type, exported.filename)


@require_GET
def return_pdf(request: HttpRequest, pk: int, return_id: int) -> HttpResponse:
    exported = export_return(return_of(contract_for(request, pk), return_id), "pdf")
    return download(exported.content, exported.content_type, exported.filename)


def wants_suppression(request: HttpRequest) -> bool:
    """`suppress=0` turns suppression off; anything else, or nothing, leaves it on: a board
    report is shared beyond the contract, so the safe choice is the default for everyone."""
    return request.GET.get("suppress", "1") != "0"


@require_GET
def board_report(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The year's figures as CSV for a board: small numbers suppressed unless asked not to."""
    contract = contract_for(request, pk)
    financial_year = year_of(contract, year)
    framework = framework_for(contract.framework)
    figures = compute_return(
        contract, financial_year, periods=framework.column_names, with_status=True
    )
    suppress = wants_suppression(request)
    text = board_report_csv(
        figures, suppress_small_numbers=suppress, localities=contract.localities
    )
    filename = download_filename(
        contract.ref,
        "kpis",
        financial_year.label,
        "board report",
        "" if suppress else "not suppressed",
        extension="csv",
    )
    # A byte-order mark, so Excel reads the UTF-8 (accents, "£") correctly.
    return HttpResponse(
        ("\ufeff" + text).encode("utf-8"),
        content_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": content_disposition_header(True, filename),
            "Cache-Control": "no-store",
        },
    )
