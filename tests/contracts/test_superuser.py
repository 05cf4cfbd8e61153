"""`manage.py createsuperuser` makes an administrator: no organisation, every contract."""

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from pytest_django.asserts import assertContains

from contracts.models import Contract, Role, User
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-admin-passphrase-2026"


def test_createsuperuser_makes_an_administrator_who_logs_in_and_sees_every_contract(
    client, monkeypatch, contract_a, contract_b
):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command(
        "createsuperuser", interactive=False, username="root", email="root@example.org", verbosity=0
    )

    user = User.objects.get(username="root")
    assert (user.role, user.organisation, user.is_superuser, user.is_staff) == (
        Role.ADMINISTRATOR,
        None,
        True,
        True,
    )
    assert set(Contract.objects.visible_to(user)) == {contract_a, contract_b}
    assert client.login(username="root", password=PASSWORD)
    home = client.get(reverse("home"))
    assertContains(home, contract_a.ref)
    assertContains(home, contract_b.ref)
    assert client.get(contract_b.get_absolute_url()).status_code == 200


def test_a_superuser_with_another_role_is_refused():
    with pytest.raises(ValueError, match="administrator"):
        User.objects.create_superuser("root", "root@example.org", PASSWORD, role=Role.COMMISSIONER)
    assert not User.objects.exists()


def test_an_ordinary_user_still_needs_a_role():
    # Only a superuser gets the administrator role by default: anyone else must be given one.
    with pytest.raises(IntegrityError, match="user_role_valid"), transaction.atomic():
        User.objects.create_user(
            "someone", "someone@example.org", PASSWORD, organisation=OrganisationFactory()
        )
