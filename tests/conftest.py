"""Personas shared by every test.

Two councils each commission one provider: council A commissions provider A's contract,
council B commissions provider B's. The strangers of each test are the other side's staff.
"""

import pytest

from contracts.models import Organisation, Role

from .factories import ContractFactory, OrganisationFactory, UserFactory

# The longest browser journeys (10 to 20 s each): started first among the browser tests, so
# that the two workers finish together rather than one waiting for the other's last long walk.
LONG_JOURNEYS = ("test_funds4care_round.py", "test_return_review.py", "test_return_workflow.py")


def pytest_collection_modifyitems(items):
    """Browser tests last: while Playwright runs, Django keys connections by async context
    (see tests/browser/conftest.py), and no other test should open one in that window."""

    def order(item) -> tuple[bool, bool]:
        browser = item.get_closest_marker("browser") is not None
        return browser, browser and item.path.name not in LONG_JOURNEYS

    items.sort(key=order)


@pytest.fixture
def council_a():
    return OrganisationFactory(name="Council A", kind=Organisation.Kind.COMMISSIONER)


@pytest.fixture
def council_b():
    return OrganisationFactory(name="Council B", kind=Organisation.Kind.COMMISSIONER)


@pytest.fixture
def provider_a():
    return OrganisationFactory(name="Provider A", kind=Organisation.Kind.PROVIDER)


@pytest.fixture
def provider_b():
    return OrganisationFactory(name="Provider B", kind=Organisation.Kind.PROVIDER)


@pytest.fixture
def contract_a(council_a, provider_a):
    return ContractFactory(ref="A-EP", commissioner=council_a, provider=provider_a)


@pytest.fixture
def contract_b(council_b, provider_b):
    return ContractFactory(
        ref="B-YPT",
        framework="wolverhampton_ypt",
        commissioner=council_b,
        provider=provider_b,
    )


@pytest.fixture
def commissioner(council_a, contract_a):
    return UserFactory(username="commissioner.a", role=Role.COMMISSIONER, organisation=council_a)


@pytest.fixture
def commissioner_b(council_b, contract_b):
    return UserFactory(username="commissioner.b", role=Role.COMMISSIONER, organisation=council_b)


@pytest.fixture
def provider_a_manager(provider_a, contract_a):
    return UserFactory(username="manager.a", role=Role.PROVIDER_MANAGER, organisation=provider_a)


@pytest.fixture
def provider_a_worker(provider_a, contract_a):
    return UserFactory(username="worker.a", role=Role.PROVIDER_WORKER, organisation=provider_a)


@pytest.fixture
def provider_b_worker(provider_b, contract_b):
    return UserFactory(username="worker.b", role=Role.PROVIDER_WORKER, organisation=provider_b)


@pytest.fixture
def panel_member(provider_a):
    return UserFactory(username="panel.a", role=Role.PANEL_MEMBER, organisation=provider_a)


@pytest.fixture
def administrator():
    return UserFactory(
        username="admin",
        role=Role.ADMINISTRATOR,
        organisation=None,
        is_staff=True,
        is_superuser=True,
    )


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test's uploads (import workbooks, return attachments) go to its own folder, never
    into the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
