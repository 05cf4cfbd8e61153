"""Every check: one bad row, reported by sheet, row, column and reason, and nothing changes.

Each case appends one row to a valid file (the base, already imported once) and changes the
contract's title too, so that a partial write would show in the dump.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from contracts.codes import ETHNICITIES, PLACEMENT_CODES
from contracts.models import Contract, ImportRun, Organisation
from importer.plans import Problem
from importer.services import run_import
from tests.factories import ContractFactory, OrganisationFactory

from .conftest import BASE, Tables, copy_tables, dump_records, run_command

pytestmark = pytest.mark.django_db

# A valid row for each table that is not in the base: the row each case spoils.
NEW_ROWS = {
    "young_people": {
        "ref": "Y9",
        "first_name": "Ann",
        "last_name": "Lee",
        "date_of_birth": "2010-02-02",
        "gender": "other",
        "ethnicity": "NOBT",
        "disability": "yes",
        "locality": "North",
        "la_child_id": "",
    },
    "care_status": {
        "young_person_ref": "Y1",
        "status": "care_leaver",
        "start_date": "2025-01-01",
        "end_date": "",
    },
    "placements": {
        "young_person_ref": "Y1",
        "placement_code": "U4",
        "start_date": "2025-01-01",
        "end_date": "",
    },
    "sessions": {
        "ref": "S9",
        "date": "2025-06-01",
        "session_type": "cicc",
        "title": "Council",
        "locality": "East",
        "duration_hours": "2",
        "coproduction": "yes",
    },
    "attendance": {"session_ref": "S1", "young_person_ref": "Y2"},
    "information_provided": {"young_person_ref": "Y2", "date": "2025-06-01", "method": "text"},
    "outcome_assessments": {
        "young_person_ref": "Y2",
        "date": "2025-06-01",
        "confidence": "6",
        "resilience": "6",
        "aspirations": "6",
        "physical_health": "6",
        "mental_health": "6",
        "identity": "6",
        "relationships": "6",
    },
    "feedback": {
        "young_person_ref": "Y1",
        "date": "2025-05-01",
        "kind": "complaint",
        "rating": "",
        "comment": "",
    },
    "initiatives": {"ref": "I9", "date": "2025-06-01", "title": "Policy", "description": ""},
    "accreditations": {
        "young_person_ref": "Y2",
        "award": "ASDAN",
        "route": "participation",
        "date": "2025-06-01",
    },
    "mentors": {"ref": "M9", "name": "Mentor Nine", "young_person_ref": "", "left_date": ""},
    "mentor_training": {
        "mentor_ref": "M1",
        "module": "safeguarding_children",
        "completed_date": "2025-06-01",
    },
    "matches": {
        "ref": "X9",
        "mentor_ref": "M1",
        "mentee_ref": "Y1",
        "start_date": "2025-01-01",
        "end_date": "",
    },
    "supported_appointments": {
        "match_ref": "X1",
        "date": "2025-12-02",
        "appointment_type": "housing",
    },
    "f4c_roles": {
        "young_person_ref": "Y2",
        "role": "panel_chair",
        "start_date": "2025-01-01",
        "end_date": "",
    },
    "f4c_applications": {
        "ref": "A9",
        "young_person_ref": "Y2",
        "submitted_date": "2025-06-01",
        "amount_requested": "100.00",
        "decision": "pending",
        "decision_date": "",
        "amount_awarded": "",
        "onward_support": "no",
    },
    "additional_funding": {
        "ref": "F9",
        "date": "2025-06-01",
        "source": "Council",
        "amount": "5.00",
        "status": "planned",
    },
    "key_workers": {"ref": "K9", "name": "Worker Nine"},
    "cases": {
        "ref": "C9",
        "young_person_ref": "Y2",
        "key_worker_ref": "K1",
        "referral_date": "2025-04-01",
        "start_date": "2025-04-01",
        "end_date": "",
    },
    "contacts": {
        "ref": "CT9",
        "case_ref": "C1",
        "contact_date": "2025-06-01",
        "recorded_date": "2025-06-03",
    },
    "assessments": {"ref": "AS9", "case_ref": "C1", "date": "2025-06-01", "role": "support"},
    "kw_activities": {
        "ref": "KA9",
        "key_worker_ref": "K1",
        "date": "2025-06-01",
        "role": "support",
        "title": "Training",
    },
    "performance_reviews": {"key_worker_ref": "K1", "date": "2025-06-01", "satisfactory": "no"},
}

IN_CONTRACT = "or already in contract T-1"

# (table, changes to its new row, column reported, reason reported)
ROW_CASES = [
    # A missing required value.
    ("young_people", {"first_name": ""}, "first_name", "a value is required"),
    ("initiatives", {"date": " "}, "date", "a value is required"),
    ("matches", {"mentee_ref": ""}, "mentee_ref", "a value is required"),
    # Dates that are not real dates, or not written YYYY-MM-DD.
    (
        "young_people",
        {"date_of_birth": "2025-02-30"},
        "date_of_birth",
        "'2025-02-30' is not a real date",
    ),
    ("care_status", {"start_date": "2025-13-01"}, "start_date", "'2025-13-01' is not a real date"),
    (
        "sessions",
        {"date": "01/06/2025"},
        "date",
        "'01/06/2025' is not a date written YYYY-MM-DD (for example 2025-04-01)",
    ),
    (
        "young_people",
        {"date_of_birth": "2205-01-01"},
        "date_of_birth",
        "'2205-01-01' is outside the years 1900-2100: is the year mistyped?",
    ),
    # An end before its start.
    (
        "care_status",
        {"end_date": "2024-12-31"},
        "end_date",
        "2024-12-31 is before the start date 2025-01-01",
    ),
    (
        "placements",
        {"end_date": "2024-12-31"},
        "end_date",
        "2024-12-31 is before the start date 2025-01-01",
    ),
    (
        "f4c_roles",
        {"end_date": "2024-12-31"},
        "end_date",
        "2024-12-31 is before the start date 2025-01-01",
    ),
    (
        "cases",
        {"end_date": "2025-03-31"},
        "end_date",
        "2025-03-31 is before the start date 2025-04-01",
    ),
    (
        "matches",
        {"end_date": "2024-12-31"},
        "end_date",
        "2024-12-31 is before the start date 2025-01-01",
    ),
    # Codes not in their lists.
    (
        "young_people",
        {"gender": "woman"},
        "gender",
        "'woman' is not one of the gender codes: female, male, other, not_known",
    ),
    (
        "young_people",
        {"ethnicity": "wbri"},
        "ethnicity",
        f"'wbri' is not one of the ethnicity codes: {', '.join(ETHNICITIES)}",
    ),
    (
        "young_people",
        {"disability": "maybe"},
        "disability",
        "'maybe' is not one of the disability codes: yes, no, not_known",
    ),
    (
        "care_status",
        {"status": "looked_after"},
        "status",
        "'looked_after' is not one of the care status codes: in_care, care_leaver, child_in_need, "
        "child_protection, early_help, none",
    ),
    (
        "placements",
        {"placement_code": "K9"},
        "placement_code",
        f"'K9' is not one of the SSDA903 placement codes: {', '.join(PLACEMENT_CODES)}",
    ),
    (
        "sessions",
        {"session_type": "youth_club"},
        "session_type",
        "'youth_club' is not one of the session type codes: psd, cicc, care_leavers_group, "
        "other_participation, mentoring, mentor_training, staff_training",
    ),
    (
        "feedback",
        {"kind": "praise"},
        "kind",
        "'praise' is not one of the feedback kind codes: feedback, compliment, complaint",
    ),
    (
        "accreditations",
        {"route": "course"},
        "route",
        "'course' is not one of the accreditation route codes: participation, role",
    ),
    (
        "mentor_training",
        {"module": "first_aid"},
        "module",
        "'first_aid' is not one of the mentor training module codes: safeguarding_children, "
        "safeguarding_adults, cse, confidentiality, signs_of_safety, professional_boundaries, "
        "mentor_role, mentoring_skills",
    ),
    (
        "supported_appointments",
        {"appointment_type": "dentist"},
        "appointment_type",
        "'dentist' is not one of the appointment type codes: health, education, housing, "
        "employment, social_care, other",
    ),
    (
        "f4c_applications",
        {"decision": "maybe"},
        "decision",
        "'maybe' is not one of the decision codes: pending, approved, declined",
    ),
    (
        "additional_funding",
        {"status": "promised"},
        "status",
        "'promised' is not one of the funding status codes: planned, secured, sustained",
    ),
    (
        "assessments",
        {"role": "observer"},
        "role",
        "'observer' is not one of the key-worker role codes: lead, support",
    ),
    (
        "kw_activities",
        {"role": "Lead"},
        "role",
        "'Lead' is not one of the key-worker role codes: lead, support",
    ),
    # Yes / no.
    ("sessions", {"coproduction": "y"}, "coproduction", "'y' is not yes or no"),
    ("f4c_applications", {"onward_support": "Yes"}, "onward_support", "'Yes' is not yes or no"),
    ("performance_reviews", {"satisfactory": "true"}, "satisfactory", "'true' is not yes or no"),
    # Numbers that are not numbers, or out of range.
    ("sessions", {"duration_hours": "two"}, "duration_hours", "'two' is not a number"),
    (
        "sessions",
        {"duration_hours": "0"},
        "duration_hours",
        "0 is out of range: it must be more than 0 and at most 24",
    ),
    (
        "sessions",
        {"duration_hours": "24.01"},
        "duration_hours",
        "24.01 is out of range: it must be more than 0 and at most 24",
    ),
    (
        "sessions",
        {"duration_hours": "-1"},
        "duration_hours",
        "-1 is out of range: it must be more than 0 and at most 24",
    ),
    (
        "sessions",
        {"duration_hours": "1.255"},
        "duration_hours",
        "1.255 has more than 2 decimal places",
    ),
    (
        "outcome_assessments",
        {"confidence": "0"},
        "confidence",
        "0 is out of range: it must be between 1 and 10",
    ),
    (
        "outcome_assessments",
        {"relationships": "11"},
        "relationships",
        "11 is out of range: it must be between 1 and 10",
    ),
    ("outcome_assessments", {"identity": "ten"}, "identity", "'ten' is not a whole number"),
    ("outcome_assessments", {"resilience": "5.5"}, "resilience", "'5.5' is not a whole number"),
    ("feedback", {"rating": "6"}, "rating", "6 is out of range: it must be between 1 and 5"),
    ("feedback", {"rating": "0"}, "rating", "0 is out of range: it must be between 1 and 5"),
    (
        "f4c_applications",
        {"amount_requested": "-5"},
        "amount_requested",
        "-5 is out of range: it must be 0 or more (at most 99999999.99)",
    ),
    ("f4c_applications", {"amount_requested": "£5"}, "amount_requested", "'£5' is not a number"),
    ("additional_funding", {"amount": "10.001"}, "amount", "10.001 has more than 2 decimal places"),
    ("additional_funding", {"amount": "1,000"}, "amount", "'1,000' is not a number"),
    (
        "additional_funding",
        {"amount": "-0.01"},
        "amount",
        "-0.01 is out of range: it must be 0 or more (at most 9999999999.99)",
    ),
    # Funds4 Care awards.
    (
        "f4c_applications",
        {"amount_requested": "300.00", "decision": "approved", "amount_awarded": "250.01"},
        "amount_awarded",
        "250.01 is above the maximum grant of 250.00",
    ),
    (
        "f4c_applications",
        {"decision": "approved", "amount_awarded": "150.00"},
        "amount_awarded",
        "150.00 is more than the amount requested (100.00)",
    ),
    (
        "f4c_applications",
        {"amount_awarded": "50.00"},
        "amount_awarded",
        "only an approved application has an award; the decision is pending",
    ),
    (
        "f4c_applications",
        {"decision": "declined", "decision_date": "2025-05-31"},
        "decision_date",
        "the decision (2025-05-31) is before the submission (2025-06-01)",
    ),
    # Matches: at most 12 calendar months, and never with themself.
    (
        "matches",
        {"start_date": "2025-11-18", "end_date": "2026-11-19"},
        "end_date",
        "a match lasts at most 12 calendar months: one starting 2025-11-18 must end by 2026-11-18",
    ),
    (
        "matches",
        {"start_date": "2024-02-29", "end_date": "2025-03-01"},
        "end_date",
        "a match lasts at most 12 calendar months: one starting 2024-02-29 must end by 2025-02-28",
    ),
    (
        "matches",
        {"mentee_ref": "Y2"},
        "mentee_ref",
        "Y2 is the mentor M1 themself: a mentor cannot mentor themself",
    ),
    # Casework dates.
    (
        "cases",
        {"referral_date": "2025-04-10"},
        "start_date",
        "the case starts (2025-04-01) before its referral (2025-04-10)",
    ),
    (
        "contacts",
        {"contact_date": "2025-06-04"},
        "recorded_date",
        "the contact is recorded (2025-06-03) before it happened (2025-06-04)",
    ),
    # Text longer than the record holds.
    (
        "young_people",
        {"first_name": "A" * 101},
        "first_name",
        "is 101 characters long; at most 100 are allowed",
    ),
    ("young_people", {"ref": "Y" * 51}, "ref", "is 51 characters long; at most 50 are allowed"),
    # Free text has a limit too (the database holds it as a CHECK on the length).
    (
        "feedback",
        {"comment": "x" * 10_000},
        "comment",
        "is 10,000 characters long; at most 2,000 are allowed",
    ),
    (
        "initiatives",
        {"description": "x" * 4_001},
        "description",
        "is 4,001 characters long; at most 4,000 are allowed",
    ),
    # References to records that are nowhere.
    (
        "care_status",
        {"young_person_ref": "Y404"},
        "young_person_ref",
        f"there is no young person Y404 in young_people {IN_CONTRACT}",
    ),
    (
        "attendance",
        {"session_ref": "S404"},
        "session_ref",
        f"there is no session S404 in sessions {IN_CONTRACT}",
    ),
    (
        "mentors",
        {"young_person_ref": "Y404"},
        "young_person_ref",
        f"there is no young person Y404 in young_people {IN_CONTRACT}",
    ),
    (
        "mentor_training",
        {"mentor_ref": "M404"},
        "mentor_ref",
        f"there is no mentor M404 in mentors {IN_CONTRACT}",
    ),
    (
        "matches",
        {"mentor_ref": "M404"},
        "mentor_ref",
        f"there is no mentor M404 in mentors {IN_CONTRACT}",
    ),
    (
        "supported_appointments",
        {"match_ref": "X404"},
        "match_ref",
        f"there is no match X404 in matches {IN_CONTRACT}",
    ),
    (
        "cases",
        {"key_worker_ref": "K404"},
        "key_worker_ref",
        f"there is no key worker K404 in key_workers {IN_CONTRACT}",
    ),
    ("contacts", {"case_ref": "C404"}, "case_ref", f"there is no case C404 in cases {IN_CONTRACT}"),
    (
        "performance_reviews",
        {"key_worker_ref": "K404"},
        "key_worker_ref",
        f"there is no key worker K404 in key_workers {IN_CONTRACT}",
    ),
    # Two rows with one key.
    ("young_people", {"ref": "Y1"}, "ref", "the ref Y1 is already used on row 2"),
    (
        "care_status",
        {"start_date": "2024-01-01"},
        "young_person_ref + start_date",
        "a young person's care status cannot have two intervals starting on the same day "
        "(row 2 has the same)",
    ),
    (
        "attendance",
        {"young_person_ref": "Y1"},
        "session_ref + young_person_ref",
        "row 2 has the same session_ref S1, young_person_ref Y1: each combination may appear "
        "only once",
    ),
    (
        "feedback",
        {"kind": "feedback"},
        "young_person_ref + date + kind",
        "row 2 has the same young_person_ref Y1, date 2025-05-01, kind feedback: each "
        "combination may appear only once",
    ),
]

CONTRACT_CASES = [
    ({"title": ""}, "title", "a value is required"),
    (
        {"framework": "cornwall"},
        "framework",
        "'cornwall' is not one of the framework codes: cornwall_ep, wolverhampton_ypt",
    ),
    ({"end_date": "2024-03-31"}, "end_date", "2024-03-31 is before the start date 2024-04-01"),
    ({"start_date": "2024-04-31"}, "start_date", "'2024-04-31' is not a real date"),
    (
        {"annual_value": "-1"},
        "annual_value",
        "-1 is out of range: it must be 0 or more (at most 9999999999.99)",
    ),
    ({"annual_value": "1000.005"}, "annual_value", "1000.005 has more than 2 decimal places"),
    (
        {"record_timeframe_days": "61"},
        "record_timeframe_days",
        "61 is out of range: it must be from 0 to 60",
    ),
]

# A new contract names its organisations (and creates those that do not exist yet).
NEW_CONTRACT_CASES = [
    ({"provider": "Test Council"}, "provider", "the commissioner and the provider are the same"),
    (
        {"provider": "Other Council"},
        "provider",
        "Other Council is a commissioner (council) organisation, not a provider one",
    ),
    (
        {"commissioner": "Other Provider"},
        "commissioner",
        "Other Provider is a provider organisation, not a commissioner (council) one",
    ),
]


@pytest.fixture
def imported_base(files):
    code, out, _err = run_command(files(BASE))
    assert code == 0, out
    OrganisationFactory(name="Other Council", kind=Organisation.Kind.COMMISSIONER)
    OrganisationFactory(name="Other Provider", kind=Organisation.Kind.PROVIDER)
    return dump_records()


def case_id(case: tuple) -> str:
    table, changes = case[0], case[1]
    return f"{table}-{'-'.join(changes)}"


def test_every_table_has_a_row_to_spoil():
    assert set(NEW_ROWS) | {"contract"} == set(BASE)


@pytest.mark.parametrize("table", sorted(NEW_ROWS))
def test_each_new_row_on_its_own_imports(files, imported_base, table):
    """The control: without its change, each case's row is valid."""
    tables = copy_tables(BASE)
    tables[table].append(NEW_ROWS[table])
    result = run_import(files(tables))
    assert result.problems == []
    assert result.counts[table].created == 1


