from datetime import date
from decimal import Decimal

import factory

from contracts.models import Contract, Organisation, Role, User

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
