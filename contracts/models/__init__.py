"""Contracts' models, by subject; every model is imported here, so `from contracts.models import
X` works and Django finds them all (the app's `models` module)."""

from .activities import (
    MONEY_VALIDATORS,
    SCORE_VALIDATORS,
    Accreditation,
    AdditionalFunding,
    Attendance,
    Feedback,
    InformationProvided,
    Initiative,
    OutcomeAssessment,
    Session,
)
from .case_plans import PlannedContact, PlanReview, SupportPlan
from .casework import (
    Assessment,
    Case,
    Contact,
    KeyWorker,
    KeyWorkerActivity,
    PerformanceReview,
    Referral,
)
from .constraints import required_text
from .imports import ImportRun
from .organisations import (
    PROVIDER_ROLES,
    ROLE_ORGANISATION_KIND,
    Contract,
    ContractQuerySet,
    Organisation,
    Role,
    User,
    UserManager,
)
from .young_people import CareStatus, Placement, YoungPerson, YoungPersonQuerySet

__all__ = [
    "MONEY_VALIDATORS",
    "PROVIDER_ROLES",
    "ROLE_ORGANISATION_KIND",
    "SCORE_VALIDATORS",
    "Accreditation",
    "AdditionalFunding",
    "Assessment",
    "Attendance",
    "CareStatus",
    "Case",
    "Contact",
    "Contract",
    "ContractQuerySet",
    "Feedback",
    "ImportRun",
    "InformationProvided",
    "Initiative",
    "KeyWorker",
    "KeyWorkerActivity",
    "Organisation",
    "OutcomeAssessment",
    "PerformanceReview",
    "Placement",
    "PlanReview",
    "PlannedContact",
    "Referral",
    "Role",
    "Session",
    "SupportPlan",
    "User",
    "UserManager",
    "YoungPerson",
    "YoungPersonQuerySet",
    "required_text",
]
