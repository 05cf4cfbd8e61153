"""Who may see what: login everywhere, and another organisation's contract is a 404."""

import re
from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from contracts.models import Contract

pytestmark = pytest.mark.django_db

# Pages a person must reach before they can log in.
PUBLIC_VIEWS = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}


def named_patterns(resolver: URLResolver, namespace: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def parameters_of(name: str) -> list[str]:
    """The URL parameters of a named page: its own, and those of the includes above it."""
    resolver = get_resolver()
    namespace, _, leaf = name.rpartition(":")
    inherited: list[str] = []
    for part in filter(None, namespace.split(":")):
        prefix, resolver = resolver.namespace_dict[part]
        inherited += re.findall(r"\(\?P<(\w+)>", prefix)
    (_format, parameters), *_ = resolver.reverse_dict.getlist(leaf)[0][0]
    return inherited + [p for p in parameters if p not in inherited]


SAMPLE_VALUES = {"uidb64": "MQ", "token": "set-password"}


def url_for(name: str, pk: int) -> str:
    """Every integer parameter gets the contract's pk: for a stranger, the contract alone must
    already answer 404, whatever record the rest of the URL names."""
    return reverse(name, kwargs={key: SAMPLE_VALUES.get(key, pk) for key in parameters_of(name)})


def tamar_pages():
    """Every named page of Tamar itself (the admin has its own login and is left to Django)."""
    return sorted(
        name for name, _pattern in named_patterns(get_resolver()) if not name.startswith("admin:")
    )


def test_it_knows_every_page_it_checks():
    names = set(tamar_pages())
    assert {"home", "login", "logout", "contracts:detail", "contracts:edit"} <= names


def test_it_asks_for_a_login_on_every_page_but_the_login_pages(client, contract_a):
    for name in tamar_pages():
        url = url_for(name, contract_a.pk)
        response = client.get(url)
        if name in PUBLIC_VIEWS:
            assert response.status_code in (200, 302), name
            if response.status_code == 302:
                assert not response.url.startswith(reverse("login")), name
        elif name == "logout":
            # Logging out is POST only; a GET is refused before anything else.
            assert response.status_code in (302, 405), name
        else:
            assert response.status_code == 302, name
            assert response.url.startswith(f"{reverse('login')}?next="), name


CONTRACT_PAGES = [
    name
    for name, _pattern in named_patterns(get_resolver())
    if not name.startswith("admin:") and "pk" in parameters_of(name)
]

# Tamar's pages that belong to no contract. A new page must be added here or take the
# contract's `pk`: either way it is checked, never silently left out.
PAGES_OF_NO_CONTRACT = PUBLIC_VIEWS | {
    "home",
    "logout",
    "password_change",
    "password_change_done",
    "account_sessions",
    "two_step",
    "two_step_verify",
    "two_step_enrol",
    "two_step_recovery_codes",
    "two_step_remove",
    "dashboard:index",
    "overdue_returns",
    "importer:import_template",
    # The youth panel's own pages: a panel member's rounds, never a contract's
    # (tests/funds4care_panel/test_access.py checks them).
    "f4c_panel:home",
    "f4c_panel:round",
    "f4c_panel:application",
}


# Casework pages are a Wolverhampton contract's (contract A runs Cornwall's framework): they are
# checked on one below, with casework records to name.
CASEWORK_PAGES = [name for name in CONTRACT_PAGES if "/casework/" in url_for(name, 1)]
CORNWALL_PAGES = [name for name in CONTRACT_PAGES if name not in CASEWORK_PAGES]


def test_every_page_is_a_contract_page_or_known_to_belong_to_none():
    assert set(tamar_pages()) - set(CONTRACT_PAGES) == PAGES_OF_NO_CONTRACT


# The record a `record_pk` names, by the page's name.
RECORD_FACTORIES = {
    "care_status": "CareStatusFactory",
    "placement": "PlacementFactory",
    "outcome_assessment": "OutcomeAssessmentFactory",
    "feedback": "FeedbackFactory",
    "information": "InformationProvidedFactory",
    "accreditation": "AccreditationFactory",
}


@pytest.fixture
def records_of_contract_a(contract_a, provider_a_manager, settings, tmp_path):
    """One real record of contract A for every kind of id a contract's URL can carry, so the
    owner's answer proves the URL names something, and a stranger's 404 is the access check."""
    from django.core.files.base import ContentFile

    from kpis.models import Return, ReturnAttachment
    from kpis.returns.due import open_returns
    from tests import factories
    from tests.kpis import factories as kpi_factories

    settings.MEDIA_ROOT = tmp_path
    young_person = factories.YoungPersonFactory(contract=contract_a)
    records = {
        name: getattr(factories, factory, None) or getattr(kpi_factories, factory)
        for name, factory in RECORD_FACTORIES.items()
    }
    records = {name: make(young_person=young_person) for name, make in records.items()}
    open_returns(contract=contract_a, on=date(2025, 10, 20))
    ret = Return.objects.filter(contract=contract_a).earliest("financial_year", "period")
    attachment = ReturnAttachment.objects.create(
        ret=ret,
        file=ContentFile(b"%PDF-1.7 minutes", name="minutes.pdf"),
        name="minutes.pdf",
        size=16,
        uploaded_by=provider_a_manager,
    )
    # Funds4 Care: the fund of the return's year, a round, an application with a file, a role.
    from funds4care.models import ApplicationFile, Funds4CareRole
    from tests.funds4care.factories import RoundFactory, SubmittedApplicationFactory

    spring = RoundFactory(
        fund__contract=contract_a, fund__financial_year=ret.financial_year,
        opens_on=date(ret.financial_year, 4, 1), closes_on=date(ret.financial_year, 6, 30),
    )  # fmt: skip
    application = SubmittedApplicationFactory(
        round=spring, young_person=young_person, submitted_date=date(ret.financial_year, 5, 1)
    )
    application_file = ApplicationFile.objects.create(
        application=application,
        file=ContentFile(b"%PDF-1.7 quote", name="quote.pdf"),
        name="quote.pdf",
        size=14,
        uploaded_by=provider_a_manager,
    )
    role = Funds4CareRole.objects.create(
        young_person=young_person, role="Panel member", start_date=date(ret.financial_year, 4, 1)
    )
    # Peer mentoring: a mentor, a young person waiting for one, and a match.
    from mentoring.models import Match, MenteeReferral

    mentor = factories.MentorFactory(contract=contract_a)
    referral = MenteeReferral.objects.create(
        contract=contract_a, ref="MR-0001", young_person=young_person,
        referral_date=date(2025, 5, 1), needs=["confidence"],
    )  # fmt: skip
    match = Match.objects.create(
        contract=contract_a, ref="MA-0001", mentor=mentor, start_date=date(2025, 5, 2),
        mentee=factories.YoungPersonFactory(contract=contract_a),
    )  # fmt: skip
    return {
        "mentor_pk": mentor.pk,
        "referral_pk": referral.pk,
        "match_pk": match.pk,
        "round_pk": spring.pk,
        "application_pk": application.pk,
        "action": "decline",
        "young_person_pk": young_person.pk,
        "round_id": spring.pk,
        "application_id": application.pk,
        "file_id": application_file.pk,
        "role_id": role.pk,
        "session_pk": factories.SessionFactory(contract=contract_a).pk,
        "initiative_pk": kpi_factories.InitiativeFactory(contract=contract_a).pk,
        "funding_pk": kpi_factories.AdditionalFundingFactory(contract=contract_a).pk,
        "return_id": ret.pk,
        "attachment_id": attachment.pk,
        "year": ret.financial_year,
        "period": "Q1",
        "code": "1.2",
        "records": {name: record.pk for name, record in records.items()},
    }


def real_url_for(name: str, contract, records: dict) -> str:
    kwargs = {}
    for key in parameters_of(name):
        if key == "pk":
            kwargs[key] = contract.pk
        elif key == "record_pk":
            kind = name.split(":")[1].removesuffix("_edit")
            kwargs[key] = records["records"][kind]
        else:
            kwargs[key] = records[key]
    return reverse(name, kwargs=kwargs)


STRANGERS = ["provider_b_worker", "provider_b_manager", "commissioner_b", "panel_member"]


@pytest.mark.parametrize("page", CORNWALL_PAGES)
def test_another_organisations_contract_answers_404_on_every_contract_page(
    client, request, administrator, contract_a, records_of_contract_a, page
):
    url = real_url_for(page, contract_a, records_of_contract_a)
    # The control: the same URL is there for someone who may see it, so a stranger's 404
    # below is the access check, not a record that does not exist.
    client.force_login(administrator)
    response = client.get(url)
    if response.streaming:
        # Read a download to its end, so its file is closed (through the test client's
        # wrapper: a plain close() would send request_finished and close the database
        # connection under the test on PostgreSQL).
        b"".join(response.streaming_content)
    assert response.status_code != 404, page
    for stranger in STRANGERS:
        client.force_login(request.getfixturevalue(stranger))
        assert client.get(url).status_code == 404, (page, stranger)
        assert client.post(url, {"title": "Taken over"}).status_code in (404, 405), (
            page,
            stranger,
        )
    contract_a.refresh_from_db()
    assert contract_a.title != "Taken over"


@pytest.fixture
def provider_b_manager(provider_b, contract_b):
    from contracts.models import Role
    from tests.factories import UserFactory

    return UserFactory(username="manager.b", role=Role.PROVIDER_MANAGER, organisation=provider_b)


def test_a_contract_that_does_not_exist_answers_404_like_anothers(client, commissioner):
    client.force_login(commissioner)
    assert client.get(reverse("contracts:detail", kwargs={"pk": 999999})).status_code == 404


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("commissioner", {"A-EP"}),
        ("commissioner_b", {"B-YPT"}),
        ("provider_a_manager", {"A-EP"}),
        ("provider_a_worker", {"A-EP"}),
        ("provider_b_worker", {"B-YPT"}),
        ("panel_member", set()),
        ("administrator", {"A-EP", "B-YPT"}),
    ],
)
def test_visible_to_gives_each_role_its_own_contracts(
    request, contract_a, contract_b, persona, expected
):
    user = request.getfixturevalue(persona)
    assert set(Contract.objects.visible_to(user).values_list("ref", flat=True)) == expected


