"""The board report carries no word a person typed: a locality is named only if it is on the
contract's list; every other recorded value is counted as "Other or not recorded"; narrative,
notes, comments and titles never reach it."""

import csv
import io
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from contracts.models import Session
from kpis.frameworks import framework_for
from kpis.models import IndicatorComment, ReturnEvent, ReturnStatus
from reports.board_categories import OTHER_LABEL
from tests.dashboard.conftest import make_return
from tests.kpis.factories import (
    AccreditationFactory,
    AdditionalFundingFactory,
    FeedbackFactory,
    InitiativeFactory,
)
from tests.kpis.helpers import attend, person

pytestmark = pytest.mark.django_db

IN_Q3_2025 = datetime(2025, 11, 15, 12, tzinfo=UTC)
# A child's name, as a provider might type it anywhere.
NAME = "Morwenna Trevithick"
LOCALITY = "Locality (as recorded) (count)"


def report(client, contract, query: str = "") -> tuple[str, list[list[str]]]:
    url = reverse("reports:board_report", kwargs={"pk": contract.pk, "year": 2025})
    response = client.get(f"{url}?{query}" if query else url)
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    return text, list(csv.reader(io.StringIO(text)))


def lines(rows, code: str, measure: str) -> dict[str, dict[str, str]]:
    """The report's lines of one measure of one indicator, by category."""
    header = rows[0]
    return {
        row[3]: dict(zip(header, row, strict=True))
        for row in rows[1:]
        if row[:1] == [code] and row[2] == measure
    }


@pytest.fixture
def planted(ep, provider_a_manager):
    """Q2 2025/26: 13 participants: 6 in Penwith (on the list), 4 whose locality is a child's
    name, 3 in Kerrier (not on the list). The name is typed into every other free-text field
    too: the young people's names, a session's title and locality, feedback, an initiative,
    an award, a funding source, and the Q1 return's narrative, notes, comments and history."""
    ep.localities = ["Penwith", "Carrick"]
    ep.save()
    recorded = ["Penwith"] * 6 + [NAME] * 4 + ["Kerrier"] * 3
    for n, locality in enumerate(recorded):
        who = person(ep, ref=f"P{n}", first_name="Morwenna", last_name=NAME, locality=locality)
        attend(ep, who, date(2025, 8, 1))
    Session.objects.filter(contract=ep).update(title=f"Trip with {NAME}", locality=NAME)
    FeedbackFactory(young_person=who, date=date(2025, 8, 2), comment=f"{NAME} loved it")
    InitiativeFactory(contract=ep, date=date(2025, 8, 3), title=NAME, description=NAME)
    AccreditationFactory(young_person=who, award=f"{NAME}'s award", date=date(2025, 8, 4))
    AdditionalFundingFactory(contract=ep, source=f"{NAME} trust", date=date(2025, 8, 5))
    ret = make_return(ep, 2025, "Q1", ReturnStatus.SUBMITTED)
    narrative = {
        field: f"{NAME} said" for field in ("service_activity", "case_studies", "social_value")
    }
    notes = {"1.2": {"comment": NAME, "explanation": NAME}}
    type(ret).objects.filter(pk=ret.pk).update(
        indicator_notes=notes, financial_notes=NAME, **narrative
    )
    ReturnEvent.objects.create(
        ret=ret, action="submit", from_status="draft", to_status="submitted",
        by=provider_a_manager, comment=f"About {NAME}",
    )  # fmt: skip
    IndicatorComment.objects.create(ret=ret, indicator="1.2", by=provider_a_manager, text=NAME)
    return ep


@time_machine.travel(IN_Q3_2025, tick=False)
@pytest.mark.parametrize("query", ["", "suppress=0"])
def test_no_name_typed_anywhere_reaches_it(client, commissioner, planted, query):
    client.force_login(commissioner)
    text, _rows = report(client, planted, query)
    for word in (NAME, "Morwenna", "Trevithick", "Kerrier"):
        assert word.lower() not in text.lower()


@time_machine.travel(IN_Q3_2025, tick=False)
def test_it_names_listed_localities_and_counts_the_rest_as_other(client, commissioner, planted):
    client.force_login(commissioner)
    _text, rows = report(client, planted)
    headline = lines(rows, "1.2", "count")[""]
    localities = lines(rows, "1.2", LOCALITY)
    # Carrick is listed but nobody lives there: no line. Other: 4 + 3.
    assert list(localities) == ["Penwith", OTHER_LABEL]
    assert localities["Penwith"]["Q2"] == "6"
    assert localities[OTHER_LABEL]["Q2"] == "7"
    assert headline["Q2"] == "13"
    # The year to date is Q1 and Q2: the same people.
    assert (headline["Year to date"], localities[OTHER_LABEL]["Year to date"]) == ("13", "7")


@time_machine.travel(IN_Q3_2025, tick=False)
def test_its_breakdowns_still_add_up_to_the_headline(client, commissioner, planted):
    client.force_login(commissioner)
    _text, rows = report(client, planted, "suppress=0")
    headline = lines(rows, "1.2", "count")[""]
    for measure in (LOCALITY, "Gender (count)", "Ethnicity (count)"):
        for period in ("Q1", "Q2", "Year to date"):
            parts = lines(rows, "1.2", measure).values()
            assert sum(int(part[period]) for part in parts) == int(headline[period])


@time_machine.travel(IN_Q3_2025, tick=False)
def test_without_a_list_every_locality_is_other(client, commissioner, planted):
    planted.localities = []
    planted.save()
    client.force_login(commissioner)
    _text, rows = report(client, planted, "suppress=0")
    localities = lines(rows, "1.2", LOCALITY)
    assert {category: line["Q2"] for category, line in localities.items()} == {OTHER_LABEL: "13"}


@time_machine.travel(IN_Q3_2025, tick=False)
def test_every_word_in_it_is_the_frameworks_or_the_contracts_list(client, commissioner, planted):
    """Indicators and categories from the framework's vocabulary, localities from the list,
    targets and statuses from the specification: nothing else."""
    framework = framework_for(planted.framework)
    client.force_login(commissioner)
    _text, rows = report(client, planted, "suppress=0")
    titles = {indicator.title for indicator in framework.indicators}
    categories = {""} | {OTHER_LABEL} | set(planted.localities)
    for name in framework.breakdowns:
        categories |= {framework.category_label(name, c) for c in framework.category_order(name)}
    targets = {indicator.target_note for indicator in framework.indicators} | {"No target"}
    for row in rows[1:-1]:
        if row[2] == "Period not over":
            continue
        assert row[1] in titles, row
        assert row[3] in categories, row
        assert row[4] in targets or row[4].replace(".", "").rstrip("%").isdigit() or not row[4]
