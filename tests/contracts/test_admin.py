"""The administration site: administrators only, and its lists open."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ADMIN_LISTS = [
    "contracts_organisation",
    "contracts_user",
    "contracts_contract",
    "contracts_youngperson",
    "contracts_session",
    "contracts_importrun",
]


@pytest.mark.parametrize("model", ADMIN_LISTS)
def test_an_administrator_opens_every_list(client, administrator, contract_a, model):
    client.force_login(administrator)
    assert client.get(reverse(f"admin:{model}_changelist")).status_code == 200


def test_provider_staff_are_sent_to_the_admin_login(client, provider_a_manager):
    client.force_login(provider_a_manager)
    response = client.get(reverse("admin:contracts_youngperson_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response.url


def test_nobody_adds_an_import_run_by_hand(client, administrator):
    client.force_login(administrator)
    assert client.get(reverse("admin:contracts_importrun_add")).status_code == 403