def test_visible_to_gives_an_anonymous_visitor_nothing(contract_a):
    from django.contrib.auth.models import AnonymousUser

    assert not Contract.objects.visible_to(AnonymousUser()).exists()


@pytest.mark.parametrize(
    ("persona", "status", "fields"),
    [
        ("commissioner", 200, {"title", "annual_value", "residential_placement_codes"}),
        ("administrator", 200, {"title", "annual_value", "localities"}),
        # The provider's manager keeps the localities and the retention, and only them.
        ("provider_a_manager", 200, {"localities", "retention_years"}),
        ("provider_a_worker", 403, set()),
    ],
)
def test_the_settings_form_offers_each_person_what_they_may_change(
    client, request, contract_a, persona, status, fields
):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("contracts:edit", kwargs={"pk": contract_a.pk}))
    assert response.status_code == status
    if status == 200:
        offered = set(response.context["form"].fields)
        assert fields <= offered
        if persona == "provider_a_manager":
            assert offered == {"localities", "retention_years"}


def test_provider_staff_cannot_change_the_commissioners_settings_by_posting(
    client, contract_a, provider_a_manager, provider_a_worker
):
    posted = {
        "title": "Changed by the provider",
        "start_date": "2024-04-01",
        "end_date": "2027-03-31",
        "annual_value": "1",
        "record_timeframe_days": "5",
        "localities": "Truro",
    }
    edit = reverse("contracts:edit", kwargs={"pk": contract_a.pk})
    client.force_login(provider_a_worker)
    assert client.post(edit, posted).status_code == 403
    contract_a.refresh_from_db()
    assert contract_a.localities == []
    # The manager's form has the localities only: the rest of what they post is ignored.
    client.force_login(provider_a_manager)
    client.post(edit, posted)
    contract_a.refresh_from_db()
    assert contract_a.title != "Changed by the provider"
    assert contract_a.annual_value != 1
    assert contract_a.localities == ["Truro"]


