"""A new record's reference is given when the person types none: the contract's next in a short
sequence (S-0001, S-0002...), never one already used, even when two people save at once. A
reference they type is theirs, and one already used is a message beside the field."""

import threading
from datetime import date

import pytest
from django.db import IntegrityError, connection, connections, transaction
from pytest_django.asserts import assertContains

from contracts.models import AdditionalFunding, Contract, Initiative, Session, YoungPerson
from contracts.records import services
from contracts.records.forms import SessionForm
from contracts.records.refs import next_ref
from tests.factories import SessionFactory

from .support import url

pytestmark = pytest.mark.django_db

SESSION = {
    "title": "Care Leavers' forum",
    "ref": "",
    "date": "2025-06-10",
    "session_type": "care_leavers_group",
    "locality": "Truro",
    "duration_hours": "2",
}
# (the add page, the model, a valid record with its reference left empty, the scheme's first)
RECORDS = [
    ("session_add", Session, SESSION, "S-0001"),
    (
        "young_person_add",
        YoungPerson,
        {
            "first_name": "Morwenna",
            "last_name": "Tregear",
            "ref": "",
            "date_of_birth": "2010-02-03",
            "gender": "female",
            "ethnicity": "WBRI",
            "disability": "no",
            "locality": "Truro",
            "la_child_id": "",
        },
        "YP-0001",
    ),
    (
        "initiative_add",
        Initiative,
        {"title": "Care leaver covenant", "ref": "", "date": "2025-05-04", "description": ""},
        "I-0001",
    ),
    (
        "additional_funding_add",
        AdditionalFunding,
        {"source": "Lottery", "ref": "", "date": "2025-05-04", "amount": "10", "status": "planned"},
        "F-0001",
    ),
]


@pytest.mark.parametrize(("page", "model", "data", "first"), RECORDS)
def test_a_record_saved_without_a_reference_gets_the_contracts_next(
    worker, contract_a, page, model, data, first
):
    form = worker.get(url(page, contract_a))
    assertContains(form, "Reference (optional)")
    assertContains(form, "Leave it empty and Tamar gives the next free one on this contract")
    assertContains(form, f"{first}, ")
    assert not form.context["form"].fields["ref"].required

    response = worker.post(url(page, contract_a), data)
    assert response.status_code == 302, response.context["form"].errors
    second = {**data, "first_name": "Jago"} if model is YoungPerson else data
    if model is Session:
        second = {**data, "title": "Another forum"}
    worker.post(url(page, contract_a), second)
    prefix = first.removesuffix("0001")
    assert sorted(model.objects.values_list("ref", flat=True)) == [f"{prefix}0001", f"{prefix}0002"]


def test_the_sequence_goes_on_from_the_highest_however_it_was_given(worker, contract_a, contract_b):
    # Typed or imported in the same form, in any order; other forms and contracts do not count.
    for ref in ["S-0041", "S-7", "S-0003", "S1000-X", "KV-9999", "s-5000"]:
        SessionFactory(contract=contract_a, ref=ref)
    SessionFactory(contract=contract_b, ref="S-0500")
    worker.post(url("session_add", contract_a), SESSION)
    assert Session.objects.filter(contract=contract_a).latest("pk").ref == "S-0042"


def test_numbers_are_compared_as_numbers_past_four_digits(contract_a):
    SessionFactory(contract=contract_a, ref="S-9999")
    assert next_ref(Session, contract_a) == "S-10000"
    SessionFactory(contract=contract_a, ref="S-10000")
    assert next_ref(Session, contract_a) == "S-10001"


def test_next_ref_asks_one_query_however_many_records(contract_a, django_assert_num_queries):
    SessionFactory.create_batch(30, contract=contract_a)
    with django_assert_num_queries(1):
        assert next_ref(Session, contract_a) == "S-0001"


def test_a_typed_reference_is_kept(worker, contract_a):
    worker.post(url("session_add", contract_a), {**SESSION, "ref": "KV-S-17"})
    assert Session.objects.get().ref == "KV-S-17"


