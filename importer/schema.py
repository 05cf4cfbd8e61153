"""What an import file may hold: every table of import-format.md, its columns, key and model.

The schema is data, read by the validation engine, the writer and the blank template
workbook alike, so the three cannot drift apart. Tables are listed in the order of
import-format.md, which is also a safe order to read and write them in: every reference
points at a table listed earlier.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models

from contracts import codes
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
    Session,
    YoungPerson,
)
from funds4care.models import Application, Funds4CareRole
from mentoring.models import Match, Mentor, MentorTraining, SupportedAppointment

from .columns import (
    GRANT,
    HOURS,
    RATING,
    SCORE,
    TIMEFRAME,
    Column,
    Ref,
    Text,
    YesNo,
    code,
    day,
    money,
    optional_day,
    ref,
    text_column,
)
from .row_checks import (
    RowCheck,
    application_rules,
    born_by_today,
    case_starts_after_referral,
    contact_recorded_after_it_happened,
    ends_after_start,
    match_at_most_twelve_months,
    match_limit,
    mentee_is_not_the_mentor,
)


@dataclass(frozen=True)
class Table:
    name: str
    model: type[models.Model]
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    description: str
    checks: tuple[RowCheck, ...] = ()
    # From a record of this table to its contract, for "the records already in the contract".
    contract_path: str = "contract"
    # What a reference to one of its rows is called in a message ("young person").
    noun: str = ""
    # A reason for two rows with the same key, when the plain one is not the clearest.
    duplicate_reason: str = ""
    # Fields the model computes from others in save(), which bulk writes bypass.
    derived: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    column_index: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "column_index", {c.name: c for c in self.columns})

    @property
    def has_ref(self) -> bool:
        return self.key == ("ref",)

    @property
    def has_contract(self) -> bool:
        return self.contract_path == "contract"

    def column(self, name: str) -> Column:
        return self.column_index[name]


CONTRACT = Table(
    "contract",
    Contract,
    key=("ref",),
    noun="contract",
    description="The contract the records belong to: exactly one row. Created if it is new.",
    columns=(
        text_column(Contract, "ref", help="The contract's reference."),
        text_column(Contract, "title"),
        code("framework", dict(Contract.Framework.choices), "framework"),
        Column("commissioner", Text(200), help="The council's name (an organisation)."),
        Column("provider", Text(200), help="The provider's name (an organisation)."),
        day("start_date"),
        day("end_date"),
        Column("annual_value", money(), help="In pounds."),
        Column(
            "record_timeframe_days",
            TIMEFRAME,
            required=False,
            default=5,
            help="Working days allowed to record a contact; empty means 5.",
        ),
    ),
    checks=(ends_after_start(),),
)

YOUNG_PEOPLE = Table(
    "young_people",
    YoungPerson,
    key=("ref",),
    noun="young person",
    description="The young people the service works with.",
    columns=(
        text_column(YoungPerson, "ref"),
        text_column(YoungPerson, "first_name"),
        text_column(YoungPerson, "last_name"),
        day("date_of_birth"),
        code("gender", codes.GENDERS, "gender"),
        code("ethnicity", codes.ETHNICITIES, "ethnicity"),
        code("disability", codes.DISABILITIES, "disability"),
        text_column(YoungPerson, "locality"),
        text_column(
            YoungPerson,
            "la_child_id",
            required=False,
            help="The council's SSDA903 CHILD id, if known.",
        ),
    ),
    checks=(born_by_today,),
)

CARE_STATUS = Table(
    "care_status",
    CareStatus,
    key=("young_person_ref", "start_date"),
    contract_path="young_person__contract",
    description="Each young person's care history: one row per interval.",
    duplicate_reason="a young person's care status cannot have two intervals starting on the "
    "same day",
    columns=(
        ref("young_people"),
        code("status", codes.CARE_STATUSES, "care status"),
        day("start_date"),
        optional_day("end_date", help="Empty while the status continues."),
    ),
    checks=(ends_after_start(),),
)

PLACEMENTS = Table(
    "placements",
    Placement,
    key=("young_person_ref", "start_date"),
    contract_path="young_person__contract",
    description="Placements of young people in care (SSDA903 PLACE codes).",
    columns=(
        ref("young_people"),
        code("placement_code", codes.PLACEMENT_CODES, "SSDA903 placement"),
        day("start_date"),
        optional_day("end_date"),
    ),
    checks=(ends_after_start(),),
)

SESSIONS = Table(
    "sessions",
    Session,
    key=("ref",),
    noun="session",
    description="Sessions delivered.",
    columns=(
        text_column(Session, "ref"),
        day("date"),
        code("session_type", codes.SESSION_TYPES, "session type"),
        text_column(Session, "title"),
        text_column(Session, "locality"),
        Column("duration_hours", HOURS),
        Column("coproduction", YesNo(), help="Planned or run together with young people."),
    ),
)

ATTENDANCE = Table(
    "attendance",
    Attendance,
    key=("session_ref", "young_person_ref"),
    contract_path="session__contract",
    description="Who attended which session: one row per young person per session.",
    columns=(ref("sessions"), ref("young_people")),
)

INFORMATION_PROVIDED = Table(
    "information_provided",
    InformationProvided,
    key=("young_person_ref", "date"),
    contract_path="young_person__contract",
    description="Information about the service given to a young person (indicator 1.1).",
    columns=(
        ref("young_people"),
        day("date"),
        text_column(InformationProvided, "method", help="For example: leaflet, text message."),
    ),
)

OUTCOME_ASSESSMENTS = Table(
    "outcome_assessments",
    OutcomeAssessment,
    key=("young_person_ref", "date"),
    contract_path="young_person__contract",
    description="Outcome scores, each a whole number from 1 to 10 (indicator 1.4).",
    columns=(
        ref("young_people"),
        day("date"),
        *(Column(score, SCORE) for score in codes.OUTCOME_SCORES),
    ),
)

FEEDBACK = Table(
    "feedback",
    Feedback,
    key=("young_person_ref", "date", "kind"),
    contract_path="young_person__contract",
    description="Feedback, compliments and complaints from young people.",
    columns=(
        ref("young_people"),
        day("date"),
        code("kind", codes.FEEDBACK_KINDS, "feedback kind"),
        Column("rating", RATING, required=False),
        text_column(Feedback, "comment", required=False),
    ),
)

INITIATIVES = Table(
    "initiatives",
    Initiative,
    key=("ref",),
    noun="initiative",
    description="Initiatives and policy areas influenced (indicator 1.5).",
    columns=(
        text_column(Initiative, "ref"),
        day("date"),
        text_column(Initiative, "title"),
        text_column(Initiative, "description", required=False),
    ),
)

ACCREDITATIONS = Table(
    "accreditations",
    Accreditation,
    key=("young_person_ref", "award", "date"),
    contract_path="young_person__contract",
    description="Accredited learning (indicator 1.12).",
    columns=(
        ref("young_people"),
        text_column(Accreditation, "award"),
        code("route", codes.ACCREDITATION_ROUTES, "accreditation route"),
        day("date"),
    ),
)

MENTORS = Table(
    "mentors",
    Mentor,
    key=("ref",),
    noun="mentor",
    description="Peer mentors.",
    columns=(
        text_column(Mentor, "ref"),
        text_column(Mentor, "name"),
        ref("young_people", required=False, help="Set when the mentor is a young person."),
        optional_day("left_date"),
    ),
)

MENTOR_TRAINING = Table(
    "mentor_training",
    MentorTraining,
    key=("mentor_ref", "module", "completed_date"),
    contract_path="mentor__contract",
    description="Training modules mentors completed (indicator 1.6).",
    columns=(
        ref("mentors"),
        code("module", codes.MENTOR_MODULES, "mentor training module"),
        day("completed_date"),
    ),
)

MATCHES = Table(
    "matches",
    Match,
    key=("ref",),
    noun="match",
    description="Peer-mentoring matches: at most 12 calendar months each.",
    columns=(
        text_column(Match, "ref"),
        ref("mentors"),
        ref("young_people", "mentee_ref", help="A young person, not the mentor themself."),
        day("start_date"),
        optional_day(
            "end_date", help="At most 12 calendar months after the start; empty while open."
        ),
    ),
    checks=(ends_after_start(), match_at_most_twelve_months, mentee_is_not_the_mentor),
    derived=match_limit,
)

SUPPORTED_APPOINTMENTS = Table(
    "supported_appointments",
    SupportedAppointment,
    key=("match_ref", "date", "appointment_type"),
    contract_path="match__contract",
    description="Appointments a mentee was supported to attend (indicator 1.11).",
    columns=(
        ref("matches"),
        day("date"),
        code("appointment_type", codes.APPOINTMENT_TYPES, "appointment type"),
    ),
)

F4C_ROLES = Table(
    "f4c_roles",
    Funds4CareRole,
    key=("young_person_ref", "role", "start_date"),
    contract_path="young_person__contract",
    description="Young people's roles in running Funds4 Care (indicator 1.8).",
    columns=(
        ref("young_people"),
        text_column(Funds4CareRole, "role", help="For example: panel_member, panel_chair."),
        day("start_date"),
        optional_day("end_date"),
    ),
    checks=(ends_after_start(),),
)

F4C_APPLICATIONS = Table(
    "f4c_applications",
    Application,
    key=("ref",),
    noun="application",
    description="Funds4 Care applications and their decisions (indicators 1.9, 1.10).",
    columns=(
        text_column(Application, "ref"),
        ref("young_people"),
        day("submitted_date"),
        Column("amount_requested", money("99999999.99"), help="In pounds."),
        code("decision", codes.DECISIONS, "decision"),
        optional_day("decision_date"),
        Column(
            "amount_awarded",
            GRANT,
            required=False,
            help=f"In pounds, at most {codes.MAX_GRANT} and the amount requested; "
            "only when approved.",
        ),
        Column("onward_support", YesNo(), help="Led to onward non-financial support."),
    ),
    checks=(application_rules,),
)

ADDITIONAL_FUNDING = Table(
    "additional_funding",
    AdditionalFunding,
    key=("ref",),
    noun="funding",
    description="Additional funding brought in (counted as added value).",
    columns=(
        text_column(AdditionalFunding, "ref"),
        day("date"),
        text_column(AdditionalFunding, "source"),
        Column("amount", money(), help="In pounds."),
        code("status", codes.FUNDING_STATUSES, "funding status"),
    ),
)

KEY_WORKERS = Table(
    "key_workers",
    KeyWorker,
    key=("ref",),
    noun="key worker",
    description="Key workers.",
    columns=(text_column(KeyWorker, "ref"), text_column(KeyWorker, "name")),
)

CASES = Table(
    "cases",
    Case,
    key=("ref",),
    noun="case",
    description="Key-worker involvements with young people.",
    columns=(
        text_column(Case, "ref"),
        ref("young_people"),
        ref("key_workers"),
        day("referral_date"),
        day("start_date", help="On or after the referral date."),
        optional_day("end_date"),
    ),
    checks=(case_starts_after_referral, ends_after_start()),
)

CONTACTS = Table(
    "contacts",
    Contact,
    key=("ref",),
    noun="contact",
    description="Contacts in a case, and when each was recorded (indicator A2.7).",
    columns=(
        text_column(Contact, "ref"),
        ref("cases"),
        day("contact_date"),
        day("recorded_date", help="Not before the contact date."),
    ),
    checks=(contact_recorded_after_it_happened,),
)

ASSESSMENTS = Table(
    "assessments",
    Assessment,
    key=("ref",),
    noun="assessment",
    description="Assessments in a case, led or supported by the key worker.",
    columns=(
        text_column(Assessment, "ref"),
        ref("cases"),
        day("date"),
        code("role", codes.KEY_WORKER_ROLES, "key-worker role"),
    ),
)

KW_ACTIVITIES = Table(
    "kw_activities",
    KeyWorkerActivity,
    key=("ref",),
    noun="activity",
    description="Key-worker activities, led or supported.",
    columns=(
        text_column(KeyWorkerActivity, "ref"),
        ref("key_workers"),
        day("date"),
        code("role", codes.KEY_WORKER_ROLES, "key-worker role"),
        text_column(KeyWorkerActivity, "title"),
    ),
)

PERFORMANCE_REVIEWS = Table(
    "performance_reviews",
    PerformanceReview,
    key=("key_worker_ref", "date"),
    contract_path="key_worker__contract",
    description="Key workers' performance reviews (indicator A2.10).",
    columns=(ref("key_workers"), day("date"), Column("satisfactory", YesNo())),
)

TABLES: tuple[Table, ...] = (
    CONTRACT,
    YOUNG_PEOPLE,
    CARE_STATUS,
    PLACEMENTS,
    SESSIONS,
    ATTENDANCE,
    INFORMATION_PROVIDED,
    OUTCOME_ASSESSMENTS,
    FEEDBACK,
    INITIATIVES,
    ACCREDITATIONS,
    MENTORS,
    MENTOR_TRAINING,
    MATCHES,
    SUPPORTED_APPOINTMENTS,
    F4C_ROLES,
    F4C_APPLICATIONS,
    ADDITIONAL_FUNDING,
    KEY_WORKERS,
    CASES,
    CONTACTS,
    ASSESSMENTS,
    KW_ACTIVITIES,
    PERFORMANCE_REVIEWS,
)
TABLES_BY_NAME: dict[str, Table] = {table.name: table for table in TABLES}
RECORD_TABLES: tuple[Table, ...] = TABLES[1:]
# A sheet the blank template adds to explain the columns; an import reads past it.
NOTES_SHEET = "Notes"


def _check_schema() -> None:
    """Fail when Django starts, not in someone's import, if the schema and the models disagree:
    every column names a model field (the contract's organisations are names, not fields), every
    reference points at an earlier table (the order tables are read and written in), and every
    key column is required."""
    for position, table in enumerate(TABLES):
        earlier = {t.name for t in TABLES[:position]}
        for column in table.columns:
            if table is not CONTRACT:
                table.model._meta.get_field(column.model_field)
            if isinstance(column.type, Ref) and column.type.table not in earlier:
                raise ImproperlyConfigured(f"{table.name}.{column.name} points forward")
        for name in table.key:
            if not table.column(name).required:
                raise ImproperlyConfigured(f"{table.name}: key column {name} must be required")


_check_schema()