@pytest.fixture
def casework_of_contract_b(contract_b):
    """One real casework record of contract B (Wolverhampton's) for every id a casework URL
    can carry."""
    from contracts.models import PlannedContact, SupportPlan
    from tests import factories
    from tests.kpis import factories as kpi_factories

    referral = factories.ReferralFactory(
        contract=contract_b, decision="accepted", decision_date=date(2025, 4, 2)
    )
    case = factories.CaseFactory(
        contract=contract_b, referral=referral, young_person=referral.young_person
    )
    worker = case.key_worker
    plan = SupportPlan.objects.create(
        case=case,
        agreed_date=date(2025, 5, 1),
        goals="School three days a week",
        young_persons_words="I want to play football again",
        review_date=date(2025, 8, 1),
    )
    records = {
        "contact": kpi_factories.ContactFactory(case=case).pk,
        "assessment": kpi_factories.AssessmentFactory(case=case).pk,
        "plan_review_add": plan.pk,
        "performance_review": kpi_factories.PerformanceReviewFactory(key_worker=worker).pk,
        "activity": kpi_factories.KeyWorkerActivityFactory(key_worker=worker).pk,
        "key_worker": worker.pk,
        "planned_contact": PlannedContact.objects.create(case=case, date=date(2025, 5, 2)).pk,
    }
    # An accepted referral not yet allocated: its allocation page is there to open.
    waiting = factories.ReferralFactory(
        contract=contract_b, decision="accepted", decision_date=date(2025, 4, 2)
    )
    return {
        "referral_pk": waiting.pk,
        "case_pk": case.pk,
        "key_worker_pk": worker.pk,
        "review_pk": records["performance_review"],
        "activity_pk": records["activity"],
        "young_person_pk": referral.young_person.pk,
        "records": records,
    }


def casework_url_for(name: str, contract, records: dict) -> str:
    kwargs = {}
    for key in parameters_of(name):
        if key == "pk":
            kwargs[key] = contract.pk
        elif key == "record_pk":
            leaf = name.split(":")[1]
            kind = leaf if leaf in records["records"] else leaf.removesuffix("_edit")
            kwargs[key] = records["records"][kind]
        else:
            kwargs[key] = records[key]
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("page", CASEWORK_PAGES)
def test_another_organisations_casework_answers_404_on_every_casework_page(
    client, request, administrator, contract_a, contract_b, casework_of_contract_b, page
):
    url = casework_url_for(page, contract_b, casework_of_contract_b)
    client.force_login(administrator)
    assert client.get(url).status_code == 200, page
    strangers = ["provider_a_worker", "provider_a_manager", "commissioner", "panel_member"]
    for stranger in strangers:
        client.force_login(request.getfixturevalue(stranger))
        assert client.get(url).status_code == 404, (page, stranger)
        assert client.post(url, {"decision": "declined"}).status_code in (404, 405), (
            page,
            stranger,
        )
    # And a contract without casework has none of these pages, whoever asks.
    client.force_login(administrator)
    assert client.get(url_for(page, contract_a.pk)).status_code == 404, page
