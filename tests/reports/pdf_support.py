"""A small ReturnDocument made by hand (no database), and helpers that read a PDF back with
poppler's command-line tools (Debian's poppler-utils)."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from kpis.engine.periods import FinancialYear, period_state
from reports.document import Column, FinancialField, HistoryEvent, ReturnDocument, TextSection
from reports.lines import BreakdownRow, IndicatorLine, PeriodFigure

FY_2025 = FinancialYear(2025).period("FY")

COLUMNS = ("Q1", "Q2", "Q3", "Q4", "FY")


def _line(code: str, title: str, unit: str, status: str | None, figures, **extra) -> IndicatorLine:
    return IndicatorLine(
        code=code,
        title=title,
        description=f"{title}, as the specification defines it.",
        unit=unit,
        is_money=code == "1.16",
        target_value=extra.pop("target_value", None),
        target_label=extra.pop("target_label", "Monitor only"),
        status=status,
        figures=dict(zip(COLUMNS, figures, strict=True)),
        breakdowns=extra.pop("breakdowns", ()),
        comment=extra.pop("comment", ""),
        explanation=extra.pop("explanation", ""),
    )


def draft_document() -> ReturnDocument:
    """A Cornwall Q3 draft: Q1 and Q2 from earlier returns, Q4 not reported yet."""
    gender = (
        BreakdownRow(
            "gender", "Gender", "F", "Female", {"Q1": 61, "Q2": 62, "Q3": 63, "Q4": None, "FY": 164}
        ),
        BreakdownRow(
            "gender", "Gender", "M", "Male", {"Q1": 40, "Q2": 41, "Q3": 43, "Q4": None, "FY": 117}
        ),
    )
    indicators = (
        _line(
            "1.1",
            "Young people taking part",
            "count",
            "green",
            [PeriodFigure(101), PeriodFigure(103), PeriodFigure(106), None, PeriodFigure(281)],
            target_value=250,
            target_label="250",
            breakdowns=gender,
            comment="Two new groups started in Bodmin.",
        ),
        _line(
            "1.4",
            "Hours of personal and social development",
            "hours",
            "amber",
            [
                PeriodFigure(1234.5),
                PeriodFigure(987.25),
                PeriodFigure(455),
                None,
                PeriodFigure(2676.75),
            ],
            target_value=4000,
            target_label="4000",
            explanation="A youth worker was off sick for six weeks.",
            breakdowns=(
                BreakdownRow(
                    "category",
                    "Service delivery hours",
                    "psd",
                    "Provision of social and personal development opportunities",
                    {"Q1": 90, "Q2": 100.5, "Q3": 0, "Q4": None, "FY": 190.5},
                ),
            ),
        ),
        _line(
            "1.9",
            "Care leavers in education, employment or training",
            "percent",
            "red",
            [
                PeriodFigure(75, 30, 40),
                PeriodFigure(62.5, 25, 40),
                PeriodFigure(44.4, 20, 45),
                None,
                PeriodFigure(58.3, 35, 60),
            ],
            target_value=85,
            target_label="85%",
            explanation="The college course ended early in November.",
        ),
        _line(
            "1.16",
            "Funds4 Care spent",
            "percent",
            None,
            [
                PeriodFigure(50, 1250, 2500),
                PeriodFigure(20, 500, 2500),
                PeriodFigure(33.3, 987.65, 2963),
                None,
                PeriodFigure(34.5, 2737.65, 7963),
            ],
            breakdowns=(
                BreakdownRow(
                    "status",
                    "Funding by status",
                    "secured",
                    "Secured",
                    {"Q1": 1250.5, "Q2": 0, "Q3": 987.65, "Q4": None, "FY": 2238.15},
                ),
            ),
        ),
    )
    sources = ("The Q1 return (approved)", "The Q2 return (submitted)", "This return", "", "")
    return ReturnDocument(
        contract_ref="EP-2025-07",
        contract_title="Cornwall engagement and participation",
        commissioner="Cornwall Council",
        provider="Kernow Youth Trust",
        framework="cornwall_ep",
        framework_title="Cornwall: Engagement and Participation (6.1)",
        financial_year=2025,
        financial_year_label="2025/26",
        period="Q3",
        period_label="Q3 (1 October 2025 to 31 December 2025)",
        status="draft",
        status_label="Draft",
        approved=False,
        live=True,
        frozen_at=None,
        generated_at=datetime(2026, 1, 14, 9, 30, tzinfo=UTC),
        due_date=date(2026, 1, 29),
        year_to_date_label="Year to date (3 quarter(s))",
        quarters_elapsed=3,
        columns=tuple(
            Column(code, name, source, state)
            for code, name, source, state in zip(
                COLUMNS,
                ("Q1", "Q2", "Q3", "Q4", "Annual Total"),
                sources,
                # The annual total of a year not over: the year to date, to the end of Q3.
                (None, None, None, None, period_state(FY_2025, date(2025, 12, 31))),
                strict=True,
            )
        ),
        indicators=indicators,
        narrative=(
            TextSection("Service activity", "Weekly groups in Truro, Bodmin and Penzance."),
            TextSection("Key observations on inputs", "Staffing settled after October."),
            TextSection("Key observations on outputs", "More sessions than planned."),
            TextSection("Key observations on outcomes", "Three young people started college."),
            TextSection("Social and added value", "Volunteers gave 140 hours."),
        ),
        case_studies="Young person X moved into their own flat and kept their job.",
        financial=(
            FinancialField("Expenditure (£)", Decimal("123456.78"), "money"),
            FinancialField("Staffing cost (£)", Decimal("98765.43"), "money"),
            FinancialField("Staff (full-time equivalent)", Decimal("4.50"), "number"),
            FinancialField("Additional income (£)", Decimal("2500.00"), "money"),
            FinancialField("Funds4 Care allocated (£)", None, "money"),
            FinancialField("Funds4 Care awards", 17, "number"),
            FinancialField("Notes on the finances", "An underspend on venues.", "text"),
        ),
        history=(),
        target_heading="Target 2025/26",
    )


def approved_document() -> ReturnDocument:
    draft = draft_document()
    return replace(
        draft,
        status="approved",
        status_label="Approved",
        approved=True,
        live=False,
        frozen_at=datetime(2026, 1, 20, 11, 0, tzinfo=UTC),
        history=(
            HistoryEvent(
                datetime(2026, 1, 20, 11, 0, tzinfo=UTC),
                "Submitted",
                "Draft",
                "Submitted",
                "Pat Provider",
                "All figures checked.",
            ),
            HistoryEvent(
                datetime(2026, 1, 22, 15, 45, tzinfo=UTC),
                "Approved",
                "Submitted",
                "Approved",
                "Cass Commissioner",
                "Thank you.",
            ),
        ),
    )


def pdf_text(path: Path, *, first: int | None = None, last: int | None = None) -> str:
    """The PDF's text in the order it was drawn (`-raw`): a table cell's lines stay together
    even when the cell wraps, where `-layout` would interleave them with the next cell's."""
    pages = []
    if first is not None:
        pages += ["-f", str(first)]
    if last is not None:
        pages += ["-l", str(last)]
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own file
        ["pdftotext", "-raw", *pages, str(path), "-"],  # noqa: S607 - poppler-utils
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def page_sizes(path: Path) -> list[tuple[float, float]]:
    """Each page's (width, height) in points, from `pdfinfo -f 1 -l N`."""
    info = subprocess.run(  # noqa: S603 - fixed arguments, our own file
        ["pdfinfo", "-f", "1", "-l", "9999", str(path)],  # noqa: S607 - poppler-utils
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [
        (float(width), float(height))
        for width, height in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    ]


def render_pngs(path: Path, folder: Path, *, resolution: int = 60) -> list[Path]:
    """Every page as a PNG (pdftoppm), to be looked at by a person."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{path.stem}-*.png"):
        old.unlink()
    subprocess.run(  # noqa: S603 - fixed arguments, our own file
        ["pdftoppm", "-png", "-r", str(resolution), str(path), str(folder / path.stem)],  # noqa: S607
        check=True,
    )
    return sorted(folder.glob(f"{path.stem}-*.png"))
