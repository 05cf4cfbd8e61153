"""Erasure: no name, date of birth or council id of the young person is left in any table,
history and audit included; the other young people and the counts stay."""

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from audit.models import AuditEvent, Kind
from contracts.models import Attendance, Feedback, YoungPerson
from privacy.erasure import ErasureRefused, erase_young_person
from privacy.models import Erasure, LegalHold

from .conftest import BORN, COUNCIL_ID, FIRST, LAST

pytestmark = pytest.mark.django_db(transaction=False)


def tables_holding(*needles: str) -> dict[str, list[str]]:
    """Every table of the database, every text column, looked through with plain SQL."""
    found: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            quoted = connection.ops.quote_name
            cursor.execute(f"SELECT * FROM {quoted(table)}")  # noqa: S608 - names from the database
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    text = value if isinstance(value, str) else str(value)
                    if any(needle.lower() in text.lower() for needle in needles):
                        found.setdefault(table, []).append(column)
    return found


NEEDLES = (FIRST, LAST, BORN.isoformat(), BORN.strftime("%d/%m/%Y"), COUNCIL_ID)


def test_after_erasure_no_table_holds_their_name_date_of_birth_or_council_id(
    client, person, other, administrator
):
    # The planting worked: the name is in live tables, history tables and the admin's log.
    client.force_login(administrator)
    client.get(reverse("admin:contracts_youngperson_change", args=[person.pk]))
    client.post(
        reverse("admin:contracts_youngperson_change", args=[person.pk]),
        {},  # an invalid post writes nothing; the LogEntry below does
    )
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    LogEntry.objects.create(
        user=administrator, content_type=ContentType.objects.get_for_model(YoungPerson),
        object_id=str(person.pk), object_repr=str(person), action_flag=CHANGE,
    )  # fmt: skip
    # Searching for them by name leaves the words nowhere: the audit, which nothing can change,
    # keeps that a search was made (audit.writer.kept_address).
    client.get(reverse("contracts:young_people", args=[person.contract_id]), {"q": FIRST})
    client.get(reverse("admin:contracts_youngperson_changelist"), {"q": LAST})
    before = tables_holding(*NEEDLES)
    assert "audit_auditevent" not in before
    assert {
        "contracts_youngperson", "contracts_historicalyoungperson",
        "contracts_historicalcontact", "mentoring_mentor", "django_admin_log",
    } <= set(before)  # fmt: skip

    erase_young_person(person=person, by=administrator, reason="Their request, 01/12/2026")

    assert tables_holding(*NEEDLES) == {}
    person.refresh_from_db()
    assert (person.ref, person.full_name, person.la_child_id) == (
        "YP-0001",
        "Erased young person",
        "",
    )
    assert person.date_of_birth == date(2009, 5, 1)
    # The other young person, and everyone's counts, stay.
    other.refresh_from_db()
    assert (other.full_name, other.date_of_birth) == ("Ottoline Brackenbury", date(2010, 2, 11))
    assert Feedback.objects.get(young_person=other).comment == "Ottoline liked it"
    assert Attendance.objects.filter(young_person=person).count() == 1
    assert Feedback.objects.get(young_person=person).comment == "(erased)"


def test_it_leaves_a_record_and_an_audit_row_naming_no_one(person, administrator):
    erase_young_person(person=person, by=administrator, reason="Their request")
    erasure = Erasure.objects.get()
    assert (erasure.contract_ref, erasure.young_person_ref, erasure.by) == (
        "A-EP", "YP-0001", administrator
    )  # fmt: skip
    assert erasure.rows_changed > 30 and erasure.rows_deleted == 1
    event = AuditEvent.objects.get(kind=Kind.ERASURE)
    assert (event.user, event.young_person_pk, event.contract_pk) == (
        administrator, person.pk, person.contract_id
    )  # fmt: skip


def test_a_legal_hold_in_force_stops_it(person, administrator):
    LegalHold.objects.create(young_person=person, reason="Court case", placed_by=administrator)
    with pytest.raises(ErasureRefused, match="legal hold"):
        erase_young_person(person=person, by=administrator, reason="Their request")
    person.refresh_from_db()
    assert person.first_name == FIRST
    assert not Erasure.objects.exists()


def test_the_page_asks_for_the_reference_and_says_what_will_happen(client, person, administrator):
    client.force_login(administrator)
    url = reverse("privacy:erase", args=[person.contract_id, person.pk])
    page = client.get(url)
    assert b"cannot be undone" in page.content and b"counts stay" in page.content
    wrong = client.post(url, {"reference": "YP-0002", "reason": "Their request"})
    assert "type YP-0001 exactly" in wrong.content.decode()
    person.refresh_from_db()
    assert person.first_name == FIRST
    done = client.post(url, {"reference": "YP-0001", "reason": "Their request"})
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.first_name == "Erased"


def test_the_page_refuses_while_a_hold_is_in_force(client, person, administrator):
    LegalHold.objects.create(young_person=person, reason="Court case", placed_by=administrator)
    client.force_login(administrator)
    url = reverse("privacy:erase", args=[person.contract_id, person.pk])
    response = client.post(url, {"reference": "YP-0001", "reason": "Their request"})
    assert "A legal hold is in force" in response.content.decode()
    person.refresh_from_db()
    assert person.first_name == FIRST


def test_the_command_erases_with_yes_and_refuses_an_unknown_reference(person, capsys):
    with pytest.raises(CommandError, match="no young person"):
        call_command(
            "erase_young_person", contract="A-EP", young_person="YP-9", reason="x", yes=True
        )
    call_command(
        "erase_young_person", contract="A-EP", young_person="YP-0001", reason="Asked", yes=True
    )
    assert "Erased YP-0001" in capsys.readouterr().out
    person.refresh_from_db()
    assert person.last_name == "young person"
    assert AuditEvent.objects.get(kind=Kind.ERASURE).url_name == "manage.py erase_young_person"
