"""The round's report on screen and as CSV: the figures as counted by hand, the chart's text
alternative and the table beside it stating the same figures, names for the provider's staff
only, and the contract first (another organisation, and a panel member, get 404)."""

import csv
import io
import re

import pytest
from django.urls import reverse

from funds4care.models import Fund, Round

pytestmark = pytest.mark.django_db


def page_url(round_):
    return reverse("kpis:f4c_round_report", args=[round_.fund.contract_id, round_.pk])


def csv_url(round_):
    return reverse("kpis:f4c_round_report_csv", args=[round_.fund.contract_id, round_.pk])


def by_testid(html: str, testid: str) -> str:
    found = re.search(rf'data-testid="{testid}"[^>]*>(.*?)</td>', html, re.S)
    assert found, testid
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def test_the_manager_reads_the_rounds_figures(client, provider_a_manager, spring, spring_round):
    client.force_login(provider_a_manager)
    html = client.get(page_url(spring)).content.decode()
    figures = {
        testid: by_testid(html, testid)
        for testid in (
            "received", "decided", "approved", "declined", "deferred", "withdrawn", "pending",
            "requested", "awarded", "paid", "average-approved", "average-declined",
            "median-days", "longest-days",
        )
    }  # fmt: skip
    assert figures == {
        "received": "5",
        "decided": "2",
        "approved": "1",
        "declined": "1",
        "deferred": "1",
        "withdrawn": "1",
        "pending": "1",
        "requested": "£750.00",
        "awarded": "£180.00",
        "paid": "£180.00",
        "average-approved": "4.33 out of 5",
        "average-declined": "1.50 out of 5",
        "median-days": "15",
        "longest-days": "20",
    }
    assert 'data-testid="carried-over"' not in html  # nothing carried over into spring


def table_rows(html: str, testid: str) -> list[list[str]]:
    table = re.search(rf'<table[^>]*data-testid="{testid}".*?</table>', html, re.S).group(0)
    body = re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1)
    return [
        [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells]
        for cells in (
            re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
        )
    ]


def test_the_table_lists_the_rounds_applications_with_names_for_the_provider(
    client, provider_a_worker, spring, spring_round
):
    client.force_login(provider_a_worker)
    rows = table_rows(client.get(page_url(spring)).content.decode(), "round-table")
    assert [row for row in rows if row[0] in ("F4C-1", "F4C-3")] == [
        ["F4C-1", "Jade Trelawny (YP-0042)", "£200.00", "£180.00", "Approved and paid", "4.33",
         "10"],
        ["F4C-3", rows[2][1], "£250.00", "-", "Deferred to Summer 2026", "-", "-"],
    ]  # fmt: skip
    assert [row[0] for row in rows] == ["F4C-1", "F4C-2", "F4C-3", "F4C-4", "F4C-5"]


def test_the_charts_text_alternative_and_the_table_beside_it_say_the_same(
    client, commissioner, spring, spring_round
):
    client.force_login(commissioner)
    html = client.get(page_url(spring)).content.decode()
    said = (
        "Apr 2026: 1,000; May 2026: 820; Jun 2026: 820; Jul 2026: 820; "
        "Aug 2026: 570 so far, to 10 August 2026."
    )
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", html, re.S).group(1)
    assert desc == said
    label = re.search(r'<svg[^>]*aria-label="([^"]*)"', html).group(1)
    assert label.endswith(said) and "the pot remaining at the end of each month" in label
    assert table_rows(html, "pot-table") == [
        ["Apr 2026", "£0.00", "£0.00", "£1,000.00"],
        ["May 2026", "£180.00", "£0.00", "£820.00"],
        ["Jun 2026", "£0.00", "£180.00", "£820.00"],
        ["Jul 2026", "£0.00", "£180.00", "£820.00"],
        ["Aug 2026 (so far, to 10 August 2026)", "£250.00", "£180.00", "£570.00"],
    ]
    # The month so far is drawn hollow, not by a paler colour alone, and its words say so.
    assert html.count('data-so-far="true"') == 1


