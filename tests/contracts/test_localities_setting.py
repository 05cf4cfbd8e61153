"""A contract's localities: kept by the provider's managers on the contract's settings page,
kept in the history, and shown to everyone who sees the contract, the commissioner too."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

pytestmark = pytest.mark.django_db


def edit_url(contract) -> str:
    return reverse("contracts:edit", kwargs={"pk": contract.pk})


def test_the_providers_manager_lists_the_localities_and_the_history_says_who(
    client, provider_a_manager, contract_a
):
    client.force_login(provider_a_manager)
    page = client.get(contract_a.get_absolute_url())
    assertContains(page, "Change localities")
    assertContains(page, edit_url(contract_a))
    assertContains(page, "None listed yet")

    form = client.get(edit_url(contract_a))
    assertContains(form, "One a line")
    response = client.post(
        edit_url(contract_a), {"localities": "Penwith\r\nKerrier\r\n\r\nCarrick\r\n"}, follow=True
    )
    assertContains(response, "settings were saved")
    contract_a.refresh_from_db()
    assert contract_a.localities == ["Penwith", "Kerrier", "Carrick"]
    assert contract_a.history.latest().history_user == provider_a_manager

    history = client.get(reverse("contracts:history", kwargs={"pk": contract_a.pk}))
    assertContains(history, escape(provider_a_manager.get_full_name()))
    assertContains(history, "Localities: (empty) → Penwith, Kerrier, Carrick")

    # The form shows them one a line, to change.
    assertContains(client.get(edit_url(contract_a)), "Penwith\nKerrier\nCarrick</textarea>")


def test_the_commissioner_sees_the_localities_but_does_not_change_them(
    client, commissioner, contract_a
):
    contract_a.localities = ["Penwith", "Kerrier"]
    contract_a.save()
    client.force_login(commissioner)
    page = client.get(contract_a.get_absolute_url())
    assertContains(page, "Penwith")
    assertContains(page, "Kerrier")
    assertNotContains(page, "Change localities")
    assert "localities" not in client.get(edit_url(contract_a)).context["form"].fields


def test_a_provider_worker_sees_them_but_may_not_change_them(client, provider_a_worker, contract_a):
    contract_a.localities = ["Penwith"]
    contract_a.save()
    client.force_login(provider_a_worker)
    page = client.get(contract_a.get_absolute_url())
    assertContains(page, "Penwith")
    assertNotContains(page, edit_url(contract_a))
    assert client.post(edit_url(contract_a), {"localities": "Atlantis"}).status_code == 403


def test_another_providers_manager_cannot_reach_them(client, contract_a, contract_b, provider_b):
    from tests.factories import UserFactory

    other = UserFactory(role="provider_manager", organisation=provider_b)
    client.force_login(other)
    assert client.post(edit_url(contract_a), {"localities": "Atlantis"}).status_code == 404
    contract_a.refresh_from_db()
    assert contract_a.localities == []


@pytest.mark.parametrize(
    "localities",
    [["Penwith", "penwith"], ["Penwith", ""], [" Penwith"], ["x" * 101], "Penwith", [3]],
)
def test_the_model_refuses_a_list_no_form_would_make(contract_a, localities):
    contract_a.localities = localities
    with pytest.raises(ValidationError) as refused:
        contract_a.full_clean()
    assert "localities" in refused.value.message_dict
