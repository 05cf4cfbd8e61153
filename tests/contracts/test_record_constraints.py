"""The rules of the import format hold in the database too: no door lets bad data in."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, models, transaction

from contracts.dates import one_year_after
from contracts.models import (
    Accreditation,
    AdditionalFunding,
    Assessment,
    Attendance,
    CareStatus,
    Case,
    Contact,
    Contract,
    Feedback,
    InformationProvided,
    Initiative,
    KeyWorker,
    KeyWorkerActivity,
    OutcomeAssessment,
    PerformanceReview,
    Placement,
    PlannedContact,
    PlanReview,
    Referral,
    Session,
    SupportPlan,
    YoungPerson,
)
from funds4care.models import Application, Funds4CareRole
from mentoring.models import (
    GoalProgress,
    Match,
    MatchGoal,
    MatchReview,
    MenteeReferral,
    Mentor,
    MentorTraining,
    Supervision,
    SupportedAppointment,
)
from tests.factories import (
    ApplicationFactory,
    CaseFactory,
    ContractFactory,
    MatchFactory,
    OutcomeAssessmentFactory,
    SessionFactory,
    YoungPersonFactory,
)

from .record_rows import BUILDERS, build, copy, insert

pytestmark = pytest.mark.django_db


def refused(make) -> bool:
    try:
        with transaction.atomic():
            make()
    except IntegrityError:
        return True
    return False


@pytest.mark.parametrize("hours", [Decimal("0"), Decimal("-1"), Decimal("24.01")])
def test_a_session_lasts_more_than_nothing_and_at_most_a_day(hours):
    assert refused(lambda: SessionFactory(duration_hours=hours))


def test_a_session_of_a_whole_day_is_accepted():
    assert not refused(lambda: SessionFactory(duration_hours=Decimal("24.00")))


@pytest.mark.parametrize("score", [0, 11])
def test_outcome_scores_are_1_to_10(score):
    assert refused(lambda: OutcomeAssessmentFactory(resilience=score))


@pytest.mark.parametrize(("rating", "bad"), [(0, True), (6, True), (1, False), (5, False)])
def test_feedback_ratings_are_1_to_5(rating, bad):
    person = YoungPersonFactory()
    make = lambda: Feedback.objects.create(  # noqa: E731
        young_person=person, date=date(2025, 5, 1), kind="feedback", rating=rating
    )
    assert refused(make) is bad


def test_two_care_statuses_cannot_start_on_one_day():
    person = YoungPersonFactory()
    CareStatus.objects.create(young_person=person, status="in_care", start_date=date(2025, 4, 1))
    assert refused(
        lambda: CareStatus.objects.create(
            young_person=person, status="care_leaver", start_date=date(2025, 4, 1)
        )
    )


def test_a_care_status_cannot_end_before_it_starts():
    person = YoungPersonFactory()
    assert refused(
        lambda: CareStatus.objects.create(
            young_person=person,
            status="in_care",
            start_date=date(2025, 4, 2),
            end_date=date(2025, 4, 1),
        )
    )


def test_information_is_recorded_once_a_day_per_young_person():
    person = YoungPersonFactory()
    InformationProvided.objects.create(young_person=person, date=date(2025, 5, 1), method="visit")
    assert refused(
        lambda: InformationProvided.objects.create(
            young_person=person, date=date(2025, 5, 1), method="leaflet"
        )
    )


@pytest.mark.parametrize(
    ("requested", "decision", "awarded", "bad"),
    [
        ("300.00", "approved", "250.01", True),
        ("300.00", "approved", "250.00", False),
        ("100.00", "approved", "100.01", True),
        ("100.00", "declined", "50.00", True),
        ("100.00", "pending", None, False),
        ("-1.00", "pending", None, True),
    ],
)
def test_an_award_is_at_most_250_pounds_and_the_request_and_only_when_approved(
    requested, decision, awarded, bad
):
    make = lambda: ApplicationFactory(  # noqa: E731
        amount_requested=Decimal(requested),
        decision=decision,
        amount_awarded=Decimal(awarded) if awarded else None,
    )
    assert refused(make) is bad


def test_a_decision_cannot_come_before_the_application():
    assert refused(
        lambda: ApplicationFactory(submitted_date=date(2025, 5, 2), decision_date=date(2025, 5, 1))
    )
    assert Application.objects.count() == 0


def test_a_contact_cannot_be_recorded_before_it_happened():
    case = CaseFactory()
    make = lambda: Contact.objects.create(  # noqa: E731
        contract=case.contract,
        ref="C1",
        case=case,
        contact_date=date(2025, 5, 2),
        recorded_date=date(2025, 5, 1),
    )
    assert refused(make)


def test_a_case_cannot_start_before_its_referral():
    assert refused(lambda: CaseFactory(referral_date=date(2025, 5, 2), start_date=date(2025, 5, 1)))


@pytest.mark.parametrize(("end", "bad"), [(date(2026, 11, 18), False), (date(2026, 11, 19), True)])
def test_a_match_lasts_at_most_12_calendar_months(end, bad):
    assert refused(lambda: MatchFactory(start_date=date(2025, 11, 18), end_date=end)) is bad


def test_an_open_match_knows_its_limit():
    match = MatchFactory(start_date=date(2024, 2, 29), end_date=None)
    assert Match.objects.get(pk=match.pk).limit_date == date(2025, 2, 28)


# --- Every rule of import-format.md, one bad row each, straight to the database -----------------


def refusal(row, **fields) -> str:
    """The database's refusal of a row with `fields` set (a copy, if the row is saved), written
    by bulk_create: no save(), no full_clean()."""
    if row.pk:
        row = copy(row, **fields)
    else:
        for name, value in fields.items():
            setattr(row, name, value)
    with pytest.raises(IntegrityError) as refused_with, transaction.atomic():
        insert(row)
    return str(refused_with.value)


@pytest.mark.parametrize("model", list(BUILDERS), ids=lambda model: model.__name__)
def test_it_accepts_the_valid_row_of_each_record(model):
    row = insert(build(model))
    assert model.objects.filter(pk=row.pk).count() == 1


CODE_LISTS = [
    (YoungPerson, "gender", "young_person_gender_valid"),
    (YoungPerson, "ethnicity", "young_person_ethnicity_valid"),
    (YoungPerson, "disability", "young_person_disability_valid"),
    (CareStatus, "status", "care_status_status_valid"),
    (Placement, "placement_code", "placement_code_valid"),
    (Session, "session_type", "session_type_valid"),
    (Feedback, "kind", "feedback_kind_valid"),
    (Accreditation, "route", "accreditation_route_valid"),
    (AdditionalFunding, "status", "additional_funding_status_valid"),
    (Assessment, "role", "assessment_role_valid"),
    (Referral, "source", "referral_source_valid"),
    (Referral, "decision", "referral_decision_valid"),
    (Case, "closure_outcome", "case_closure_outcome_valid"),
    (Case, "closure_reason", "case_closure_reason_valid"),
    (Contact, "kind", "contact_kind_valid"),
    (PlannedContact, "kind", "planned_contact_kind_valid"),
    (KeyWorkerActivity, "role", "key_worker_activity_role_valid"),
    (MentorTraining, "module", "mentor_training_module_valid"),
    (SupportedAppointment, "appointment_type", "supported_appointment_type_valid"),
    (Mentor, "gender", "mentor_gender_valid"),
    (Match, "closure_reason", "match_closure_reason_valid"),
    (MenteeReferral, "prefers_gender", "mentee_referral_gender_preference_valid"),
    (GoalProgress, "progress", "goal_progress_valid"),
    (Supervision, "kind", "supervision_kind_valid"),
    (Application, "decision", "f4c_application_decision_valid"),
    (Application, "stage", "f4c_application_stage_valid"),
    (Contract, "framework", "contract_framework_valid"),
]


@pytest.mark.parametrize(
    ("model", "field", "constraint"),
    CODE_LISTS,
    ids=[f"{m.__name__}.{f}" for m, f, _ in CODE_LISTS],
)
def test_it_refuses_a_code_not_in_its_list(model, field, constraint):
    # Too short for any code column, so the column's length is no reason to refuse it.
    assert constraint in refusal(build(model), **{field: "zz"})


def test_it_knows_every_code_column():
    """A new code column must join CODE_LISTS (and have its constraint)."""
    coded = {
        (model, field.name)
        for model in BUILDERS
        for field in model._meta.concrete_fields
        if field.choices
    }
    assert coded == {(model, field) for model, field, _ in CODE_LISTS}


END_BEFORE_START = [
    (Placement, "start_date", "end_date", "placement_ends_after_start"),
    (Case, "start_date", "end_date", "case_ends_after_start"),
    (Funds4CareRole, "start_date", "end_date", "f4c_role_ends_after_start"),
    (Match, "start_date", "end_date", "match_ends_after_start"),
    (Contract, "start_date", "end_date", "contract_ends_after_it_starts"),
]


@pytest.mark.parametrize(
    ("model", "start", "end", "constraint"),
    END_BEFORE_START,
    ids=[m.__name__ for m, *_ in END_BEFORE_START],
)
def test_it_refuses_an_end_before_the_start(model, start, end, constraint):
    row = build(model)
    assert constraint in refusal(row, **{end: getattr(row, start) - timedelta(days=1)})


@pytest.mark.parametrize(
    ("model", "start", "end", "constraint"),
    END_BEFORE_START,
    ids=[m.__name__ for m, *_ in END_BEFORE_START],
)
def test_it_accepts_an_end_on_the_start_day(model, start, end, constraint):
    row = build(model)
    setattr(row, end, getattr(row, start))
    assert insert(row).pk


MONEY = [
    (Contract, {"annual_value": Decimal("-0.01")}, "contract_annual_value_not_negative"),
    (AdditionalFunding, {"amount": Decimal("-0.01")}, "additional_funding_amount_not_negative"),
    (Application, {"amount_requested": Decimal("-0.01")}, "f4c_application_request_not_negative"),
    (Application, {"amount_awarded": Decimal("-0.01")}, "f4c_award_at_most_250_and_the_request"),
]


@pytest.mark.parametrize(
    ("model", "fields", "constraint"), MONEY, ids=[next(iter(f)) for _m, f, _c in MONEY]
)
def test_it_refuses_a_negative_sum_of_money(model, fields, constraint):
    assert constraint in refusal(build(model), **fields)


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (Contract, {"annual_value": Decimal("0.00")}),
        (AdditionalFunding, {"amount": Decimal("0.00")}),
        (Application, {"amount_requested": Decimal("0.00"), "amount_awarded": Decimal("0.00")}),
    ],
    ids=["annual_value", "amount", "amount_requested"],
)
def test_it_accepts_nothing_as_a_sum_of_money(model, fields):
    assert insert(build(model, **fields)).pk


REF_TABLES = [
    YoungPerson,
    Session,
    Initiative,
    AdditionalFunding,
    KeyWorker,
    Referral,
    Case,
    Contact,
    Assessment,
    KeyWorkerActivity,
    Mentor,
    Match,
    MenteeReferral,
    Application,
]


def test_it_knows_every_table_with_refs():
    assert {
        model
        for model in BUILDERS
        if model is not Contract and any(f.name == "ref" for f in model._meta.fields)
    } == set(REF_TABLES)


@pytest.mark.parametrize("model", REF_TABLES, ids=lambda model: model.__name__)
def test_a_ref_is_unique_within_its_contract(model):
    first = insert(build(model))
    message = refusal(build(model, first.contract), ref=first.ref)
    assert "UNIQUE" in message.upper() and "ref" in message


@pytest.mark.parametrize("model", REF_TABLES, ids=lambda model: model.__name__)
def test_another_contract_may_use_the_same_ref(model):
    first = insert(build(model))
    other = insert(build(model, ContractFactory(), ref=first.ref))
    assert (other.ref, other.contract_id != first.contract_id) == (first.ref, True)


UNIQUE_KEYS = [
    (Placement, "placement_one_start_a_day"),
    (OutcomeAssessment, "outcome_assessment_once_a_day"),
    (Feedback, "feedback_once_a_day_per_kind"),
    (Accreditation, "accreditation_once_a_day"),
    (Attendance, "attendance_once_per_session"),
    (MentorTraining, "mentor_training_once_a_day_per_module"),
    (SupportedAppointment, "supported_appointment_once_a_day_per_type"),
    (MatchReview, "match_review_once_a_day"),
    (Funds4CareRole, "f4c_role_once_a_day"),
    (PerformanceReview, "performance_review_once_a_day"),
    (CareStatus, "care_status_one_start_a_day"),
    (InformationProvided, "information_provided_once_a_day"),
]


@pytest.mark.parametrize(
    ("model", "constraint"), UNIQUE_KEYS, ids=[m.__name__ for m, _ in UNIQUE_KEYS]
)
def test_a_record_keyed_by_its_parent_is_kept_once(model, constraint):
    first = insert(build(model))
    message = refusal(first)
    # SQLite names the columns, PostgreSQL the constraint.
    key = next(c for c in model._meta.constraints if c.name == constraint).fields
    columns = [model._meta.get_field(name).column for name in key]
    assert "UNIQUE" in message.upper()
    assert constraint in message or all(column in message for column in columns)


@pytest.mark.parametrize(
    ("model", "constraint"), UNIQUE_KEYS, ids=[m.__name__ for m, _ in UNIQUE_KEYS]
)
def test_a_record_keyed_by_its_parent_is_kept_again_on_another_day(model, constraint):
    first = insert(build(model))
    key = next(c for c in model._meta.constraints if c.name == constraint).fields
    moved = {name: getattr(first, name) + timedelta(days=1) for name in key if "date" in name}
    if model is Attendance:
        moved = {"young_person": YoungPersonFactory(contract=first.session.contract)}
    assert insert(copy(first, **moved)).pk


REQUIRED_TEXT = [
    (Contract, "ref"),
    (Contract, "title"),
    (YoungPerson, "ref"),
    (YoungPerson, "first_name"),
    (YoungPerson, "last_name"),
    (YoungPerson, "locality"),
    (Session, "ref"),
    (Session, "title"),
    (Session, "locality"),
    (InformationProvided, "method"),
    (Initiative, "ref"),
    (Initiative, "title"),
    (Accreditation, "award"),
    (AdditionalFunding, "ref"),
    (AdditionalFunding, "source"),
    (KeyWorker, "ref"),
    (KeyWorker, "name"),
    (Referral, "ref"),
    (Referral, "referrer"),
    (Case, "ref"),
    (Contact, "ref"),
    (SupportPlan, "goals"),
    (SupportPlan, "young_persons_words"),
    (PlanReview, "progress"),
    (PlanReview, "young_persons_words"),
    (Assessment, "ref"),
    (KeyWorkerActivity, "ref"),
    (KeyWorkerActivity, "title"),
    (Mentor, "ref"),
    (Mentor, "name"),
    (Match, "ref"),
    (MenteeReferral, "ref"),
    (MatchGoal, "text"),
    (MatchReview, "notes"),
    (Supervision, "led_by"),
    (Supervision, "risk"),
    (Supervision, "safeguarding"),
    (Supervision, "wellbeing"),
    (Funds4CareRole, "role"),
    (Application, "ref"),
]


def test_it_knows_every_required_text_column():
    """Every text column a row must give (import-format.md), and no optional one."""
    required = {
        (model, field.name)
        for model in BUILDERS
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField))
        and not field.blank
        and not field.choices
    }
    assert required == set(REQUIRED_TEXT)


@pytest.mark.parametrize(
    ("model", "field"), REQUIRED_TEXT, ids=[f"{m.__name__}.{f}" for m, f in REQUIRED_TEXT]
)
def test_it_refuses_an_empty_required_text(model, field):
    assert "required_text" in refusal(build(model), **{field: ""})


# --- A match's limit is 12 calendar months after its start -------------------------------------


@pytest.mark.parametrize(
    ("start", "limit", "valid"),
    [
        (date(2025, 11, 18), date(2026, 11, 18), True),
        (date(2025, 12, 31), date(2026, 12, 31), True),
        (date(2024, 2, 29), date(2025, 2, 28), True),
        (date(2023, 2, 28), date(2024, 2, 28), True),
        (date(2025, 3, 1), date(2026, 3, 1), True),
        (date(2024, 2, 29), date(2025, 3, 1), False),
        (date(2023, 2, 28), date(2024, 2, 29), False),
        (date(2025, 11, 18), date(2026, 11, 17), False),
        (date(2025, 11, 18), date(2026, 11, 19), False),
        (date(2025, 11, 18), date(2026, 12, 18), False),
        (date(2025, 11, 18), date(2027, 11, 18), False),
        (date(2025, 12, 31), date(2027, 1, 1), False),
    ],
)
def test_a_matchs_limit_is_the_same_day_a_year_after_its_start(start, limit, valid):
    row = build(Match, start_date=start, end_date=None, limit_date=limit)
    assert (limit == one_year_after(start)) is valid
    if valid:
        assert insert(row).limit_date == limit
    else:
        assert "match_limit_is_12_months_after_start" in refusal(row)


def test_an_update_of_a_matchs_start_cannot_stretch_it():
    match = insert(build(Match, start_date=date(2025, 5, 1), end_date=date(2026, 5, 1)))
    with (
        pytest.raises(IntegrityError, match="match_limit_is_12_months_after_start"),
        transaction.atomic(),
    ):
        Match.objects.filter(pk=match.pk).update(start_date=date(2020, 1, 1))
    assert Match.objects.get(pk=match.pk).start_date == date(2025, 5, 1)


def test_a_match_and_its_limit_may_move_together():
    match = insert(build(Match, start_date=date(2025, 5, 1), end_date=None))
    Match.objects.filter(pk=match.pk).update(
        start_date=date(2024, 2, 29), limit_date=date(2025, 2, 28)
    )
    assert Match.objects.get(pk=match.pk).limit_date == date(2025, 2, 28)


def test_a_bulk_created_match_cannot_bring_its_own_limit():
    row = build(
        Match, start_date=date(2025, 5, 1), end_date=date(2028, 1, 1), limit_date=date(2030, 1, 1)
    )
    assert "match_limit_is_12_months_after_start" in refusal(row)
    assert not Match.objects.exists()