@pytest.mark.parametrize("url_of", [page_url, csv_url])
def test_the_commissioner_sees_references_never_a_name(
    client, commissioner, spring, spring_round, url_of
):
    client.force_login(commissioner)
    response = client.get(url_of(spring))
    text = response.content.decode("utf-8-sig")
    assert "YP-0042" in text and "F4C-1" in text
    for name in ("Jade", "Trelawny"):
        assert name.lower() not in text.lower()
    if url_of is page_url:
        assert response.context["show_names"] is False


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="a-ep-spring-2026-report.csv"'
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_holds_the_rounds_table(client, provider_a_manager, spring, spring_round):
    client.force_login(provider_a_manager)
    rows = read_csv(client.get(csv_url(spring)))
    assert rows[0] == [
        "Application", "Young person", "Requested (£)", "Awarded (£)", "Paid (£)", "Status",
        "Average score (out of 5)", "Days to decision",
    ]  # fmt: skip
    assert rows[1:3] == [
        ["F4C-1", "Jade Trelawny", "200.00", "180.00", "180.00", "Approved and paid", "4.33", "10"],
        ["F4C-2", rows[2][1], "150.00", "", "", "Declined", "1.50", "20"],
    ]  # fmt: skip
    assert len(rows) == 6


def test_the_csv_never_lets_a_cell_run_as_a_formula(
    client, provider_a_manager, spring, spring_round, jade
):
    jade.first_name, jade.last_name = '=HYPERLINK("http://evil")', "@Trelawny"
    jade.save()
    client.force_login(provider_a_manager)
    rows = read_csv(client.get(csv_url(spring)))
    assert rows[1][1] == '\'=HYPERLINK("http://evil") @Trelawny'
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("provider_a_manager", 200),
        ("provider_a_worker", 200),
        ("commissioner", 200),
        ("administrator", 200),
        ("provider_b_worker", 404),
        ("commissioner_b", 404),
        ("kai", 404),  # a panel member, even of this round
    ],
)
@pytest.mark.parametrize("url_of", [page_url, csv_url])
def test_the_contract_comes_first(client, request, spring, spring_round, persona, status, url_of):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url_of(spring)).status_code == status


def test_a_round_of_another_contract_is_404_under_this_contract(
    client, provider_a_manager, contract_a, contract_b, spring
):
    other = Round.objects.create(
        fund=Fund.objects.create(contract=contract_b, financial_year=2026),
        name="Theirs", opens_on=spring.opens_on, closes_on=spring.closes_on,
    )  # fmt: skip
    client.force_login(provider_a_manager)
    url = reverse("kpis:f4c_round_report", args=[contract_a.pk, other.pk])
    assert client.get(url).status_code == 404


def test_the_funds4care_home_and_the_moderation_page_link_to_the_report(
    client, provider_a_manager, contract_a, spring
):
    client.force_login(provider_a_manager)
    home = client.get(reverse("funds4care:home", args=[contract_a.pk]) + "?year=2026")
    assert page_url(spring) in home.content.decode()
    moderation = client.get(reverse("f4c_panel:moderation", args=[contract_a.pk, spring.pk]))
    assert page_url(spring) in moderation.content.decode()


def test_a_round_with_nothing_yet_says_so(client, commissioner, contract_a):
    fund = Fund.objects.create(contract=contract_a, financial_year=2027)
    empty = Round.objects.create(
        fund=fund, name="Spring 2027", opens_on="2027-04-01", closes_on="2027-06-30"
    )
    client.force_login(commissioner)
    html = client.get(page_url(empty)).content.decode()
    assert by_testid(html, "received") == "0"
    assert by_testid(html, "median-days") == "None decided"
    assert by_testid(html, "average-approved") == "None scored"
    assert "No applications have been submitted to this round." in html
    assert "The fund's year has not begun" in html and "<svg" not in html