@pytest.mark.parametrize(
    ("table", "changes", "column", "reason"), ROW_CASES, ids=map(case_id, ROW_CASES)
)
def test_a_bad_row_is_reported_by_sheet_row_and_column_and_nothing_changes(
    files, imported_base, table, changes, column, reason
):
    tables = copy_tables(BASE)
    tables["contract"][0]["title"] = "A title that must not be saved"
    tables[table].append({**NEW_ROWS[table], **changes})
    result = run_import(files(tables))
    assert result.problems == [Problem(table, len(BASE[table]) + 2, column, reason)]
    assert dump_records() == imported_base


@pytest.mark.parametrize(
    ("changes", "column", "reason"), CONTRACT_CASES, ids=[c[1] for c in CONTRACT_CASES]
)
def test_a_bad_contract_row_is_reported_and_nothing_changes(
    files, imported_base, changes, column, reason
):
    tables = copy_tables(BASE)
    tables["contract"][0].update(changes)
    tables["young_people"].append(NEW_ROWS["young_people"])
    result = run_import(files(tables))
    assert result.problems == [Problem("contract", 2, column, reason)]
    assert dump_records() == imported_base


@pytest.mark.parametrize(
    ("changes", "column", "reason"), NEW_CONTRACT_CASES, ids=[c[1] for c in NEW_CONTRACT_CASES]
)
def test_a_new_contracts_organisations_are_checked_and_nothing_changes(
    files, imported_base, changes, column, reason
):
    tables = {"contract": [{**BASE["contract"][0], "ref": "T-NEW", **changes}]}
    result = run_import(files(tables))
    assert result.problems == [Problem("contract", 2, column, reason)]
    assert dump_records() == imported_base


