"""Factories for the records tests/factories.py leaves out, for the KPI tests."""

from datetime import date
from decimal import Decimal

import factory

from contracts.models import (
    Accreditation,
    AdditionalFunding,
    Assessment,
    Contact,
    Feedback,
    InformationProvided,
    Initiative,
    KeyWorkerActivity,
    PerformanceReview,
)
from funds4care.models import Funds4CareRole
from mentoring.models import MentorTraining, SupportedAppointment
from tests.factories import CaseFactory, ContractFactory, KeyWorkerFactory, YoungPersonFactory


class InformationProvidedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InformationProvided

    young_person = factory.SubFactory(YoungPersonFactory)
    date = date(2025, 5, 1)
    method = "leaflet"


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    young_person = factory.SubFactory(YoungPersonFactory)
    date = date(2025, 5, 1)
    kind = "feedback"


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    contract = factory.SubFactory(ContractFactory)
    ref = factory.Sequence(lambda n: f"I{n:04d}")
    date = date(2025, 5, 1)
    title = factory.Sequence(lambda n: f"Review {n}")


class AccreditationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Accreditation

    young_person = factory.SubFactory(YoungPersonFactory)
    award = factory.Sequence(lambda n: f"Award {n}")
    route = "participation"
    date = date(2025, 5, 1)


class AdditionalFundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdditionalFunding

    contract = factory.SubFactory(ContractFactory)
    ref = factory.Sequence(lambda n: f"F{n:04d}")
    date = date(2025, 5, 1)
    source = "Lottery"
    amount = Decimal("1000.00")
    status = "secured"


class MentorTrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorTraining

    module = "cse"
    completed_date = date(2025, 5, 1)


class SupportedAppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportedAppointment

    date = date(2025, 5, 1)
    appointment_type = "health"


class Funds4CareRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Funds4CareRole

    young_person = factory.SubFactory(YoungPersonFactory)
    role = "panel_member"
    start_date = date(2025, 1, 1)
    end_date = None


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    case = factory.SubFactory(CaseFactory)
    contract = factory.SelfAttribute("case.contract")
    ref = factory.Sequence(lambda n: f"CT{n:05d}")
    contact_date = date(2025, 5, 1)
    recorded_date = date(2025, 5, 1)


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    case = factory.SubFactory(CaseFactory)
    contract = factory.SelfAttribute("case.contract")
    ref = factory.Sequence(lambda n: f"AS{n:05d}")
    date = date(2025, 5, 1)
    role = "lead"


class KeyWorkerActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyWorkerActivity

    key_worker = factory.SubFactory(KeyWorkerFactory)
    contract = factory.SelfAttribute("key_worker.contract")
    ref = factory.Sequence(lambda n: f"KA{n:05d}")
    date = date(2025, 5, 1)
    role = "lead"
    title = "Group work"


class PerformanceReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PerformanceReview

    key_worker = factory.SubFactory(KeyWorkerFactory)
    date = date(2025, 5, 1)
    satisfactory = True
