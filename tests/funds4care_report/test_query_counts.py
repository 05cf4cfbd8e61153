"""The report's queries, pinned, and the same whatever the size of the round: counted with 2
applications and 2 panel members, then 12 applications (some approved, paid, declined,
deferred) and 4 members."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contracts.models import Role
from funds4care.services import ledger
from tests.factories import UserFactory

from .conftest import apply, score

pytestmark = pytest.mark.django_db


def grow(round_, later, criteria, manager, applications: int, members: int) -> None:
    panel = list(round_.panel.all())
    for n in range(len(panel), members):
        member = UserFactory(
            username=f"panel.{n}", role=Role.PANEL_MEMBER, organisation=panel[0].organisation
        )
        round_.panel.add(member)
        panel.append(member)
    for n in range(round_.applications.count(), applications):
        application = apply(round_, f"G-{n:03d}", "100", date(2026, 5, 1))
        for member in panel:
            score(application, member, criteria, [n % 6, (n + 1) % 6])
        if n % 4 == 1:
            money = {"application": application, "by": manager, "amount": Decimal("50")}
            ledger.approve(**money, on=date(2026, 5, 20))
            ledger.record_payment(
                **money, paid_on=date(2026, 6, 1), method="card", reference=f"P-{n}"
            )
        elif n % 4 == 2:
            ledger.decline(application=application, by=manager, reason="No.", on=date(2026, 6, 2))
        elif n % 4 == 3:
            ledger.defer(application=application, by=manager, to_round=later)


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
    return len(queries)


# Each starts with the session and the user, then: the contract; the round with its fund; the
# history rows of the applications ever in the round; the applications (with their rounds and
# payments, and the young people for provider staff); the rubric; the submitted scores; the
# conflicts; the fund's approved grants with their payments (the pot by month). The page ends
# with the user's organisation (the page's header). Each ends with the audit's row.
PINNED = {"page": 12, "csv": 11}


@pytest.mark.parametrize("persona", ["provider_a_manager", "commissioner"])
def test_the_report_keeps_to_its_queries_whatever_the_size_of_the_round(
    client, request, persona, spring, summer, criteria, provider_a_manager,
    django_assert_max_num_queries,
):  # fmt: skip
    contract = spring.fund.contract_id
    urls = {
        "page": reverse("kpis:f4c_round_report", args=[contract, spring.pk]),
        "csv": reverse("kpis:f4c_round_report_csv", args=[contract, spring.pk]),
    }
    client.force_login(request.getfixturevalue(persona))
    grow(spring, summer, criteria, provider_a_manager, applications=2, members=2)
    small = {name: count(client, url) for name, url in urls.items()}
    grow(spring, summer, criteria, provider_a_manager, applications=12, members=4)
    large = {name: count(client, url) for name, url in urls.items()}
    assert small == large == PINNED
    for name, url in urls.items():
        with django_assert_max_num_queries(PINNED[name]):
            client.get(url)