@pytest.mark.parametrize(
    ("column", "typed", "stored"),
    [
        ("provider", "Test Provdier", "Test Provider"),
        ("commissioner", "Test Counsil", "Test Council"),
    ],
)
def test_an_import_does_not_move_a_stored_contract_to_another_organisation(
    files, imported_base, column, typed, stored
):
    """A typo in the provider's name must not create an organisation and take the contract (and
    its records) away from the provider's staff."""
    tables = copy_tables(BASE)
    tables["contract"][0][column] = typed
    result = run_import(files(tables))
    assert result.problems == [
        Problem(
            "contract",
            2,
            column,
            f"'{typed}' differs from the contract's {column}, '{stored}': an import does not move "
            "a contract to another organisation (an administrator can, in the admin)",
        )
    ]
    assert dump_records() == imported_base
    assert not Organisation.objects.filter(name=typed).exists()


def test_a_stored_contracts_organisations_and_details_are_all_reported_at_once(
    files, imported_base
):
    """On the import page a provider's manager may change neither: both problems are listed."""
    contract = Contract.objects.get(ref="T-1")
    tables = copy_tables(BASE)
    tables["contract"][0].update(provider="Other Provider", title="Renamed")
    result = run_import(files(tables), contract=contract, may_change_contract=False)
    assert [(p.row, p.column) for p in result.problems] == [(2, "title"), (2, "provider")]
    assert dump_records() == imported_base


