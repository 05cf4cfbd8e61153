"""Demo organisations, contracts and one user per role, for trying Tamar out.

Safe to run again: what exists is left as it is (a changed password or setting survives),
what is missing is added.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from contracts.demo_records import demo_window, load_demo_records
from contracts.models import Contract, Organisation, Role, User
from kpis.demo_returns import load_demo_returns

DEMO_PASSWORD = "tamar-demo-2026"  # noqa: S105 - printed for the demo; never in production

ORGANISATIONS = [
    ("Cornwall Council", Organisation.Kind.COMMISSIONER),
    ("Kernow Voices for Young People", Organisation.Kind.PROVIDER),
    ("City of Wolverhampton Council", Organisation.Kind.COMMISSIONER),
    ("Black Country Youth Support Trust", Organisation.Kind.PROVIDER),
]

CONTRACTS = [
    {
        "ref": "CC-EP-2024",
        "title": "Engagement and Participation Service for children in care and care leavers",
        "framework": Contract.Framework.CORNWALL_EP,
        "commissioner": "Cornwall Council",
        "provider": "Kernow Voices for Young People",
        "annual_value": Decimal("310000.00"),
    },
    {
        "ref": "WOL-YPT-2024",
        "title": "Key Workers for the Young Person's Team",
        "framework": Contract.Framework.WOLVERHAMPTON_YPT,
        "commissioner": "City of Wolverhampton Council",
        "provider": "Black Country Youth Support Trust",
        "annual_value": Decimal("420000.00"),
        "record_timeframe_days": 5,
    },
]

# (username, first name, last name, role, organisation or None)
USERS = [
    ("commissioner", "Morwenna", "Trelawny", Role.COMMISSIONER, "Cornwall Council"),
    ("manager", "Jago", "Penrose", Role.PROVIDER_MANAGER, "Kernow Voices for Young People"),
    ("worker", "Tamsin", "Hocking", Role.PROVIDER_WORKER, "Kernow Voices for Young People"),
    ("panel", "Demelza", "Rowe", Role.PANEL_MEMBER, "Kernow Voices for Young People"),
    ("admin", "Alex", "Admin", Role.ADMINISTRATOR, None),
    (
        "wolverhampton.commissioner",
        "Harpreet",
        "Sandhu",
        Role.COMMISSIONER,
        "City of Wolverhampton Council",
    ),
    (
        "wolverhampton.manager",
        "Dawn",
        "Clarke",
        Role.PROVIDER_MANAGER,
        "Black Country Youth Support Trust",
    ),
    (
        "wolverhampton.worker",
        "Marcus",
        "Bennett",
        Role.PROVIDER_WORKER,
        "Black Country Youth Support Trust",
    ),
]


# Who submits and who approves each demo contract's returns (in the order of CONTRACTS).
DEMO_PEOPLE_BY_CONTRACT = [
    ("manager", "commissioner"),
    ("wolverhampton.manager", "wolverhampton.commissioner"),
]
DEMO_PEOPLE = [name for pair in DEMO_PEOPLE_BY_CONTRACT for name in pair]


class Command(BaseCommand):
    help = "Load the demo organisations, contracts and users (safe to run again)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the demo even with DEBUG off (the demo administrator's password is public).",
        )

    @transaction.atomic
    def handle(self, *args, force: bool = False, **options) -> None:
        # The demo's administrator has a published password: never into a live database by mistake.
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this looks like a live database: the demo users' password is "
                "public. Run with DEBUG=true, or add --force if this really is a demo."
            )
        organisations = {}
        for name, kind in ORGANISATIONS:
            organisations[name], _ = Organisation.objects.get_or_create(
                name=name, defaults={"kind": kind}
            )
        # The contracts run three years from the first day of the demo's records (1 April of
        # last financial year), so every return the demo owes has records behind it.
        start = demo_window(timezone.localdate()).first
        contracts = []
        for spec in CONTRACTS:
            values = {
                **spec,
                "start_date": start,
                "end_date": date(start.year + 3, 3, 31),
                "commissioner": organisations[spec["commissioner"]],
                "provider": organisations[spec["provider"]],
            }
            ref = values.pop("ref")
            contract, created = Contract.objects.get_or_create(ref=ref, defaults=values)
            if created:
                contract.full_clean()
            contracts.append(contract)
        for contract in contracts:
            added = load_demo_records(contract)
            if added:
                self.stdout.write(
                    f"{contract.ref}: a year of demo records for {added} young people."
                )
        created_users = []
        for username, first_name, last_name, role, organisation in USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first_name,
                    "last_name": last_name,
                    "email": f"{username}@demo.tamar.invalid",
                    "role": role,
                    "organisation": organisations.get(organisation),
                    "is_staff": role == Role.ADMINISTRATOR,
                    "is_superuser": role == Role.ADMINISTRATOR,
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
                created_users.append(username)
        # Returns last: they are computed from the records and moved by the demo's people.
        users = {user.username: user for user in User.objects.filter(username__in=DEMO_PEOPLE)}
        for contract, (manager, commissioner) in zip(
            contracts, DEMO_PEOPLE_BY_CONTRACT, strict=True
        ):
            moved = load_demo_returns(
                contract=contract, manager=users[manager], commissioner=users[commissioner]
            )
            if moved:
                self.stdout.write(
                    f"{contract.ref}: {moved} returns submitted (all but the latest approved), "
                    "and a draft of the next."
                )
        self.stdout.write(
            f"Demo data ready: {len(ORGANISATIONS)} organisations, {len(CONTRACTS)} contracts, "
            f"{len(USERS)} users ({len(created_users)} new)."
        )
        self.stdout.write(
            f"Demo logins (password for each, unless you changed it: {DEMO_PASSWORD}):"
        )
        for username, _first, _last, role, organisation in USERS:
            where = f", {organisation}" if organisation else ""
            self.stdout.write(f"  {username:<28} {Role(role).label}{where}")
