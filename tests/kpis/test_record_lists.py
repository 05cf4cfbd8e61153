"""Every list of records behind a figure, reached as a person reaches it: through every link of
the KPI page, for both frameworks.

Provider staff see names and the titles they typed. A commissioner sees the same rows
pseudonymised: for every record about a young person, the young person's reference, age band
and locality; never a name, a date of birth or a title, funding source or other text the
provider typed. And a list asks the same queries however many records it has.
"""

import re
from datetime import UTC, datetime
from html import unescape
from urllib.parse import parse_qs

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contracts.codes import AGE_BANDS
from contracts.models import (
    AdditionalFunding,
    Initiative,
    KeyWorker,
    KeyWorkerActivity,
    Session,
    YoungPerson,
)
from kpis.pages.records import YOUNG_PERSON_OF
from mentoring.models import Mentor

from .datasets import make_cornwall_records, make_wolverhampton_records

pytestmark = pytest.mark.django_db

IN_Q3_2025 = datetime(2025, 11, 15, 12, tzinfo=UTC)  # two quarters of 2025/26 are over
PERIODS = r"(?:Q[1-4]|H[12]|FY|YTD)"

# What only provider staff may read, planted in every record that has it.
FIRST_NAME, LAST_NAME = "Firstmark", "Lastmark"
PROVIDERS_TEXT = {
    "session title": "Sessiontitlemark",
    "initiative title": "Initiativetitlemark",
    "activity title": "Activitytitlemark",
    "funding source": "Fundingsourcemark",
    "key worker's name": "Keyworkermark",
    "mentor's name": "Mentormark",
}


def plant_private_text(contract) -> list[YoungPerson]:
    """Names, titles and sources no page text can contain by chance."""
    people = list(YoungPerson.objects.filter(contract=contract))
    for young_person in people:
        young_person.first_name = f"{FIRST_NAME}{young_person.pk}"
        young_person.last_name = f"{LAST_NAME}{young_person.pk}"
    YoungPerson.objects.bulk_update(people, ["first_name", "last_name"])
    Session.objects.filter(contract=contract).update(title=PROVIDERS_TEXT["session title"])
    Initiative.objects.filter(contract=contract).update(title=PROVIDERS_TEXT["initiative title"])
    KeyWorkerActivity.objects.filter(contract=contract).update(
        title=PROVIDERS_TEXT["activity title"]
    )
    AdditionalFunding.objects.filter(contract=contract).update(
        source=PROVIDERS_TEXT["funding source"]
    )
    KeyWorker.objects.filter(contract=contract).update(name=PROVIDERS_TEXT["key worker's name"])
    Mentor.objects.filter(contract=contract).update(name=PROVIDERS_TEXT["mentor's name"])
    return people


def records_links(client, contract) -> list[str]:
    """Every distinct list the KPI page links to: each figure's, for each part and breakdown.

    One link of each: of the periods, the financial year's, whose rows include most; of a
    breakdown's categories, the first. The others have the same columns, and their queries
    differ only in the dates and the category compared.
    """
    response = client.get(f"{reverse('kpis:table', kwargs={'pk': contract.pk})}?year=2025")
    assert response.status_code == 200
    prefix = f"/contracts/{contract.pk}/kpis/2025/"
    pattern = rf'href="{re.escape(prefix)}({PERIODS})/([^/"]+)/(?:\?([^"]*))?"'
    lists: dict[tuple, str] = {}
    for period, code, query in re.findall(pattern, response.content.decode()):
        query = unescape(query)
        asked = parse_qs(query)
        key = (code, *(asked.get(name, [""])[0] for name in ("part", "breakdown")))
        if key not in lists or (period == "FY" and "/FY/" not in lists[key]):
            lists[key] = f"{prefix}{period}/{code}/" + (f"?{query}" if query else "")
    return list(lists.values())


def private_text_in(page: str, people: list[YoungPerson]) -> set[str]:
    found = {what for what, text in PROVIDERS_TEXT.items() if text in page}
    if FIRST_NAME in page:
        found.add("first name")
    if LAST_NAME in page:
        found.add("last name")
    for young_person in people:
        born = young_person.date_of_birth
        if f"{born:%d/%m/%Y}" in page or born.isoformat() in page:
            found.add("date of birth")
    return found