def test_a_date_of_birth_after_the_import_day_is_refused(files, imported_base, time_machine):
    """As on the young person's form; today itself is a possible (if unlikely) birthday."""
    time_machine.move_to(datetime(2026, 3, 10, 12, 0, tzinfo=ZoneInfo("Europe/London")))
    tables = copy_tables(BASE)
    tables["contract"][0]["title"] = "A title that must not be saved"
    tables["young_people"] += [
        {**NEW_ROWS["young_people"], "date_of_birth": "2026-03-10"},
        {**NEW_ROWS["young_people"], "ref": "Y10", "date_of_birth": "2026-03-11"},
    ]
    result = run_import(files(tables))
    assert result.problems == [
        Problem(
            "young_people",
            5,
            "date_of_birth",
            "2026-03-11 is after today (2026-03-10): the date of birth cannot be in the future",
        )
    ]
    assert dump_records() == imported_base


def test_a_match_of_exactly_twelve_months_is_valid(files, imported_base):
    tables = copy_tables(BASE)
    tables["matches"].append(
        {**NEW_ROWS["matches"], "start_date": "2024-02-29", "end_date": "2025-02-28"}
    )
    assert run_import(files(tables)).problems == []


def test_it_reports_every_problem_not_just_the_first_in_file_order(files):
    tables = copy_tables(BASE)
    tables["young_people"][1]["gender"] = "x"
    tables["young_people"][0]["date_of_birth"] = ""
    tables["sessions"][0]["duration_hours"] = "25"
    tables["contacts"][0]["case_ref"] = "C404"
    result = run_import(files(tables))
    assert [(p.sheet, p.row, p.column) for p in result.problems] == [
        ("young_people", 2, "date_of_birth"),
        ("young_people", 3, "gender"),
        ("sessions", 2, "duration_hours"),
        ("contacts", 2, "case_ref"),
    ]
    # A new contract: nothing at all was written, and the refusal is on record.
    assert dump_records()["contracts.Contract"] == []
    run = ImportRun.objects.get()
    assert (run.outcome, run.problem_count, run.contract) == ("refused", 4, None)


