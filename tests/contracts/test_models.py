"""Rules that hold in the database itself, whatever door the data comes through."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from contracts.models import Contract, Organisation, Role, User
from tests.factories import ContractFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def refused_by_database(**changes) -> bool:
    contract = ContractFactory.build(
        commissioner=OrganisationFactory(commissioner=True), provider=OrganisationFactory()
    )
    for name, value in changes.items():
        setattr(contract, name, value)
    try:
        with transaction.atomic():
            contract.save()
    except IntegrityError:
        return True
    return False


@pytest.mark.parametrize(
    "changes",
    [
        {"end_date": date(2024, 3, 31)},
        {"annual_value": Decimal("-0.01")},
        {"framework": "somewhere_else"},
        {"record_timeframe_days": 61},
    ],
)
def test_the_database_refuses_a_bad_contract(changes):
    assert refused_by_database(**changes)


def test_the_database_accepts_a_contract_that_ends_the_day_it_starts():
    assert not refused_by_database(start_date=date(2025, 4, 1), end_date=date(2025, 4, 1))


def test_the_database_refuses_a_contract_with_itself():
    council = OrganisationFactory(commissioner=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        ContractFactory(commissioner=council, provider=council)


def test_the_database_refuses_a_duplicate_reference(contract_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        ContractFactory(ref=contract_a.ref)


def test_the_database_refuses_staff_without_an_organisation():
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="nobody", role=Role.PROVIDER_WORKER, organisation=None)


def test_an_administrator_needs_no_organisation():
    assert User.objects.create(username="root", role=Role.ADMINISTRATOR).pk


def test_the_database_refuses_an_unknown_role(provider_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="odd", role="superhero", organisation=provider_a)


@pytest.mark.parametrize(
    ("role", "kind"),
    [
        (Role.COMMISSIONER, Organisation.Kind.PROVIDER),
        (Role.PROVIDER_WORKER, Organisation.Kind.COMMISSIONER),
        (Role.PROVIDER_MANAGER, Organisation.Kind.COMMISSIONER),
    ],
)
def test_a_role_must_match_its_organisations_kind(role, kind):
    user = UserFactory.build(role=role, organisation=OrganisationFactory(kind=kind))
    with pytest.raises(ValidationError) as error:
        user.full_clean()
    assert "organisation" in error.value.message_dict


def test_the_parties_must_be_a_commissioner_and_a_provider():
    provider = OrganisationFactory()
    contract = ContractFactory.build(commissioner=provider, provider=OrganisationFactory())
    with pytest.raises(ValidationError) as error:
        contract.full_clean()
    assert "commissioner" in error.value.message_dict


@pytest.mark.parametrize(
    ("codes", "message"),
    [
        (["K2", "XX"], "Not SSDA903 placement codes: XX."),
        (["T0"], "Temporary moves never count as placements: T0."),
        ("K2", "Give a list of placement codes."),
    ],
)
def test_residential_codes_must_be_real_placements(codes, message):
    contract = ContractFactory.build(
        commissioner=OrganisationFactory(commissioner=True),
        provider=OrganisationFactory(),
        residential_placement_codes=codes,
    )
    with pytest.raises(ValidationError) as error:
        contract.full_clean()
    assert error.value.message_dict["residential_placement_codes"] == [message]


def test_a_new_contract_counts_k1_k2_and_r1_as_residential_and_five_working_days(contract_a):
    assert contract_a.residential_placement_codes == ["K1", "K2", "R1"]
    assert contract_a.record_timeframe_days == 5


def test_a_contract_is_created_with_a_history_row(contract_a):
    assert contract_a.history.count() == 1
    assert Contract.history.filter(ref=contract_a.ref, history_type="+").exists()
