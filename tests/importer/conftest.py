"""Fixtures and helpers for the import tests: small valid files, conversion to a workbook, and
a canonical dump of every table to compare databases with."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from django.db import models

from contracts.models import (
    Accreditation,
    AdditionalFunding,
    Assessment,
    Attendance,
    CareStatus,
    Case,
    Contact,
    Contract,
    Feedback,
    InformationProvided,
    Initiative,
    KeyWorker,
    KeyWorkerActivity,
    Organisation,
    OutcomeAssessment,
    PerformanceReview,
    Placement,
    Session,
    YoungPerson,
)
from funds4care.models import Application, Funds4CareRole
from importer.columns import Date, Number
from importer.schema import TABLES_BY_NAME
from mentoring.models import Match, Mentor, MentorTraining, SupportedAppointment
from tests.examples import EXAMPLES  # noqa: E402,F401 - re-exported for the example tests

Rows = list[dict[str, str]]
Tables = dict[str, Rows]

# Every table once, as small as the rules allow: the base each bad-row test spoils one row of.
BASE: Tables = {
    "contract": [
        {
            "ref": "T-1",
            "title": "Test contract",
            "framework": "cornwall_ep",
            "commissioner": "Test Council",
            "provider": "Test Provider",
            "start_date": "2024-04-01",
            "end_date": "2027-03-31",
            "annual_value": "1000.00",
            "record_timeframe_days": "5",
        }
    ],
    "young_people": [
        {
            "ref": "Y1",
            "first_name": "Jo",
            "last_name": "Smith",
            "date_of_birth": "2009-06-15",
            "gender": "female",
            "ethnicity": "WBRI",
            "disability": "no",
            "locality": "East",
            "la_child_id": "C1",
        },
        {
            "ref": "Y2",
            "first_name": "Kai",
            "last_name": "Jones",
            "date_of_birth": "2006-01-31",
            "gender": "male",
            "ethnicity": "BAFR",
            "disability": "not_known",
            "locality": "West",
            "la_child_id": "",
        },
    ],
    "care_status": [
        {"young_person_ref": "Y1", "status": "in_care", "start_date": "2024-01-01", "end_date": ""}
    ],
    "placements": [
        {
            "young_person_ref": "Y1",
            "placement_code": "K2",
            "start_date": "2024-01-01",
            "end_date": "",
        }
    ],
    "sessions": [
        {
            "ref": "S1",
            "date": "2025-05-01",
            "session_type": "psd",
            "title": "Art",
            "locality": "East",
            "duration_hours": "1.5",
            "coproduction": "no",
        }
    ],
    "attendance": [{"session_ref": "S1", "young_person_ref": "Y1"}],
    "information_provided": [{"young_person_ref": "Y1", "date": "2025-05-01", "method": "leaflet"}],
    "outcome_assessments": [
        {
            "young_person_ref": "Y1",
            "date": "2025-05-01",
            "confidence": "5",
            "resilience": "5",
            "aspirations": "5",
            "physical_health": "5",
            "mental_health": "5",
            "identity": "5",
            "relationships": "5",
        }
    ],
    "feedback": [
        {
            "young_person_ref": "Y1",
            "date": "2025-05-01",
            "kind": "feedback",
            "rating": "4",
            "comment": "good",
        }
    ],
    "initiatives": [{"ref": "I1", "date": "2025-05-01", "title": "Review", "description": ""}],
    "accreditations": [
        {"young_person_ref": "Y1", "award": "ASDAN", "route": "role", "date": "2025-05-01"}
    ],
    "mentors": [{"ref": "M1", "name": "Mentor", "young_person_ref": "Y2", "left_date": ""}],
    "mentor_training": [{"mentor_ref": "M1", "module": "cse", "completed_date": "2025-05-01"}],
    "matches": [
        {
            "ref": "X1",
            "mentor_ref": "M1",
            "mentee_ref": "Y1",
            "start_date": "2025-11-18",
            "end_date": "2026-11-18",
        }
    ],
    "supported_appointments": [
        {"match_ref": "X1", "date": "2025-12-01", "appointment_type": "health"}
    ],
    "f4c_roles": [
        {
            "young_person_ref": "Y1",
            "role": "panel_member",
            "start_date": "2025-01-01",
            "end_date": "",
        }
    ],
    "f4c_applications": [
        {
            "ref": "A1",
            "young_person_ref": "Y1",
            "submitted_date": "2025-05-01",
            "amount_requested": "300.00",
            "decision": "approved",
            "decision_date": "2025-05-02",
            "amount_awarded": "250.00",
            "onward_support": "yes",
        }
    ],
    "additional_funding": [
        {
            "ref": "F1",
            "date": "2025-05-01",
            "source": "Lottery",
            "amount": "10.00",
            "status": "secured",
        }
    ],
    "key_workers": [{"ref": "K1", "name": "Key worker"}],
    "cases": [
        {
            "ref": "C1",
            "young_person_ref": "Y1",
            "key_worker_ref": "K1",
            "referral_date": "2025-04-01",
            "start_date": "2025-04-07",
            "end_date": "",
        }
    ],
    "contacts": [
        {
            "ref": "CT1",
            "case_ref": "C1",
            "contact_date": "2025-05-01",
            "recorded_date": "2025-05-01",
        }
    ],
    "assessments": [{"ref": "AS1", "case_ref": "C1", "date": "2025-05-01", "role": "lead"}],
    "kw_activities": [
        {
            "ref": "KA1",
            "key_worker_ref": "K1",
            "date": "2025-05-01",
            "role": "lead",
            "title": "Group",
        }
    ],
    "performance_reviews": [{"key_worker_ref": "K1", "date": "2025-05-01", "satisfactory": "yes"}],
}


def copy_tables(tables: Tables) -> Tables:
    return {name: [dict(row) for row in rows] for name, rows in tables.items()}


def write_csv_folder(folder: Path, tables: Tables) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        header = list(rows[0]) if rows else [c.name for c in TABLES_BY_NAME[name].columns]
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file)
            writer.writerow(header)
            writer.writerows([row.get(column, "") for column in header] for row in rows)
    return folder


def typed(table: str, column: str, text: str) -> Any:
    """A CSV cell as Excel would hold it: dates as dates, numbers as numbers, the rest text."""
    if not text or table not in TABLES_BY_NAME:
        return text or None
    kind = TABLES_BY_NAME[table].column_index.get(column)
    try:
        if kind is not None and isinstance(kind.type, Date):
            return date.fromisoformat(text)
        if kind is not None and isinstance(kind.type, Number):
            return int(text) if kind.type.places == 0 else float(Decimal(text))
    except ValueError:
        return text  # a deliberately bad value stays as typed
    return text


def csv_folder_to_workbook(folder: Path, path: Path) -> Path:
    """The same data as a workbook, one sheet per CSV, cells typed as a person would type them."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for csv_path in sorted(folder.glob("*.csv")):
        sheet = workbook.create_sheet(csv_path.stem)
        with csv_path.open(encoding="utf-8-sig", newline="") as file:
            reader = csv.reader(file)
            header = next(reader)
            sheet.append(header)
            for row in reader:
                sheet.append(
                    [
                        typed(csv_path.stem, column, cell)
                        for column, cell in zip(header, row, strict=True)
                    ]
                )
    workbook.save(path)
    return path