def test_a_ref_of_another_contract_is_unknown(files, imported_base):
    """Y1 exists, but in contract T-1: a file for another contract cannot point at it."""
    other = ContractFactory(ref="T-2", commissioner__name="Test Council 2")
    before = dump_records()
    tables = {
        "contract": [
            {
                **BASE["contract"][0],
                "ref": "T-2",
                "title": other.title,
                "commissioner": other.commissioner.name,
                "provider": other.provider.name,
                "start_date": "2024-04-01",
                "end_date": "2027-03-31",
                "annual_value": "123456.78",
            }
        ],
        "care_status": BASE["care_status"],
    }
    result = run_import(files(tables))
    assert result.problems == [
        Problem(
            "care_status",
            2,
            "young_person_ref",
            "there is no young person Y1 in young_people or already in contract T-2",
        )
    ]
    assert dump_records() == before


def test_a_row_may_point_at_a_record_already_in_the_contract(files, imported_base):
    tables = {"contract": BASE["contract"], "attendance": [NEW_ROWS["attendance"]]}
    result = run_import(files(tables))
    assert result.problems == []
    assert {table: str(counts) for table, counts in result.counts.items()} == {
        "contract": "0 created, 0 updated, 1 unchanged",
        "attendance": "1 created, 0 updated, 0 unchanged",
    }


