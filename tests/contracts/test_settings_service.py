"""save_contract_settings: the one write of a contract's settings, and the signal it sends so
the apps above contracts can follow a change."""

import pytest
from django.core.exceptions import PermissionDenied

from contracts.services import save_contract_settings
from contracts.signals import contract_settings_changed

pytestmark = pytest.mark.django_db


def settings_of(contract, **changes):
    return {
        "title": contract.title,
        "start_date": contract.start_date.isoformat(),
        "end_date": contract.end_date.isoformat(),
        "annual_value": str(contract.annual_value),
        "record_timeframe_days": contract.record_timeframe_days,
        "return_due_working_days": contract.return_due_working_days,
        "residential_placement_codes": contract.residential_placement_codes,
        "mentoring_first_review_weeks": contract.mentoring_first_review_weeks,
        "mentoring_review_months": contract.mentoring_review_months,
        **changes,
    }


@pytest.fixture
def sent():
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    contract_settings_changed.connect(receiver, dispatch_uid="test-settings-service")
    yield calls
    contract_settings_changed.disconnect(dispatch_uid="test-settings-service")


def test_it_saves_and_says_which_settings_changed(contract_a, commissioner, sent):
    form = save_contract_settings(
        contract=contract_a,
        data=settings_of(contract_a, title="Renewed", return_due_working_days=5),
        by=commissioner,
    )
    assert form.is_valid()
    contract_a.refresh_from_db()
    assert (contract_a.title, contract_a.return_due_working_days) == ("Renewed", 5)
    assert len(sent) == 1
    assert sent[0]["contract"].pk == contract_a.pk
    assert sorted(sent[0]["changed"]) == ["return_due_working_days", "title"]
    assert contract_a.history.first().history_user == commissioner


def test_nothing_changed_sends_nothing(contract_a, commissioner, sent):
    assert save_contract_settings(
        contract=contract_a, data=settings_of(contract_a), by=commissioner
    ).is_valid()
    assert sent == []


def test_invalid_settings_save_nothing_and_send_nothing(contract_a, commissioner, sent):
    form = save_contract_settings(
        contract=contract_a,
        data=settings_of(contract_a, title="Renewed", end_date="2000-01-01"),
        by=commissioner,
    )
    assert "end_date" in form.errors
    contract_a.refresh_from_db()
    assert contract_a.title != "Renewed"
    assert sent == []


def test_only_the_commissioner_may_change_the_details(
    contract_a, provider_a_manager, provider_a_worker, sent
):
    with pytest.raises(PermissionDenied):
        save_contract_settings(
            contract=contract_a,
            data=settings_of(contract_a, title="Renewed"),
            by=provider_a_worker,
        )
    # The provider's manager changes the localities only: the title they send is ignored.
    form = save_contract_settings(
        contract=contract_a, data=settings_of(contract_a, title="Renewed"), by=provider_a_manager
    )
    assert form.is_valid()
    contract_a.refresh_from_db()
    assert contract_a.title != "Renewed"
    assert sent == []


def test_the_providers_manager_keeps_the_localities_in_the_history_and_it_is_signalled(
    contract_a, provider_a_manager, sent
):
    form = save_contract_settings(
        contract=contract_a,
        data={"localities": "Penwith\n  Kerrier \n\nCarrick\npenwith\nNorth   Cornwall"},
        by=provider_a_manager,
    )
    assert form.is_valid(), form.errors
    contract_a.refresh_from_db()
    # One a line, tidied: blank lines dropped, spaces evened, a repeat kept once as first typed.
    assert contract_a.localities == ["Penwith", "Kerrier", "Carrick", "North Cornwall"]
    assert [call["changed"] for call in sent] == [["localities"]]
    latest = contract_a.history.latest()
    assert latest.history_user == provider_a_manager
    assert latest.localities == ["Penwith", "Kerrier", "Carrick", "North Cornwall"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Truro\n" + "x" * 101, "a locality can be up to 100 characters"),
        ("\n".join(f"Place {n}" for n in range(201)), "201 localities: at most 200"),
    ],
)
def test_localities_too_long_or_too_many_are_a_field_error(
    contract_a, provider_a_manager, sent, typed, message
):
    form = save_contract_settings(
        contract=contract_a, data={"localities": typed}, by=provider_a_manager
    )
    assert message in form.errors["localities"][0]
    contract_a.refresh_from_db()
    assert contract_a.localities == []
    assert sent == []


def test_a_receiver_that_fails_undoes_the_save(contract_a, commissioner):
    def refuse(sender, **kwargs):
        raise RuntimeError("refused")

    contract_settings_changed.connect(refuse, dispatch_uid="test-refuse")
    try:
        with pytest.raises(RuntimeError):
            save_contract_settings(
                contract=contract_a, data=settings_of(contract_a, title="Renewed"), by=commissioner
            )
    finally:
        contract_settings_changed.disconnect(dispatch_uid="test-refuse")
    contract_a.refresh_from_db()
    assert contract_a.title != "Renewed"
