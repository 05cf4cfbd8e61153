"""A return's downloads as files: the council's spreadsheet or the PDF, named by the one rule
for every download. The download views and the export_return command both come here, so each
export is made one way: the document (with the trend charts' quarters for the PDF), then the
pure builder."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kpis.models import Return

from .document import ReturnDocument, document_for
from .excel import build_kpi_workbook
from .filenames import download_filename
from .pdf import render_return_pdf

Kind = Literal["xlsx", "pdf"]
CONTENT_TYPES: dict[str, str] = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@dataclass(frozen=True)
class Export:
    filename: str
    content_type: str
    content: bytes
    title: str  # "EP-1 2025/26 Q2"


def return_filename(ref: str, financial_year_label: str, period: str, extension: str) -> str:
    """A return's download name: "a-ep-2025-26-q1-kpi-return.xlsx" (reports.filenames)."""
    return download_filename(ref, financial_year_label, period, "kpi return", extension=extension)


def filename_for(doc: ReturnDocument, extension: str) -> str:
    return return_filename(doc.contract_ref, doc.financial_year_label, doc.period, extension)


def export_return(ret: Return, kind: Kind) -> Export:
    """The return as a workbook or a PDF (frozen figures once submitted, live for a draft)."""
    if kind == "xlsx":
        doc = document_for(ret)
        content = build_kpi_workbook(doc)
    else:
        doc = document_for(ret, trend=True)
        content = render_return_pdf(doc)
    return Export(filename_for(doc, kind), CONTENT_TYPES[kind], content, doc.title)