def test_a_typed_reference_already_used_is_a_field_error_and_saves_nothing(worker, contract_a):
    SessionFactory(contract=contract_a, ref="S-0001")
    response = worker.post(url("session_add", contract_a), {**SESSION, "ref": "S-0001"})
    assert response.context["form"].errors["ref"] == [
        "Another session on this contract has this reference. "
        "Leave it empty and Tamar gives the next free one."
    ]
    assertContains(response, "Nothing was saved")
    assert Session.objects.count() == 1


def test_a_reference_is_still_needed_when_a_record_is_changed(worker, contract_a):
    session = SessionFactory(contract=contract_a, ref="S-0001", locality="Truro")
    edit = url("session_edit", contract_a, session_pk=session.pk)
    assert worker.get(edit).context["form"].fields["ref"].required
    response = worker.post(edit, {**SESSION, "ref": ""})
    assertContains(response, "This field is required")
    session.refresh_from_db()
    assert session.ref == "S-0001"


def a_session_form(contract: Contract, title: str) -> SessionForm:
    form = SessionForm({**SESSION, "title": title}, owner=contract)
    assert form.is_valid(), form.errors
    return form


def test_a_reference_taken_while_saving_is_skipped(contract_a, monkeypatch):
    """As if someone else saved the same next reference between this save's reading it and
    writing: the database refuses the second S-0001, and this save takes S-0002."""
    read = services.next_ref
    calls = []

    def taken_meanwhile(model, contract):
        ref = read(model, contract)
        if not calls:
            SessionFactory(contract=contract, ref=ref, title="Saved by someone else")
        calls.append(ref)
        return ref

    monkeypatch.setattr(services, "next_ref", taken_meanwhile)
    with transaction.atomic():
        session = a_session_form(contract_a, "Mine").save()
    assert calls == ["S-0001", "S-0002"]
    assert (session.ref, session.title) == ("S-0002", "Mine")
    assert session.history.count() == 1


def test_a_clash_that_is_not_the_reference_is_not_retried(contract_a, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise IntegrityError("some other constraint")

    monkeypatch.setattr(Session, "save", refuse)
    session = Session(contract=contract_a, date=date(2025, 6, 10), title="Forum")
    with pytest.raises(IntegrityError, match="some other constraint"):
        services.save_with_next_ref(session)


def test_it_gives_up_after_a_few_tries_and_the_person_is_told(worker, contract_a, monkeypatch):
    # Always the same, always taken: as if every try lost a race.
    SessionFactory(contract=contract_a, ref="S-0001")
    monkeypatch.setattr(services, "next_ref", lambda model, contract: "S-0001")
    response = worker.post(url("session_add", contract_a), SESSION)
    assertContains(response, "Someone has just saved a record that clashes with this one")
    assert Session.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two PostgreSQL sessions")
def test_two_people_saving_at_once_get_two_references(contract_a, monkeypatch):
    """Both read S-0001 as next before either writes (a barrier holds them there); the unique
    constraint lets one in and the other takes S-0002. (SQLite takes the write lock when a
    transaction begins, so there two saves never read at the same time.)"""
    read = services.next_ref
    barrier = threading.Barrier(2)
    waited = threading.local()
    reads: list[str] = []

    def read_then_wait(model, contract):
        ref = read(model, contract)
        reads.append(ref)
        if not getattr(waited, "once", False):
            waited.once = True
            barrier.wait(timeout=10)
        return ref

    monkeypatch.setattr(services, "next_ref", read_then_wait)
    results: list[object] = [None, None]

    def save(index: int) -> None:
        try:
            contract = Contract.objects.get(pk=contract_a.pk)
            with transaction.atomic():
                results[index] = a_session_form(contract, f"Session {index}").save().ref
        except Exception as error:  # noqa: BLE001 (the test inspects what each got)
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["S-0001", "S-0002"], results
    # Both read S-0001; the one the constraint turned away read again.
    assert sorted(reads) == ["S-0001", "S-0001", "S-0002"]
    assert Session.objects.filter(contract=contract_a).count() == 2