def test_a_mentor_who_becomes_their_own_mentee_in_a_stored_match_is_refused(files, imported_base):
    """Match X1 (stored) pairs mentor M1 with Y1; a file making M1 young person Y1 would make
    X1 a mentor mentoring themself."""
    tables = {
        "contract": BASE["contract"],
        "mentors": [{**BASE["mentors"][0], "young_person_ref": "Y1"}],
    }
    result = run_import(files(tables))
    assert result.problems == [
        Problem(
            "mentors",
            2,
            "young_person_ref",
            "Y1 is this mentor's mentee in match X1: a mentor cannot mentor themself",
        )
    ]
    assert dump_records() == imported_base


# -- the shape of the file: columns, tables, the contract table -----------------------------


def without(rows: list[dict], column: str) -> list[dict]:
    return [{k: v for k, v in row.items() if k != column} for row in rows]


def spoiled_base() -> Tables:
    """The base with the contract renamed: a partial write would show in the dump."""
    tables = copy_tables(BASE)
    tables["contract"][0]["title"] = "A title that must not be saved"
    return tables


def test_an_extra_column_is_an_error_not_silently_dropped(files, imported_base):
    tables = spoiled_base()
    for row in tables["young_people"]:
        row["frist_name"] = "typo"
    result = run_import(files(tables))
    assert result.problems == [
        Problem(
            "young_people",
            1,
            "frist_name",
            "young_people has no column called frist_name; did you mean first_name? (its "
            "columns are ref, first_name, last_name, date_of_birth, gender, ethnicity, "
            "disability, locality, la_child_id)",
        )
    ]
    assert dump_records() == imported_base


