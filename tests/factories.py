from datetime import date
from decimal import Decimal

import factory

from contracts.models import (
    Attendance,
    CareStatus,
    Case,
    Contract,
    KeyWorker,
    Organisation,
    OutcomeAssessment,
    Placement,
    Referral,
    Role,
    Session,
    User,
    YoungPerson,
)
from funds4care.models import Application
from mentoring.models import Match, Mentor

TEST_PASSWORD = "correct-horse-battery-staple"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.PROVIDER

    class Params:
        commissioner = factory.Trait(
            kind=Organisation.Kind.COMMISSIONER,
            name=factory.Sequence(lambda n: f"Council {n}"),
        )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = Role.PROVIDER_WORKER
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.django.Password(TEST_PASSWORD)


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    ref = factory.Sequence(lambda n: f"C-{n:04d}")
    title = factory.Sequence(lambda n: f"Contract {n}")
    framework = Contract.Framework.CORNWALL_EP
    commissioner = factory.SubFactory(OrganisationFactory, commissioner=True)
    provider = factory.SubFactory(OrganisationFactory)
    start_date = date(2024, 4, 1)
    end_date = date(2027, 3, 31)
    annual_value = Decimal("123456.78")


class YoungPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YoungPerson

    contract = factory.SubFactory(ContractFactory)
    ref = factory.Sequence(lambda n: f"Y{n:05d}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = date(2009, 6, 15)
    gender = "female"
    ethnicity = "WBRI"
    disability = "no"
    locality = "East"


class CareStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareStatus

    young_person = factory.SubFactory(YoungPersonFactory)
    status = "in_care"
    start_date = date(2024, 1, 1)
    end_date = None


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    young_person = factory.SubFactory(YoungPersonFactory)
    placement_code = "U4"
    start_date = date(2024, 1, 1)
    end_date = None


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    contract = factory.SubFactory(ContractFactory)
    ref = factory.Sequence(lambda n: f"S{n:05d}")
    date = date(2025, 5, 1)
    session_type = "psd"
    title = factory.Sequence(lambda n: f"Session {n}")
    locality = "East"
    duration_hours = Decimal("2.00")
    coproduction = False


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(SessionFactory)
    young_person = factory.SubFactory(
        YoungPersonFactory, contract=factory.SelfAttribute("..session.contract")
    )


class OutcomeAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcomeAssessment

    young_person = factory.SubFactory(YoungPersonFactory)
    date = date(2025, 5, 1)
    confidence = 5
    resilience = 5
    aspirations = 5
    physical_health = 5
    mental_health = 5
    identity = 5
    relationships = 5


class KeyWorkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyWorker

    contract = factory.SubFactory(ContractFactory, framework="wolverhampton_ypt")
    ref = factory.Sequence(lambda n: f"K{n}")
    name = factory.Faker("name", locale="en_GB")


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    contract = factory.SubFactory(ContractFactory, framework="wolverhampton_ypt")
    ref = factory.Sequence(lambda n: f"R-{n + 1:04d}")
    young_person = factory.SubFactory(
        YoungPersonFactory,
        contract=factory.SelfAttribute("..contract"),
        date_of_birth=date(2011, 6, 1),
    )
    referral_date = date(2025, 4, 1)
    source = "child_in_need"
    concerns = factory.LazyFunction(lambda: ["missing"])
    referrer = "Jo Social Worker, Children's Services"


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    contract = factory.SubFactory(ContractFactory, framework="wolverhampton_ypt")
    ref = factory.Sequence(lambda n: f"C{n:05d}")
    young_person = factory.SubFactory(
        YoungPersonFactory, contract=factory.SelfAttribute("..contract")
    )
    key_worker = factory.SubFactory(KeyWorkerFactory, contract=factory.SelfAttribute("..contract"))
    referral_date = date(2025, 4, 1)
    start_date = date(2025, 4, 7)
    end_date = None


class MentorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentor

    contract = factory.SubFactory(ContractFactory)
    ref = factory.Sequence(lambda n: f"M{n:04d}")
    name = factory.Faker("name", locale="en_GB")


class MatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Match

    contract = factory.SubFactory(ContractFactory)
    ref = factory.Sequence(lambda n: f"X{n:04d}")
    mentor = factory.SubFactory(MentorFactory, contract=factory.SelfAttribute("..contract"))
    mentee = factory.SubFactory(YoungPersonFactory, contract=factory.SelfAttribute("..contract"))
    start_date = date(2025, 4, 1)
    end_date = None


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    contract = factory.SubFactory(ContractFactory)
    ref = factory.Sequence(lambda n: f"A{n:05d}")
    young_person = factory.SubFactory(
        YoungPersonFactory, contract=factory.SelfAttribute("..contract")
    )
    submitted_date = date(2025, 5, 1)
    amount_requested = Decimal("200.00")
    decision = "pending"
