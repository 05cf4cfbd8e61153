"""Issue 12's promise to the young people who apply: a panel member, often their peer, never
sees who they are. Their names are planted in every text of an application, in every form a
worker might write them, and no panel page shows any of them, nor anything else of theirs."""

import re

import pytest
from django.urls import reverse

from .conftest import application_in, attach

pytestmark = pytest.mark.django_db

PLANTED = (
    "Jade-Marie Smith-Jones needs a laptop. JADE-MARIE SMITH-JONES said so; "
    "Jade-Marie's old one broke and Smith-Jones\u2019s family cannot help. "
    "jade-marie smith-jones, Jade Marie, Marie, JADE, smith, Jones's, YP-0042, LA998877."
)
# Every piece of the young person a panel page could give away, lower case.
SECRETS = ["jade", "marie", "smith", "jones", "yp-0042", "la998877", "bodmin", "2009"]


def leaked(html: str) -> list[str]:
    text = html.lower()
    return [secret for secret in SECRETS if re.search(rf"(?<![\w]){secret}", text)]


@pytest.fixture
def planted(autumn, jade, criteria, provider_a_manager):
    application = application_in(
        autumn,
        jade,
        "F4C-0007",
        purpose=PLANTED,
        reason=PLANTED.upper(),
        quote=PLANTED.lower(),
    )
    attach(application, "Jade-Marie Smith-Jones quote.pdf", provider_a_manager)
    attach(application, "SMITH-JONES_laptop.pdf", provider_a_manager)
    return application


def test_the_names_are_planted_where_the_staff_see_them(planted):
    # The test means something only if the staff's copy holds every form of the names.
    assert leaked(planted.purpose + planted.young_person.locality) == [
        "jade",
        "marie",
        "smith",
        "jones",
        "yp-0042",
        "la998877",
        "bodmin",
    ]


def test_a_panel_member_sees_none_of_the_young_persons_names_on_any_page(
    client, kai, planted, criteria
):
    client.force_login(kai)
    page = reverse("f4c_panel:application", args=[planted.round_id, planted.pk])
    seen = {
        "home": client.get(reverse("home"), follow=True),
        "round": client.get(reverse("f4c_panel:round", args=[planted.round_id])),
        "application": client.get(page),
        "declared": client.post(page, {"action": "declare", "conflicted": "no"}, follow=True),
    }
    save = {"action": "save", f"score_{criteria[0].pk}": "4", f"score_{criteria[1].pk}": "na"}
    seen["saved"] = client.post(page, save, follow=True)
    seen["refused"] = client.post(page, {**save, "action": "submit"})
    submit = {**save, f"score_{criteria[2].pk}": "3", "action": "submit"}
    seen["submitted"] = client.post(page, submit, follow=True)
    for name, response in seen.items():
        assert response.status_code == 200, name
        assert leaked(response.content.decode()) == [], name
    # What they do see: the reference, the amount, the words with the names masked.
    application_page = seen["application"].content.decode()
    assert "F4C-0007" in application_page
    assert "[the applicant] needs a laptop." in application_page
    assert "[the applicant] quote.pdf" in application_page
    assert "[the applicant]_laptop.pdf" in application_page
    assert "[reference hidden]" in application_page
    assert "[the applicant] needs a laptop." in seen["round"].content.decode()


def test_a_panel_page_names_no_other_user(client, kai, ruby, planted, provider_a_manager):
    client.force_login(kai)
    pages = [
        reverse("f4c_panel:home"),
        reverse("f4c_panel:round", args=[planted.round_id]),
        reverse("f4c_panel:application", args=[planted.round_id, planted.pk]),
    ]
    others = [ruby.last_name, ruby.email, provider_a_manager.email]
    others += [provider_a_manager.last_name, provider_a_manager.username]
    for url in pages:
        html = client.get(url).content.decode()
        assert [other for other in others if other in html] == [], url