def test_a_missing_required_column_is_an_error(files, imported_base):
    tables = spoiled_base()
    tables["sessions"] = without(tables["sessions"], "locality")
    assert run_import(files(tables)).problems == [
        Problem("sessions", 1, "locality", "this required column is missing")
    ]
    assert dump_records() == imported_base


def test_a_column_given_twice_is_an_error(files, imported_base):
    folder = files(spoiled_base())
    (folder / "key_workers.csv").write_text("ref,name,name\nK1,Key worker,Again\n")
    assert run_import(folder).problems == [
        Problem("key_workers", 1, "name", "this column appears twice")
    ]
    assert dump_records() == imported_base


def test_a_value_under_no_column_name_is_an_error(files, imported_base):
    folder = files(spoiled_base())
    (folder / "key_workers.csv").write_text("ref,name\nK1,Key worker,stray\n")
    assert run_import(folder).problems == [
        Problem("key_workers", 2, "C", "a value in a column with no name in row 1")
    ]
    assert dump_records() == imported_base


SESSIONS_COLUMNS = "ref, date, session_type, title, locality, duration_hours, coproduction"


@pytest.mark.parametrize(
    ("table", "header", "expected"),
    [
        (
            "sessions",
            "reff,date,session_type,title,locality,duration_hours,coproduction",
            [
                "sessions, row 1, column ref: this required column is missing",
                "sessions, row 1, column reff: sessions has no column called reff; did you mean "
                f"ref? (its columns are {SESSIONS_COLUMNS})",
            ],
        ),
        (
            "key_workers",
            "Ref,name",
            [
                "key_workers, row 1, column ref: this required column is missing",
                "key_workers, row 1, column Ref: key_workers has no column called Ref; did you "
                "mean ref? (its columns are ref, name)",
            ],
        ),
        (
            "care_status",
            "young_persons_ref,status,start_date,end_date",
            [
                "care_status, row 1, column young_person_ref: this required column is missing",
                "care_status, row 1, column young_persons_ref: care_status has no column called "
                "young_persons_ref; did you mean young_person_ref? (its columns are "
                "young_person_ref, status, start_date, end_date)",
            ],
        ),
        (
            "initiatives",
            "ref;date;title;description",
            [
                "initiatives, row 1, column ref: this required column is missing",
                "initiatives, row 1, column date: this required column is missing",
                "initiatives, row 1, column title: this required column is missing",
                "initiatives, row 1, column ref;date;title;description: initiatives has no "
                "column called ref;date;title;description; the columns seem to be separated by "
                "semicolons: save the file as CSV UTF-8 (comma delimited) (its columns are ref, "
                "date, title, description)",
            ],
        ),
        (
            "contract",
            "reff,title,framework,commissioner,provider,start_date,end_date,annual_value,"
            "record_timeframe_days",
            [
                "contract, row 1, column ref: this required column is missing",
                "contract, row 1, column reff: contract has no column called reff; did you mean "
                "ref? (its columns are ref, title, framework, commissioner, provider, "
                "start_date, end_date, annual_value, record_timeframe_days)",
            ],
        ),
    ],
    ids=[
        "sessions-reff",
        "key_workers-Ref",
        "care_status-young_persons_ref",
        "semicolons",
        "contract",
    ],
)
def test_a_table_whose_header_lacks_a_key_column_is_reported_not_a_crash(
    files, imported_base, table, header, expected
):
    """Its rows cannot be read, so they are not checked: the header's problems say why, and rows
    of other tables pointing at its records (attendance at S1...) are not reported as well."""
    folder = files(spoiled_base())
    # The header's row, then the table's rows as before, in the header's layout.
    separator = ";" if ";" in header else ","
    rows = [separator.join(row.values()) for row in BASE[table]]
    (folder / f"{table}.csv").write_text("\n".join([header, *rows]) + "\n")
    code, out, err = run_command(folder)
    assert (code, out.splitlines()) == (1, expected)
    assert err == f"{len(expected)} problems: nothing was imported.\n"
    assert dump_records() == imported_base