def tables_to_workbook(tables: Tables, path: Path) -> Path:
    folder = path.parent / f"{path.stem}-csv"
    write_csv_folder(folder, tables)
    csv_folder_to_workbook(folder, path)
    shutil.rmtree(folder)
    return path


def read_example(name: str) -> Tables:
    tables: Tables = {}
    for csv_path in sorted((EXAMPLES / name).glob("*.csv")):
        with csv_path.open(encoding="utf-8-sig", newline="") as file:
            tables[csv_path.stem] = list(csv.DictReader(file))
    return tables


# The models the import writes, with what names each foreign key in a dump.
DUMPED: list[type[models.Model]] = [
    Organisation,
    Contract,
    YoungPerson,
    CareStatus,
    Placement,
    Session,
    Attendance,
    InformationProvided,
    OutcomeAssessment,
    Feedback,
    Initiative,
    Accreditation,
    Mentor,
    MentorTraining,
    Match,
    SupportedAppointment,
    Funds4CareRole,
    Application,
    AdditionalFunding,
    KeyWorker,
    Case,
    Contact,
    Assessment,
    KeyWorkerActivity,
    PerformanceReview,
]


def natural(field: models.ForeignKey) -> str:
    """A foreign key as the record it names: its ref, or an organisation's name, or for a
    record without a ref (a match's appointment...) the ref of its own parent."""
    related = field.related_model
    names = {f.name for f in related._meta.concrete_fields}
    if "ref" in names:
        return f"{field.name}__ref"
    if "username" in names:  # who made an application on screen
        return f"{field.name}__username"
    return f"{field.name}__name"


def dump_records() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every imported table, without ids: two databases holding the same records
    dump the same, whatever order they were written in."""
    dump: dict[str, list[tuple[Any, ...]]] = {}
    for model in DUMPED:
        fields = []
        for field in model._meta.concrete_fields:
            if field.primary_key:
                continue
            if isinstance(field, models.ForeignKey):
                fields.append(natural(field))
                if field.name != "contract" and "contract" in {
                    f.name for f in field.related_model._meta.concrete_fields
                }:
                    fields.append(f"{field.name}__contract__ref")
            else:
                fields.append(field.name)
        dump[model._meta.label] = sorted(
            model._default_manager.values_list(*fields), key=lambda row: repr(row)
        )
    return dump


def run_command(path: Path) -> tuple[int, str, str]:
    """import_records as a person runs it: (exit code, standard output, standard error)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_records", str(path), stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.fixture
def files(tmp_path: Path) -> Callable[..., Path]:
    """Write tables as a CSV folder (or a workbook when the name ends .xlsx) under tmp_path."""
    counter = iter(range(1_000_000))

    def make(tables: Tables, name: str = "") -> Path:
        name = name or f"import-{next(counter)}"
        if name.endswith(".xlsx"):
            return tables_to_workbook(tables, tmp_path / name)
        return write_csv_folder(tmp_path / name, tables)

    return make
