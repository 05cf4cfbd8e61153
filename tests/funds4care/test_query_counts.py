"""Each Funds4 Care page asks the database a fixed number of queries, however many
applications, rounds, files and events there are (measured on 2 and on 12 of each)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from funds4care.models import ApplicationEvent, ApplicationFile
from funds4care.services.ledger import approve

from .factories import CriterionFactory, RoundFactory, SubmittedApplicationFactory

pytestmark = pytest.mark.django_db

# The most each page asks, measured. Every page: the session, the user, the contract, and the
# user's organisation (the navigation bar); the applications' pages, the audit's row. Then its
# own:
# home (14): the fund, the list's count and page (with the young person, round and payment),
#   the status counts (one aggregate), the rounds (with their counts), their criteria, the
#   years with a fund, the filter's rounds, and the ledger (one aggregate);
# application (9): the application (with young person, round, fund and payment), its events
#   (with who), its files, the ledger, the fund's next round... (the forms ask nothing);
# application_edit (9): the application, the rounds to choose from, the young people;
# fund_edit (7): the fund, the form's copy of it, its history (with who);
# round_edit (10): the fund, the round, its criteria, the panel members to choose from and
#   the ones chosen.
LIMITS = {"home": 14, "application": 9, "application_edit": 9, "fund_edit": 7, "round_edit": 10}


def grow(spring, manager, n: int) -> None:
    for number in range(n):
        application = SubmittedApplicationFactory(round=spring)
        approve(application=application, by=manager, amount=Decimal("10"), on=date(2026, 5, 20))
        CriterionFactory(round=spring)
        RoundFactory(fund=spring.fund, name=f"Extra {n}-{number}", opens_on=date(2026, 8, 1),
                     closes_on=date(2026, 8, 30))  # fmt: skip


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.fixture
def pages(spring, provider_a_manager, jade):
    kw = {"pk": spring.fund.contract_id}
    subject = SubmittedApplicationFactory(round=spring, young_person=jade)
    approve(application=subject, by=provider_a_manager, amount=Decimal("20"), on=date(2026, 5, 20))
    draft = SubmittedApplicationFactory(round=spring, young_person=jade, draft=True)
    for n in range(3):
        ApplicationEvent.objects.create(application=subject, action="x", to_status="approved",
                                        by=provider_a_manager)  # fmt: skip
        ApplicationFile.objects.create(application=subject, file=f"f{n}.pdf", name=f"f{n}.pdf",
                                       size=1, uploaded_by=provider_a_manager)  # fmt: skip

    def url(name: str, **more: int) -> str:
        return reverse(f"funds4care:{name}", kwargs={**kw, **more})

    return {
        "home": url("home") + "?year=2026",
        "application": url("application", application_id=subject.pk),
        "application_edit": url("application_edit", application_id=draft.pk),
        "fund_edit": url("fund_edit", year=2026),
        "round_edit": url("round_edit", year=2026, round_id=spring.pk),
    }


def test_each_page_asks_a_fixed_number_of_queries(client, pages, spring, provider_a_manager):
    client.force_login(provider_a_manager)
    grow(spring, provider_a_manager, 2)
    small = {name: count(client, url) for name, url in pages.items()}
    grow(spring, provider_a_manager, 10)
    large = {name: count(client, url) for name, url in pages.items()}
    assert small == large
    for name, queries in large.items():
        assert queries <= LIMITS[name], (name, queries)


def test_the_home_page_within_its_limit(
    client, pages, provider_a_manager, django_assert_max_num_queries
):
    client.force_login(provider_a_manager)
    with django_assert_max_num_queries(LIMITS["home"]):
        client.get(pages["home"])