def test_an_optional_column_may_be_left_out(files):
    tables = copy_tables(BASE)
    tables["young_people"] = without(tables["young_people"], "la_child_id")
    result = run_import(files(tables))
    assert result.ok
    assert result.counts["young_people"].created == 2


@pytest.mark.parametrize(
    ("contract_rows", "reason"),
    [
        (
            None,
            "the contract table is missing: every import names its contract in a sheet (or "
            "contract.csv) with exactly one row",
        ),
        ([], "the contract table must have exactly one row; it has 0"),
        (
            [BASE["contract"][0], {**BASE["contract"][0], "ref": "T-9"}],
            "the contract table must have exactly one row; it has 2",
        ),
    ],
    ids=["absent", "empty", "two-rows"],
)
def test_the_contract_table_must_have_exactly_one_row(files, contract_rows, reason):
    tables = copy_tables(BASE)
    if contract_rows is None:
        del tables["contract"]
    else:
        tables["contract"] = contract_rows
    before = dump_records()
    result = run_import(files(tables))
    # Where the person looks: the second row (row 2 when there is none), or the whole file.
    where = {None: (None, None), 0: (2, "ref"), 2: (3, "ref")}[
        None if contract_rows is None else len(contract_rows)
    ]
    assert Problem("contract", *where, reason) in result.problems
    assert dump_records() == before


def test_a_file_for_an_unknown_table_is_an_error(files):
    folder = files(BASE)
    (folder / "young_peeple.csv").write_text("ref\nY1\n")
    (folder / "notes.txt").write_text("hello")
    assert run_import(folder).problems == [
        Problem("notes.txt", None, None, "only .csv files are read from a folder; remove this one"),
        Problem(
            "young_peeple.csv",
            None,
            None,
            "there is no table called young_peeple, so this file would be ignored. Did you "
            "mean young_people?",
        ),
    ]


def test_row_numbers_count_blank_rows_as_the_spreadsheet_shows_them(files):
    folder = files(BASE)
    (folder / "key_workers.csv").write_text("ref,name\nK1,Key worker\n\n,\nK2,\n")
    assert run_import(folder).problems == [Problem("key_workers", 5, "name", "a value is required")]


def test_a_workbook_reports_the_same_rows_as_the_csvs(files):
    tables = copy_tables(BASE)
    tables["sessions"].append({**NEW_ROWS["sessions"], "duration_hours": "30"})
    tables["young_people"][0]["date_of_birth"] = "not a date"
    expected = [
        Problem(
            "young_people",
            2,
            "date_of_birth",
            "'not a date' is not a date written YYYY-MM-DD (for example 2025-04-01)",
        ),
        Problem(
            "sessions",
            3,
            "duration_hours",
            "30 is out of range: it must be more than 0 and at most 24",
        ),
    ]
    assert run_import(files(tables)).problems == expected
    assert run_import(files(tables, "records.xlsx")).problems == expected


def test_the_command_prints_each_problem_and_exits_1(files):
    tables = copy_tables(BASE)
    tables["sessions"][0]["coproduction"] = "maybe"
    tables["feedback"][0]["rating"] = "9"
    code, out, err = run_command(files(tables))
    assert code == 1
    assert out == (
        "sessions, row 2, column coproduction: 'maybe' is not yes or no\n"
        "feedback, row 2, column rating: 9 is out of range: it must be between 1 and 5\n"
    )
    assert err == "2 problems: nothing was imported.\n"
    assert dump_records()["contracts.Contract"] == []
