"""Downloads of a return: the council's spreadsheet and the PDF for meetings.

Whoever may see the return's page may download it: `contract_for` is the one rule (404 for
another organisation's contract or a panel member), then the return must be the contract's.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from contracts.access import contract_for
from kpis.return_views import return_of

from .document import document_for, filename_for
from .excel import build_kpi_workbook
from .pdf import render_return_pdf
from .pdf_data import trend_charts_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    # A return is not for shared caches: it carries a provider's figures and words.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def return_xlsx(request: HttpRequest, pk: int, return_id: int) -> HttpResponse:
    contract = contract_for(request, pk)
    doc = document_for(return_of(contract, return_id))
    return download(build_kpi_workbook(doc), XLSX, filename_for(doc, "xlsx"))


@require_GET
def return_pdf(request: HttpRequest, pk: int, return_id: int) -> HttpResponse:
    contract = contract_for(request, pk)
    ret = return_of(contract, return_id)
    doc = document_for(ret)
    pdf = render_return_pdf(doc, charts=trend_charts_for(ret, doc))
    return download(pdf, "application/pdf", filename_for(doc, "pdf"))
