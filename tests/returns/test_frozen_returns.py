"""A submitted or approved return never recomputes (issue 16, item 4): its page, its Excel and
PDF, the dashboard and the trend page read what was frozen, whatever happens to the records
afterwards; rendering its page and downloads reads no record table; and the trend page's
reported quarters are the figures the return's PDF charts.

The year: generated Cornwall records, then Q1 and Q2 2025/26 approved and Q3 submitted (the
commissioner deciding on it, warned of a young person's name in its case studies). Then the
records change in every quarter: people added, one deleted, a session moved.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contracts.models import Attendance, Session, YoungPerson
from kpis.engine.figures import SNAPSHOT_KEY
from kpis.engine.periods import FinancialYear
from kpis.frameworks import framework_for
from kpis.models import Return, ReturnEvent, ReturnStatus
from kpis.pages.trend import indicator_trend
from kpis.returns.due import open_returns
from kpis.returns.figures import changes_since_frozen, live_figures
from kpis.returns.workflow import approve_return, save_draft, submit_return
from reports.document import document_for
from reports.pdf import chart_quarters
from tests.kpis.datasets import make_cornwall_records
from tests.kpis.helpers import attend, person
from tests.reports.test_final_exports import GENERATED, exports

from .test_workflow_services import explain_everything

pytestmark = pytest.mark.django_db

# After Q3 2025/26 has ended; Q4 is in progress.
IN_JANUARY = date(2026, 1, 20)

# The tables of the records (young people, sessions, attendance, casework, mentoring, Funds4
# Care...) and their history: everything of the record apps but the contract, the organisations
# and the people who sign in, which every page reads.
NOT_RECORDS = {"contracts_contract", "contracts_organisation", "contracts_user"}
RECORD_TABLES = {
    model._meta.db_table
    for label in ("contracts", "funds4care", "mentoring")
    for model in apps.get_app_config(label).get_models(include_auto_created=True)
} - NOT_RECORDS


def record_tables_read(captured: CaptureQueriesContext) -> set[str]:
    words = {word for query in captured for word in re.findall(r"\w+", query["sql"].lower())}
    return words & RECORD_TABLES


@pytest.fixture(autouse=True)
def in_january():
    with time_machine.travel(IN_JANUARY, tick=False):
        yield


def the_return(contract, period: str) -> Return:
    return Return.objects.select_related("contract__commissioner", "contract__provider").get(
        contract=contract, financial_year=2025, period=period
    )


@pytest.fixture
def year(contract_a, provider_a_manager, commissioner) -> dict[str, Return]:
    make_cornwall_records(contract_a, scale=1)
    named = person(contract_a, first_name="Morwenna", last_name="Trelawny")
    attend(contract_a, named, date(2025, 11, 4))
    open_returns(contract=contract_a)
    for period in ("Q1", "Q2", "Q3"):
        ret = the_return(contract_a, period)
        explain_everything(ret, provider_a_manager)
        if period == "Q3":
            save_draft(
                ret=ret, by=provider_a_manager, values={"case_studies": "Morwenna came back."}
            )
        submit_return(ret=ret, by=provider_a_manager)
        if period != "Q3":
            approve_return(ret=ret, by=commissioner)
    return {period: the_return(contract_a, period) for period in ("Q1", "Q2", "Q3")}


def change_the_records(contract) -> None:
    """New people in every quarter the charts show, one who took part deleted, a session moved
    from Q1 to Q3."""
    for day in (date(2024, 11, 5), date(2025, 5, 6), date(2025, 8, 6), date(2025, 11, 6)):
        for _ in range(2):
            attend(contract, person(contract, date_of_birth=date(2009, 1, 1)), day)
    gone = (
        YoungPerson.objects.filter(
            contract=contract,
            attendance__session__date__range=(date(2025, 7, 1), date(2025, 9, 30)),
        )
        .order_by("pk")
        .first()
    )
    Attendance.objects.filter(young_person=gone).delete()
    gone.delete()
    moved = Session.objects.filter(
        contract=contract, date__range=(date(2025, 4, 1), date(2025, 6, 30))
    ).order_by("pk")[0]
    Session.objects.filter(pk=moved.pk).update(date=date(2025, 12, 2))


def figures_table(client, ret: Return) -> str:
    page = client.get(ret.get_absolute_url()).content.decode()
    table = page.split('data-testid="return-figures"')[1].split("</table>")[0]
    return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", table)  # new on every page


def test_the_page_and_exports_keep_the_frozen_figures_when_the_records_change(
    client, year, contract_a, commissioner, tmp_path
):
    client.force_login(commissioner)
    before = {period: figures_table(client, ret) for period, ret in year.items()}
    files = {period: exports(ret, tmp_path) for period, ret in year.items()}
    assert all(changes_since_frozen(ret) == [] for ret in year.values())

    change_the_records(contract_a)

    for period, ret in year.items():
        # The records now give other figures in every return...
        assert changes_since_frozen(ret), period
        # ...yet its page, its workbook and its PDF show what was frozen, digit for digit.
        assert figures_table(client, ret) == before[period], period
        assert exports(ret, tmp_path) == files[period], period
    q2 = live_figures(year["Q2"]).row("1.2").figures["Q2"].value
    assert q2 != year["Q2"].frozen_figures["indicators"][1]["figures"]["Q2"]["value"]


def test_a_frozen_returns_page_and_downloads_read_no_record_table(
    client, year, contract_a, commissioner, provider_a_manager, django_assert_max_num_queries
):
    change_the_records(contract_a)
    q3 = year["Q3"]
    for who, ret in ((commissioner, q3), (provider_a_manager, year["Q2"])):
        client.force_login(who)
        # The page: session and user, contract, the return with its history, comments and
        # attachments, the organisation; the commissioner deciding, the earlier returns not
        # approved yet (9).
        with django_assert_max_num_queries(9), CaptureQueriesContext(connection) as page:
            response = client.get(ret.get_absolute_url())
        assert response.status_code == 200
        assert record_tables_read(page) == set(), who
        for name in ("reports:return_xlsx", "reports:return_pdf"):
            download = reverse(name, kwargs={"pk": contract_a.pk, "return_id": ret.pk})
            # Session and user, contract, the return, its history, the audit's row (6): the
            # figures, earlier columns and charts are all the return's own.
            with django_assert_max_num_queries(6), CaptureQueriesContext(connection) as file:
                assert client.get(download).status_code == 200
            assert record_tables_read(file) == set(), name
    # The commissioner was still warned of the name in Q3's case studies, as submitted.
    client.force_login(commissioner)
    warning = " ".join(client.get(q3.get_absolute_url()).content.decode().split())
    assert 'data-testid="name-warning-commissioner"' in warning
    assert "seems to name 1 young person from the records (in case studies)" in warning
    assert "Morwenna" not in warning.split('data-testid="name-warning-commissioner"')[1][:400]


def test_the_submission_notes_where_names_were_found_never_whose(year):
    (submitted,) = year["Q3"].events.filter(action=ReturnEvent.Action.SUBMIT)
    assert submitted.named_in == [["case studies"]]
    (approved_q2_submission,) = year["Q2"].events.filter(action=ReturnEvent.Action.SUBMIT)
    assert approved_q2_submission.named_in == []


def test_a_return_submitted_before_the_note_was_kept_is_searched_as_before(
    client, year, contract_a, commissioner, provider_a_manager
):
    q3 = year["Q3"]
    # As a submission made before Tamar kept the note (history rows are only ever added).
    ReturnEvent.objects.create(
        ret=q3,
        action=ReturnEvent.Action.SUBMIT,
        from_status=ReturnStatus.DRAFT,
        to_status=ReturnStatus.SUBMITTED,
        by=provider_a_manager,
        named_in=None,
    )
    client.force_login(commissioner)
    with CaptureQueriesContext(connection) as captured:
        page = " ".join(client.get(q3.get_absolute_url()).content.decode().split())
    assert "seems to name 1 young person from the records (in case studies)" in page
    assert record_tables_read(captured) == {"contracts_youngperson"}


def test_only_the_comparison_with_the_records_reads_them(client, year, commissioner):
    """The detector itself works: the page that compares with the records reads them."""
    client.force_login(commissioner)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(year["Q3"].get_absolute_url() + "changes/").status_code == 200
    assert {"contracts_attendance", "contracts_youngperson"} <= record_tables_read(captured)


def test_a_return_frozen_before_its_charts_were_kept_fills_them_from_returns_not_records(
    year, contract_a
):
    q3 = year["Q3"]
    document = dict(q3.frozen_figures)
    document.pop(SNAPSHOT_KEY)
    Return.objects.filter(pk=q3.pk).update(frozen_figures=document)  # submitted: may change
    with CaptureQueriesContext(connection) as captured:
        doc = document_for(the_return(contract_a, "Q3"), now=GENERATED, trend=True)
    assert record_tables_read(captured) == set()
    # Q1 and Q2 as their returns reported them; 2024/25 had no returns, so no figures.
    reported = {(item.year, item.quarter): item.values for item in doc.trend}
    assert (
        reported[(2025, "Q1")]["1.2"]
        == year["Q1"].frozen_figures["indicators"][1]["figures"]["Q1"]["value"]
    )
    assert reported[(2024, "Q4")] == {}


def test_the_dashboard_shows_the_statuses_frozen_on_submission(
    client, year, contract_a, commissioner, django_assert_max_num_queries
):
    client.force_login(commissioner)
    page = reverse("dashboard:index")
    before = client.get(page).context["lines"][0]
    change_the_records(contract_a)
    # 7 queries whatever the number of contracts (tests/dashboard), none of them the records'.
    with django_assert_max_num_queries(7), CaptureQueriesContext(connection) as captured:
        after = client.get(page).context["lines"][0]
    assert record_tables_read(captured) == set()
    assert after.rag_from == year["Q3"]
    assert after.rag == before.rag
    frozen = [row["status"] for row in year["Q3"].frozen_figures["indicators"]]
    assert (after.rag.green, after.rag.amber, after.rag.red) == tuple(
        frozen.count(status) for status in ("green", "amber", "red")
    )


def test_the_trend_pages_reported_quarters_are_the_pdf_trends(
    client, year, contract_a, commissioner
):
    """For every indicator, after the records changed: each quarter the trend page marks
    reported is a submitted return's, with the figure the Q3 return's PDF charts for it."""
    doc = document_for(year["Q3"], trend=True)
    charted = {(y, quarter): values for y, quarter, values in chart_quarters(doc, doc.trend)}
    change_the_records(contract_a)
    framework = framework_for(contract_a.framework)
    differs = 0
    for indicator in framework.indicators:
        trend = indicator_trend(contract_a, indicator)
        reported = {
            (row.year.year, cell.period.name): cell.figure
            for row in trend
            for cell in row.cells
            if cell.reported
        }
        assert set(reported) == {(2025, "Q1"), (2025, "Q2"), (2025, "Q3")}, indicator.code
        for key, figure in reported.items():
            assert figure.value == charted[key][indicator.code], (indicator.code, key)
            live = indicator.compute(contract_a, FinancialYear(key[0]).period(key[1]))
            differs += live.value != figure.value
    # The records would give other figures: the reported ones are not merely the same anyway.
    assert differs >= 3
    client.force_login(commissioner)
    response = client.get(reverse("kpis:trend", kwargs={"pk": contract_a.pk, "code": "1.2"}))
    this_year = response.context["rows"][1].cells
    assert [cell.reported for cell in this_year] == [True, True, True, False, False]
    assert response.content.decode().count(">reported</div>") == 3


def test_the_trend_page_reads_reported_quarters_in_a_constant_number_of_queries(
    client, year, contract_a, commissioner, django_assert_max_num_queries
):
    """Session, user, contract and organisation (4); the submitted returns (1); in one
    read-only snapshot (2; PostgreSQL 3) each year's targets (2) and, for 1.2 alone, the
    recorded localities and its aggregate (2) for each period no return reported: 2024/25's
    four quarters and year, Q4 so far and the year so far (7). The three reported quarters cost
    nothing, however many records there are."""
    client.force_login(commissioner)
    url = reverse("kpis:trend", kwargs={"pk": contract_a.pk, "code": "1.2"})
    most = 4 + 1 + (3 if connection.vendor == "postgresql" else 2) + 2 + 7 * 2
    with django_assert_max_num_queries(most, info="the trend page"):
        assert client.get(url).status_code == 200
    make_cornwall_records(contract_a, scale=3, seed=5)
    with django_assert_max_num_queries(most):
        assert client.get(url).status_code == 200
    assert (
        Return.objects.filter(contract=contract_a).exclude(status=ReturnStatus.DRAFT).count() == 3
    )
