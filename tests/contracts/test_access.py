"""Who may see what: login everywhere, and another organisation's contract is a 404."""

import re

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
    if ":" in name and not name.startswith("admin:") and "pk" in parameters_of(name)
]


@pytest.mark.parametrize("page", CONTRACT_PAGES)
@pytest.mark.parametrize("stranger", ["provider_b_worker", "commissioner_b", "panel_member"])
def test_another_organisations_contract_answers_404_on_every_contract_page(
    client, request, contract_a, page, stranger
):
    client.force_login(request.getfixturevalue(stranger))
    url = url_for(page, contract_a.pk)
    assert client.get(url).status_code == 404
    assert client.post(url, {"title": "Taken over"}).status_code in (404, 405)
    contract_a.refresh_from_db()
    assert contract_a.title != "Taken over"


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
    ("persona", "status"),
    [
        ("commissioner", 200),
        ("administrator", 200),
        ("provider_a_manager", 403),
        ("provider_a_worker", 403),
    ],
)
def test_only_the_commissioner_may_open_the_settings_form(
    client, request, contract_a, persona, status
):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("contracts:edit", kwargs={"pk": contract_a.pk}))
    assert response.status_code == status


def test_provider_staff_cannot_change_settings_by_posting(client, contract_a, provider_a_manager):
    client.force_login(provider_a_manager)
    response = client.post(
        reverse("contracts:edit", kwargs={"pk": contract_a.pk}),
        {
            "title": "Changed by the provider",
            "start_date": "2024-04-01",
            "end_date": "2027-03-31",
            "annual_value": "1",
            "record_timeframe_days": "5",
        },
    )
    assert response.status_code == 403
    contract_a.refresh_from_db()
    assert contract_a.title != "Changed by the provider"
