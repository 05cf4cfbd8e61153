"""The audit's rows: one per look at personal data by a signed-in user, with who, what, whose
and from where; sign-ins, failed sign-ins and sign-outs; nothing for anyone else."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db

BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}


@pytest.fixture
def person(contract_a):
    return factories.YoungPersonFactory(contract=contract_a, first_name="Morwenna")


@pytest.fixture
def signed_in(client, provider_a_worker):
    client.force_login(provider_a_worker)
    return client


def static(client):
    response = client.get("/static/css/tamar.css")
    b"".join(response.streaming_content)  # read to its end, so the file is closed
    return response


def events(**filters):
    return list(AuditEvent.objects.exclude(kind="login").filter(**filters).order_by("id"))


def test_a_young_persons_page_is_one_row_with_who_what_whose_and_from_where(
    signed_in, provider_a_worker, contract_a, person
):
    url = reverse("contracts:young_person_detail", args=[contract_a.pk, person.pk])
    response = signed_in.get(url + "?tab=1", REMOTE_ADDR="192.0.2.7", **BROWSER)
    assert response.status_code == 200
    (event,) = events()
    assert event.kind == "view"
    assert event.user == provider_a_worker
    assert event.username == "worker.a"
    assert event.method == "GET"
    assert event.url_name == "contracts:young_person_detail"
    assert event.path == url + "?tab=1"
    assert event.status_code == 200
    assert event.contract_pk == contract_a.pk
    assert event.young_person_pk == person.pk
    assert event.ip_address == "192.0.2.7"
    assert event.user_agent == BROWSER["HTTP_USER_AGENT"]


def test_a_record_of_a_young_person_names_them(signed_in, contract_a, person):
    from tests.kpis.factories import FeedbackFactory

    feedback = FeedbackFactory(young_person=person)
    url = reverse("contracts:feedback_edit", args=[contract_a.pk, person.pk, feedback.pk])
    assert signed_in.get(url).status_code == 200
    (event,) = events()
    assert (event.kind, event.young_person_pk) == ("view", person.pk)


def test_a_list_of_young_people_is_a_row_naming_nobody(signed_in, contract_a, person):
    url = reverse("contracts:young_people", args=[contract_a.pk])
    assert signed_in.get(url, {"q": "Morwenna", "age_band": "16-17"}).status_code == 200
    (event,) = events()
    assert event.kind == "view"
    assert event.url_name == "contracts:young_people"
    # That a search was made and the filters, not the words: a child's name typed in the box
    # would stay in a table nothing can change, beyond the reach of their erasure.
    assert event.path == url + "?q=[search]&age_band=16-17"
    assert event.young_person_pk is None
    assert event.contract_pk == contract_a.pk


def test_no_search_words_are_kept_however_the_box_is_sent(signed_in, contract_a, person):
    url = reverse("contracts:young_people", args=[contract_a.pk])
    signed_in.get(url + "?page=1&%71=Morwenna+Pascoe&q=&q=Jago")
    (event,) = events()
    assert event.path == url + "?page=1&q=[search]&q=[search]&q=[search]"
    assert "Morwenna" not in event.path and "Jago" not in event.path


def test_a_user_agent_is_cut_to_its_column(signed_in, contract_a):
    url = reverse("contracts:young_people", args=[contract_a.pk])
    signed_in.get(url, HTTP_USER_AGENT="x" * 1000)
    (event,) = events()
    assert event.user_agent == "x" * 300


def test_a_drill_down_is_a_view(client, provider_a_manager, contract_a):
    client.force_login(provider_a_manager)
    url = reverse("kpis:records", args=[contract_a.pk, 2025, "Q1", "1.2"])
    assert client.get(url).status_code == 200
    (event,) = events()
    assert (event.kind, event.url_name) == ("view", "kpis:records")


def test_a_csv_export_is_an_export(client, commissioner, contract_a):
    client.force_login(commissioner)
    url = reverse("reports:board_report", args=[contract_a.pk, 2025])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    (event,) = events()
    assert (event.kind, event.url_name, event.user) == (
        "export",
        "reports:board_report",
        commissioner,
    )


def test_an_attachment_is_a_download(client, provider_a_manager, contract_a):
    from kpis.models import Return, ReturnAttachment
    from kpis.returns.due import open_returns

    open_returns(contract=contract_a, on=date(2025, 10, 20))
    ret = Return.objects.filter(contract=contract_a).earliest("financial_year", "period")
    attachment = ReturnAttachment.objects.create(
        ret=ret,
        file=ContentFile(b"%PDF-1.7 minutes", name="minutes.pdf"),
        name="minutes.pdf",
        size=16,
        uploaded_by=provider_a_manager,
    )
    client.force_login(provider_a_manager)
    url = reverse("returns:attachment", args=[contract_a.pk, ret.pk, attachment.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 minutes"
    (event,) = events()
    assert (event.kind, event.url_name, event.contract_pk) == (
        "download",
        "returns:attachment",
        contract_a.pk,
    )


def test_a_refused_request_is_written_with_the_user(client, provider_b_worker, contract_a, person):
    client.force_login(provider_b_worker)
    url = reverse("contracts:young_person_detail", args=[contract_a.pk, person.pk])
    assert client.get(url).status_code == 404
    (event,) = events()
    assert (event.kind, event.status_code, event.user) == ("refused", 404, provider_b_worker)
    assert event.young_person_pk == person.pk  # whom they tried to reach


def test_a_commissioner_refused_a_childs_record_is_a_403_row(
    client, commissioner, contract_a, person
):
    client.force_login(commissioner)
    url = reverse("contracts:young_person_detail", args=[contract_a.pk, person.pk])
    assert client.get(url).status_code == 403
    (event,) = events()
    assert (event.kind, event.status_code, event.user) == ("refused", 403, commissioner)


def test_casework_names_the_young_person_of_the_case_in_the_same_insert(
    client, provider_b_worker, contract_b
):
    case = factories.CaseFactory(contract=contract_b)
    client.force_login(provider_b_worker)
    url = reverse("contracts:case_detail", args=[contract_b.pk, case.pk])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    (event,) = events()
    assert event.young_person_pk == case.young_person_id
    # The audit's one statement: an INSERT finding the case's young person inside it.
    table = AuditEvent._meta.db_table
    audit = [query["sql"] for query in queries.captured_queries if table in query["sql"]]
    assert len(audit) == 1
    assert audit[0].startswith("INSERT") and "contracts_case" in audit[0]


def test_signing_in_failing_and_signing_out_are_rows(client, provider_a_worker):
    provider_a_worker.set_password("a-long-password-1")
    provider_a_worker.save()
    login = reverse("login")
    client.post(login, {"username": "worker.a", "password": "wrong"}, REMOTE_ADDR="192.0.2.9")
    client.post(login, {"username": "worker.a", "password": "a-long-password-1"}, **BROWSER)
    client.post(reverse("logout"))
    failed, signed_in, signed_out = AuditEvent.objects.order_by("id")
    assert (failed.kind, failed.username, failed.user) == ("login_failed", "worker.a", None)
    assert failed.ip_address == "192.0.2.9"
    assert failed.url_name == "login"
    assert (signed_in.kind, signed_in.user) == ("login", provider_a_worker)
    assert signed_in.user_agent == BROWSER["HTTP_USER_AGENT"]
    assert (signed_out.kind, signed_out.user, signed_out.username) == (
        "logout",
        provider_a_worker,
        "worker.a",
    )


def test_a_failed_sign_in_keeps_a_username_nobody_has(client):
    client.post(reverse("login"), {"username": "no.such.person", "password": "guess"})
    (event,) = AuditEvent.objects.all()
    assert (event.kind, event.username, event.user) == ("login_failed", "no.such.person", None)


def test_nothing_for_an_anonymous_visitor_or_a_static_file(client, contract_a, person):
    url = reverse("contracts:young_person_detail", args=[contract_a.pk, person.pk])
    assert client.get(url).status_code == 302  # to the login page
    assert static(client).status_code == 200
    assert not AuditEvent.objects.exists()


def test_nothing_for_a_static_file_or_a_page_without_personal_data_when_signed_in(
    signed_in, contract_a
):
    assert static(signed_in).status_code == 200
    assert signed_in.get(reverse("contracts:detail", args=[contract_a.pk])).status_code == 200
    assert signed_in.get(reverse("home")).status_code == 200
    assert events() == []


def test_a_redirect_or_a_post_is_not_a_view(signed_in, contract_a, person):
    url = reverse("contracts:young_person_edit", args=[contract_a.pk, person.pk])
    signed_in.post(url, {})  # the form again, with its errors (200): a POST, not a look
    assert events() == []


def test_behind_the_tls_proxy_the_address_is_the_one_the_proxy_added(
    signed_in, settings, contract_a
):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    url = reverse("contracts:young_people", args=[contract_a.pk])
    signed_in.get(
        url,
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.66, 198.51.100.4",
        HTTP_X_FORWARDED_PROTO="https",
        secure=True,
    )
    (event,) = events()
    assert event.ip_address == "198.51.100.4"
