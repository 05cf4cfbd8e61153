"""No record points at another contract's record, and no mentor is matched with themself: the
database refuses it (contracts.records.triggers), whichever door the row comes through."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from contracts.models import Contract, YoungPerson
from contracts.records import triggers as record_triggers
from mentoring.models import Match, Mentor
from tests.factories import ContractFactory, MentorFactory, YoungPersonFactory

from .record_rows import build, insert

pytestmark = pytest.mark.django_db

LINKS = record_triggers.links(apps)

# Every (model, end that names the row's contract, end that must name the same one). A new
# foreign key between a contract's records gets its trigger at the next migrate by itself; this
# list makes sure someone looked (and that the model's metadata says what they think it says).
EXPECTED_LINKS = {
    ("contracts.Attendance", "session", "young_person"),
    ("contracts.Case", "contract", "young_person"),
    ("contracts.Case", "contract", "key_worker"),
    ("contracts.Case", "contract", "referral"),
    ("contracts.Referral", "contract", "young_person"),
    ("contracts.PlannedContact", "case", "contact"),
    ("contracts.Contact", "contract", "case"),
    ("contracts.Assessment", "contract", "case"),
    ("contracts.KeyWorkerActivity", "contract", "key_worker"),
    ("mentoring.Mentor", "contract", "young_person"),
    ("mentoring.Match", "contract", "mentor"),
    ("mentoring.Match", "contract", "mentee"),
    ("mentoring.MenteeReferral", "contract", "young_person"),
    ("mentoring.MenteeReferral", "contract", "match"),
    ("mentoring.SupervisionMentor", "mentor", "supervision"),
    ("funds4care.Application", "contract", "young_person"),
}


def has_contract(model) -> bool:
    return any(
        field.name == "contract" and field.related_model is Contract
        for field in model._meta.concrete_fields
    )


def test_every_link_between_a_contracts_records_has_a_trigger():
    """Read from the models afresh: every foreign key from a contract's record (or from a row
    whose parents are) to a record with its own contract."""
    found = set()
    for model in apps.get_models(include_auto_created=True):
        if hasattr(model, "instance_type"):  # simple_history's copies: history, not links
            continue
        parents = sorted(
            (
                field
                for field in model._meta.concrete_fields
                if field.is_relation
                and field.name != "contract"
                and has_contract(field.related_model)
            ),
            key=lambda field: field.name,
        )
        if has_contract(model):
            found |= {(model._meta.label, "contract", field.name) for field in parents}
        elif len(parents) >= 2:
            found |= {(model._meta.label, parents[0].name, field.name) for field in parents[1:]}
    assert found == EXPECTED_LINKS
    assert {(link.model_label, link.anchor.field, link.other.field) for link in LINKS} == found
    assert record_triggers.installed(connection) == record_triggers.expected(
        apps, connection.vendor
    )


def model_of(link):
    return apps.get_model(link.model_label)


def target_of(link, end):
    return model_of(link)._meta.get_field(end.field).related_model


def link_id(link) -> str:
    return f"{link.model_label}.{link.other.field}"


def refused(make) -> str:
    with pytest.raises(IntegrityError) as refusal, transaction.atomic():
        make()
    return str(refusal.value)


def in_contract(model, contract: Contract):
    """A saved record of `model` in `contract` (for an end naming the contract itself: it)."""
    return contract if model is Contract else insert(build(model, contract))


@pytest.fixture
def two_contracts():
    return ContractFactory(), ContractFactory()


@pytest.mark.parametrize("link", LINKS, ids=link_id)
def test_a_new_row_cannot_point_at_another_contracts_record(link, two_contracts):
    mine, theirs = two_contracts
    row = build(model_of(link), mine)
    setattr(row, link.other.field, in_contract(target_of(link, link.other), theirs))
    assert link.message in refused(lambda: insert(row))
    assert not model_of(link).objects.exists()


@pytest.mark.parametrize("link", LINKS, ids=link_id)
@pytest.mark.parametrize("end", ["anchor", "other"])
def test_a_row_cannot_be_changed_to_point_at_another_contracts_record(link, end, two_contracts):
    mine, theirs = two_contracts
    model = model_of(link)
    row = insert(build(model, mine))
    moved = getattr(link, end)
    changes = {moved.field: in_contract(target_of(link, moved), theirs)}
    if moved is link.anchor:
        # The row's other links follow it, so that this link alone is broken.
        for sibling in LINKS:
            if sibling.table == link.table and sibling is not link:
                changes[sibling.other.field] = in_contract(
                    target_of(sibling, sibling.other), theirs
                )
    assert link.message in refused(lambda: model.objects.filter(pk=row.pk).update(**changes))
    assert getattr(model.objects.get(pk=row.pk), moved.column) == getattr(row, moved.column)


@pytest.mark.parametrize(
    ("link", "end"),
    [(link, end) for link in LINKS for end in (link.anchor, link.other) if end.table],
    ids=lambda value: link_id(value) if isinstance(value, record_triggers.Link) else value.field,
)
def test_a_record_pointed_at_cannot_move_to_another_contract(link, end, two_contracts):
    mine, theirs = two_contracts
    row = insert(build(model_of(link), mine))
    parent = getattr(row, end.field)
    parent_model = type(parent)
    changes = {"contract": theirs}
    # The parent's own links follow it, so that only the row pointing at it is left behind.
    for own in LINKS:
        if own.model_label == parent_model._meta.label:
            changes[own.other.field] = in_contract(target_of(own, own.other), theirs)
    assert link.move_message(end) in refused(
        lambda: parent_model.objects.filter(pk=parent.pk).update(**changes)
    )
    assert parent_model.objects.get(pk=parent.pk).contract_id == mine.pk


def test_a_record_nothing_points_at_may_move_to_another_contract(two_contracts):
    mine, theirs = two_contracts
    person = YoungPersonFactory(contract=mine)
    YoungPerson.objects.filter(pk=person.pk).update(contract=theirs)
    assert YoungPerson.objects.get(pk=person.pk).contract_id == theirs.pk


def test_a_row_whose_records_all_share_its_contract_is_accepted(two_contracts):
    mine, _theirs = two_contracts
    match = insert(build(Match, mine))
    Match.objects.filter(pk=match.pk).update(mentee=YoungPersonFactory(contract=mine))
    assert Match.objects.get(pk=match.pk).mentee.contract_id == mine.pk


# --- A mentor is not matched with themself -------------------------------------------------------


@pytest.fixture
def mentor():
    contract = ContractFactory()
    return MentorFactory(contract=contract, young_person=YoungPersonFactory(contract=contract))


def match_of(mentor, mentee, **fields):
    return build(Match, mentor.contract, mentor=mentor, mentee=mentee, **fields)


def test_a_mentor_cannot_be_matched_with_themself_by_save(mentor):
    match = match_of(mentor, mentor.young_person)
    assert record_triggers.MENTEE_IS_MENTOR in refused(match.save)
    assert not Match.objects.exists()


def test_a_mentor_cannot_be_matched_with_themself_in_bulk(mentor):
    match = match_of(mentor, mentor.young_person)
    assert record_triggers.MENTEE_IS_MENTOR in refused(lambda: insert(match))


def test_a_match_cannot_be_changed_to_the_mentor_themself(mentor):
    match = insert(match_of(mentor, YoungPersonFactory(contract=mentor.contract)))
    assert record_triggers.MENTEE_IS_MENTOR in refused(
        lambda: Match.objects.filter(pk=match.pk).update(mentee=mentor.young_person)
    )


def test_a_match_cannot_be_given_a_mentor_who_is_the_mentee(mentor):
    mentee = YoungPersonFactory(contract=mentor.contract)
    other = MentorFactory(contract=mentor.contract, young_person=mentee)
    match = insert(match_of(mentor, mentee))
    assert record_triggers.MENTEE_IS_MENTOR in refused(
        lambda: Match.objects.filter(pk=match.pk).update(mentor=other)
    )


def test_a_mentor_cannot_become_the_young_person_they_mentor(mentor):
    mentee = YoungPersonFactory(contract=mentor.contract)
    insert(match_of(mentor, mentee))
    assert record_triggers.MENTOR_IS_MENTEE in refused(
        lambda: Mentor.objects.filter(pk=mentor.pk).update(young_person=mentee)
    )
    assert Mentor.objects.get(pk=mentor.pk).young_person_id == mentor.young_person_id


def test_a_young_person_who_mentors_may_mentor_and_be_mentored_by_others(mentor):
    mentee = YoungPersonFactory(contract=mentor.contract)
    their_mentor = MentorFactory(contract=mentor.contract)
    insert(match_of(mentor, mentee))
    insert(match_of(their_mentor, mentor.young_person))
    Mentor.objects.filter(pk=mentor.pk).update(
        young_person=YoungPersonFactory(contract=mentor.contract)
    )
    assert Match.objects.count() == 2


# --- Migrations ---------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_triggers_come_back_after_migrations_that_remake_their_tables():
    # Unapplying mentoring 0002 remakes mentoring_match and mentoring_mentor on SQLite, which
    # other tables' triggers name: with the triggers in place, SQLite would refuse the remake.
    call_command("migrate", "mentoring", "0001", verbosity=0)
    call_command("migrate", verbosity=0)
    assert record_triggers.installed(connection) == record_triggers.expected(
        apps, connection.vendor
    )
    contract = ContractFactory()
    mentor = MentorFactory(contract=contract, young_person=YoungPersonFactory(contract=contract))
    assert record_triggers.MENTEE_IS_MENTOR in refused(
        lambda: insert(match_of(mentor, mentor.young_person))
    )
