"""Each panel page's queries, pinned, and the same whatever the number of applications and
panel members: counted on a round with 2 applications and 2 members, then 6 and 4."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contracts.models import Role
from funds4care.models import Score, ScoreSheet
from tests.factories import UserFactory

from .conftest import application_in

pytestmark = pytest.mark.django_db


def grow(round_, young_person, criteria, members: int, applications: int):
    """The round grown to so many members and applications, each new application scored and
    submitted by every member but Kai, who has saved scores on each."""
    panel = list(round_.panel.all())
    for n in range(members - len(panel)):
        member = UserFactory(
            username=f"panel.{n}", role=Role.PANEL_MEMBER, organisation=panel[0].organisation
        )
        round_.panel.add(member)
        panel.append(member)
    for n in range(round_.applications.count(), applications):
        application = application_in(round_, young_person, f"F4C-{n:04d}")
        for member in panel:
            kai = member.username == "panel.a"
            sheet = ScoreSheet.objects.create(
                application=application,
                member=member,
                conflicted=False,
                submitted_at=None if kai else timezone.now(),
            )
            Score.objects.bulk_create(
                Score(sheet=sheet, criterion=c, value=(n + i) % 6) for i, c in enumerate(criteria)
            )
    return application


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def pages(round_, application):
    contract = round_.fund.contract_id
    return {
        "home": reverse("f4c_panel:home"),
        "round": reverse("f4c_panel:round", args=[round_.pk]),
        "application": reverse("f4c_panel:application", args=[round_.pk, application.pk]),
        "moderation": reverse("f4c_panel:moderation", args=[contract, round_.pk]),
    }


# The queries of each page; each starts with the session and the user, and ends with the user's
# organisation (the page's header):
# home: the member's rounds; the counts of every round, by round.
# round: the round; its applications with their young people (to mask the names); the member's
#   sheets.
# application: the round; the application with its young person; the member's sheet; the
#   rubric; the files' names; the member's scores.
# moderation: the contract; the round with its fund; the rubric; the applications with their
#   young people; the submitted scores; the conflicts; the panel's size; the next round.
# And for all but home, the audit's row (audit/pages.py).
PINNED = {"home": 5, "round": 7, "application": 10, "moderation": 12}


def test_each_page_keeps_to_its_queries_whatever_the_size_of_the_round(
    client, kai, provider_a_manager, autumn, criteria, jade, django_assert_max_num_queries
):
    small = pages(autumn, grow(autumn, jade, criteria, members=2, applications=2))
    measured_small = {}
    for name, url in small.items():
        client.force_login(provider_a_manager if name == "moderation" else kai)
        measured_small[name] = count(client, url)
    large_application = grow(autumn, jade, criteria, members=4, applications=6)
    large = pages(autumn, large_application)
    for name, url in large.items():
        client.force_login(provider_a_manager if name == "moderation" else kai)
        with django_assert_max_num_queries(PINNED[name]):
            client.get(url)
        assert count(client, url) == measured_small[name], name
    assert measured_small == PINNED