FRAMEWORKS = [
    (make_cornwall_records, "ep", "provider_a_worker", "commissioner"),
    (make_wolverhampton_records, "ypt", "provider_b_worker", "commissioner_b"),
]
KINDS = {
    "ep": {
        "young_people",
        "outcomes",
        "sessions",
        "initiatives",
        "mentors",
        "applications",
        "funding",
    },
    "ypt": {
        "young_people",
        "cases",
        "contacts",
        "assessments",
        "activities",
        "performance_reviews",
    },
}

# What provider staff read in the lists of each framework (and a commissioner does not).
STAFF_READ = {
    "ep": {
        "first name",
        "last name",
        "session title",
        "initiative title",
        "funding source",
        "mentor's name",
    },
    "ypt": {"first name", "last name", "activity title", "key worker's name"},
}


# 2025/26 over: its annual total's lists hold every record the year's generator made (in a
# year in progress they run to today, and the mentors and funding may all come later).
@time_machine.travel(datetime(2026, 5, 15, 12, tzinfo=UTC), tick=False)
@pytest.mark.parametrize(("make", "contract_name", "staff_name", "commissioner_name"), FRAMEWORKS)
def test_a_commissioner_reads_no_name_birth_date_or_providers_text_in_any_list(
    client, request, make, contract_name, staff_name, commissioner_name
):
    contract = request.getfixturevalue(contract_name)
    staff = request.getfixturevalue(staff_name)
    commissioner = request.getfixturevalue(commissioner_name)
    make(contract, scale=1)
    people = plant_private_text(contract)
    refs = {young_person.ref: young_person for young_person in people}
    client.force_login(commissioner)
    links = records_links(client, contract)
    kinds, staff_read = set(), set()
    for link in links:
        client.force_login(commissioner)
        response = client.get(link)
        assert response.status_code == 200, link
        page = response.content.decode()
        assert private_text_in(page, people) == set(), link
        kinds.add(response.context["kind"])
        if response.context["kind"] in YOUNG_PERSON_OF:
            headings = [column.heading for column in response.context["columns"]]
            reference = headings.index(
                "Reference" if YOUNG_PERSON_OF[response.context["kind"]] == "" else "Young person"
            )
            band, locality = headings.index("Age band"), headings.index("Locality")
            for cells, _counted in response.context["rows"]:
                young_person = refs[cells[reference][0]]
                assert cells[locality][0] == young_person.locality, link
                assert cells[band][0] in AGE_BANDS.values(), link
        # The same list as the provider's staff see it: their names and text are there.
        client.force_login(staff)
        staff_read |= private_text_in(client.get(link).content.decode(), people)
    # Every kind of list the framework has was reached, and what the commissioner did not see
    # was there to be seen.
    assert kinds == KINDS[contract_name]
    assert staff_read == STAFF_READ[contract_name]


@time_machine.travel(IN_Q3_2025, tick=False)
@pytest.mark.parametrize(("make", "contract_name", "staff_name", "commissioner_name"), FRAMEWORKS)
def test_every_list_asks_the_same_queries_for_ten_times_the_records(
    client, request, make, contract_name, staff_name, commissioner_name
):
    """Per list: session, user, contract, the user's organisation (navigation): 4; in a
    savepoint (2, and 1 on PostgreSQL to switch its JIT compiler off): the list's count and
    page (the page is not asked for when the count is 0), then the figure (one aggregate, and
    for a Cornwall participation figure the recorded localities; a list of one locality asks
    for them too); the audit's row (1). At most 13, on the small records and on eleven times as
    many."""
    contract = request.getfixturevalue(contract_name)
    make(contract, scale=1)
    client.force_login(request.getfixturevalue(commissioner_name))
    links = records_links(client, contract)

    def queries_per_list() -> dict[str, tuple[int, int]]:
        asked = {}
        for link in links:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(link)
            assert response.status_code == 200
            asked[link] = (len(captured), response.context["page"].paginator.count)
        return asked

    small = queries_per_list()
    make(contract, scale=10, seed=7)
    large = queries_per_list()
    assert max(count for count, _rows in (*small.values(), *large.values())) <= 13
    grown = [link for link in links if large[link][1] > small[link][1]]
    assert len(grown) > len(links) // 2  # the larger data really is larger
    for link in links:
        (small_queries, small_rows), (large_queries, large_rows) = small[link], large[link]
        # The page of rows is one query whatever its length, none when there are no rows.
        assert large_queries == small_queries + (small_rows == 0 < large_rows), link
