"""A subject access export: everything Tamar holds about one young person, as a zip of one CSV
per table (the records, their history rows, the audit rows naming them), the files attached to
their records, and a PDF that reads the same rows with a heading per kind of record.

One query per table, whatever the number of rows; the builders below take the fetched rows.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from audit.models import AuditEvent
from audit.views import csv_cell
from contracts.models import YoungPerson

from .discovery import Table, person_tables

PDF_TEMPLATE = "privacy/subject_access_pdf.html"
PDF_STYLES = Path(__file__).with_name("subject_access_pdf.css")


@dataclass
class Sheet:
    """One table's rows about the person: its file name, heading, columns and text cells."""

    name: str
    heading: str
    columns: list[str]
    headers: list[str]
    rows: list[list[str]]
    files: list[tuple[object, str]]


def cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | dict):
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return str(value)


def _columns(model: type[models.Model]) -> tuple[list[str], list[str]]:
    """The lookups to read (a link to a record with a reference reads the reference, to an
    account its username) and their headings."""
    lookups, headers = [], []
    for field in model._meta.concrete_fields:
        target = field.related_model if field.is_relation else None
        names = {f.name for f in target._meta.concrete_fields} if target is not None else set()
        if target is not None and "ref" in names:
            lookups.append(f"{field.name}__ref")
        elif target is not None and "username" in names:
            lookups.append(f"{field.name}__username")
        else:
            lookups.append(field.attname)
        headers.append(str(field.verbose_name))
    return lookups, headers


def _sheet(name: str, heading: str, model, queryset) -> Sheet:
    lookups, headers = _columns(model)
    files = [
        (f.storage, lookups.index(f.attname))
        for f in model._meta.concrete_fields
        if isinstance(f, models.FileField)
    ]
    rows = [[cell(v) for v in row] for row in queryset.values_list(*lookups)]
    found = [(storage, row[index]) for storage, index in files for row in rows if row[index]]
    return Sheet(name, heading, lookups, headers, rows, found)


def _history_sheet(table: Table, person_pk: int) -> Sheet | None:
    history = table.history
    if history is None:
        return None
    # History rows keep plain ids: the record a row pointed at may be gone.
    fields = [f for f in history._meta.concrete_fields if f.name != "history_user"]
    lookups = [f.attname for f in fields]
    headers = [str(f.verbose_name) for f in fields]
    queryset = table.history_rows(person_pk).order_by("history_date", "history_id")
    rows = queryset.values_list(*lookups, "history_user__username")
    return Sheet(
        f"{table.model._meta.db_table}_history",
        f"History of {table.model._meta.verbose_name_plural}",
        [*lookups, "history_user"],
        [*headers, "changed by"],
        [[cell(v) for v in row] for row in rows],
        [],
    )


def gather(person: YoungPerson) -> list[Sheet]:
    """Every table's rows about the person: one query per table and history table, and one
    for the audit."""
    sheets = []
    for table in person_tables():
        meta = table.model._meta
        ordered = table.rows(person.pk).order_by("pk")
        heading = str(meta.verbose_name_plural).capitalize()
        sheets.append(_sheet(meta.db_table, heading, table.model, ordered))
        history = _history_sheet(table, person.pk)
        if history is not None:
            sheets.append(history)
    audit = AuditEvent.objects.filter(young_person_pk=person.pk).order_by("at", "id")
    sheets.append(_sheet("audit_auditevent", "Who saw or changed their records", AuditEvent, audit))
    return sheets


def render_pdf(person: YoungPerson, sheets: list[Sheet], generated: datetime) -> bytes:
    from weasyprint import CSS, HTML  # slow to import: only when a PDF is wanted

    html = render_to_string(
        PDF_TEMPLATE,
        {
            "person": person,
            "contract": person.contract,
            "sheets": [s for s in sheets if s.rows],
            "empty": [s.heading for s in sheets if not s.rows],
            "generated": timezone.localtime(generated).strftime("%d/%m/%Y %H:%M"),
        },
    )
    base_url = Path(settings.BASE_DIR).as_uri() + "/"
    return HTML(string=html, base_url=base_url, url_fetcher=_no_fetching).write_pdf(
        stylesheets=[CSS(filename=str(PDF_STYLES))]
    )


def _no_fetching(url: str, *args, **kwargs):
    raise ValueError(f"The subject access PDF fetches nothing ({url!r}).")


def build_zip(person: YoungPerson, sheets: list[Sheet], pdf: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("summary.pdf", pdf)
        for sheet in sheets:
            if not sheet.rows:
                continue
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow(sheet.columns)
            writer.writerows([csv_cell(v) for v in row] for row in sheet.rows)
            # A byte-order mark, so Excel reads the UTF-8 correctly.
            archive.writestr(f"{sheet.name}.csv", ("\ufeff" + text.getvalue()).encode("utf-8"))
            for storage, name in sheet.files:
                if storage.exists(name):
                    with storage.open(name, "rb") as attached:
                        archive.writestr(f"files/{sheet.name}/{name}", attached.read())
    return buffer.getvalue()


def subject_access_zip(*, person: YoungPerson) -> bytes:
    sheets = gather(person)
    return build_zip(person, sheets, render_pdf(person, sheets, timezone.now()))


def file_name(person: YoungPerson) -> str:
    return f"{slugify(person.contract.ref)}-{slugify(person.ref)}-subject-access.zip"
