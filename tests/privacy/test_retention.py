"""Retention: who is due (their last involvement plus the contract's years), a legal hold
keeping someone, a dry run by default, the same erasure with --yes; and the setting."""

from datetime import date

import pytest
import time_machine
from django.core.management import call_command
from django.db import IntegrityError
from django.urls import reverse

from contracts.models import Contract, YoungPerson
from privacy.models import LegalHold
from privacy.retention import due_for_erasure
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = date(2032, 6, 1)


@pytest.fixture
def people(contract_a, administrator):
    """YP-0001: last attended 10/05/2025 (due 10/05/2031); YP-0002: a care status that ended
    20/08/2026 (due 20/08/2032); YP-0003: still in care (never due); YP-0004 like YP-0001,
    under a legal hold."""
    with time_machine.travel(date(2025, 1, 1)):
        one, two, three, four = (
            factories.YoungPersonFactory(contract=contract_a, ref=f"YP-000{n}") for n in range(1, 5)
        )
    for person in (one, four):
        factories.AttendanceFactory(
            young_person=person, session__contract=contract_a, session__date=date(2025, 5, 10)
        )
    factories.CareStatusFactory(
        young_person=two, start_date=date(2025, 1, 1), end_date=date(2026, 8, 20)
    )
    factories.CareStatusFactory(young_person=three, start_date=date(2020, 1, 1), end_date=None)
    LegalHold.objects.create(young_person=four, reason="Inquiry", placed_by=administrator)
    return one, two, three, four


def test_it_lists_who_is_due_from_their_last_involvement_in_one_query(
    contract_a, people, django_assert_num_queries
):
    with django_assert_num_queries(1):
        due, held = due_for_erasure(contract_a, today=TODAY)
    assert [(d.person.ref, d.last_involvement, d.due_on) for d in due] == [
        ("YP-0001", date(2025, 5, 10), date(2031, 5, 10))
    ]
    assert held == 1
    # Two more months and YP-0002's care status is six years behind them too.
    due, _held = due_for_erasure(contract_a, today=date(2032, 8, 20))
    assert [d.person.ref for d in due] == ["YP-0001", "YP-0002"]


def test_a_shorter_setting_brings_the_due_date_forward(contract_a, people):
    Contract.objects.filter(pk=contract_a.pk).update(retention_years=1)
    contract_a.refresh_from_db()
    due, _held = due_for_erasure(contract_a, today=date(2027, 9, 1))
    assert [d.person.ref for d in due] == ["YP-0001", "YP-0002"]


def test_the_command_is_a_dry_run_without_yes_and_never_prints_names(contract_a, people, capsys):
    with time_machine.travel(TODAY):
        call_command("apply_retention", contract="A-EP")
    out = capsys.readouterr().out
    assert "A-EP YP-0001: last involved 10/05/2025, due 10/05/2031" in out
    assert "1 due but under a legal hold" in out
    assert "Re-run with --yes" in out
    for person in people:
        assert person.first_name not in out and person.last_name not in out
    assert YoungPerson.objects.filter(first_name="Erased").count() == 0


def test_with_yes_it_anonymises_those_due_and_keeps_the_held(contract_a, people, capsys):
    one, two, three, four = people
    with time_machine.travel(TODAY):
        call_command("apply_retention", yes=True)
    assert "Anonymised 1 of 1" in capsys.readouterr().out
    erased = set(YoungPerson.objects.filter(first_name="Erased").values_list("ref", flat=True))
    assert erased == {"YP-0001"}
    four.refresh_from_db()
    assert four.first_name != "Erased"
    # Run again the next day: nobody new, nobody erased twice.
    with time_machine.travel(TODAY):
        call_command("apply_retention", yes=True)
    assert "Anonymised 0 of 0" in capsys.readouterr().out


def test_the_setting_is_kept_between_1_and_100_years(contract_a):
    with pytest.raises(IntegrityError):
        Contract.objects.filter(pk=contract_a.pk).update(retention_years=0)


def test_the_providers_manager_changes_it_with_the_localities_and_its_history_keeps_it(
    client, contract_a, provider_a_manager
):
    client.force_login(provider_a_manager)
    edit = reverse("contracts:edit", args=[contract_a.pk])
    response = client.post(edit, {"localities": "Truro", "retention_years": "101"})
    assert "less than or equal to 100" in response.content.decode()
    client.post(edit, {"localities": "Truro", "retention_years": "8"})
    contract_a.refresh_from_db()
    assert contract_a.retention_years == 8
    assert contract_a.history.first().history_user == provider_a_manager
    assert (
        "8 years after their last involvement"
        in client.get(contract_a.get_absolute_url()).content.decode()
    )


def test_a_legal_hold_is_placed_and_lifted_on_the_page(client, contract_a, administrator):
    person = factories.YoungPersonFactory(contract=contract_a)
    client.force_login(administrator)
    args = [contract_a.pk, person.pk]
    client.post(reverse("privacy:hold", args=args), {"reason": "Court case"})
    hold = LegalHold.objects.in_force().get(young_person=person)
    assert (hold.reason, hold.placed_by) == ("Court case", administrator)
    page = client.get(reverse("privacy:young_person", args=args)).content.decode()
    assert "A legal hold is in force" in page
    client.post(reverse("privacy:lift", args=args))
    hold.refresh_from_db()
    assert hold.lifted_by == administrator and hold.lifted_at is not None
