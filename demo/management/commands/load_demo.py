"""Demo organisations, contracts and one user per role, for trying Tamar out.

Safe to run again: what exists is left as it is (a changed password or setting survives),
what is missing is added. What the demo holds is data (demo/data.py).
"""

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from contracts.models import Contract, Organisation, Role, User
from demo.data import (
    DEMO_CONTRACTS,
    DEMO_PASSWORD,
    ORGANISATIONS,
    USERS,
    load_demo_records,
)
from demo.funds4care import load_demo_funds4care
from demo.people import demo_window
from demo.returns import load_demo_returns


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
        # The people first: the records name who screened a referral, who signs in as a key
        # worker, who reviewed whom.
        created_users = []
        for username, first_name, last_name, role, organisation in USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first_name,
                    "last_name": last_name,
                    "email": "" if role == Role.PANEL_MEMBER else f"{username}@demo.tamar.invalid",
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
        # The contracts run three years from the first day of the demo's records (1 April of
        # last financial year), so every return the demo owes has records behind it.
        today = timezone.localdate()
        start = demo_window(today).first
        contracts = []
        for demo in DEMO_CONTRACTS:
            contract, created = Contract.objects.get_or_create(
                ref=demo.ref,
                defaults={
                    **demo.settings,
                    "start_date": start,
                    "end_date": date(start.year + 3, 3, 31),
                    "commissioner": organisations[demo.commissioner],
                    "provider": organisations[demo.provider],
                },
            )
            if created:
                contract.full_clean()
            elif not contract.localities and demo.settings.get("localities"):
                # A demo from before contracts had localities: add them, as what is missing.
                contract.localities = list(demo.settings["localities"])
                contract.save(update_fields=["localities"])
            contracts.append(contract)
        for demo, contract in zip(DEMO_CONTRACTS, contracts, strict=True):
            added = load_demo_records(demo, contract, today)
            if added:
                self.stdout.write(
                    f"{contract.ref}: a year of demo records for {added} young people."
                )
        # Funds4 Care's rounds, scores and payments: made by the demo's people.
        for demo, contract in zip(DEMO_CONTRACTS, contracts, strict=True):
            if not demo.funds4care_panel:
                continue
            people = {
                user.username: user
                for user in User.objects.filter(
                    username__in=[demo.submitted_by, demo.funds4care_worker, *demo.funds4care_panel]
                )
            }
            rounds = load_demo_funds4care(
                contract=contract,
                manager=people[demo.submitted_by],
                worker=people[demo.funds4care_worker],
                panel=[people[name] for name in demo.funds4care_panel],
                today=today,
            )
            if rounds:
                self.stdout.write(
                    f"{contract.ref}: {rounds} Funds4 Care rounds, the latest closed one waiting "
                    "for the panel's scores."
                )
        # Returns last: they are computed from the records and moved by the demo's people.
        # PostgreSQL plans their counts from table statistics, which a bulk load leaves
        # empty (a count over attendances took 45 s instead of milliseconds): gather them.
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        movers = {name for demo in DEMO_CONTRACTS for name in (demo.submitted_by, demo.approved_by)}
        users = {user.username: user for user in User.objects.filter(username__in=movers)}
        for demo, contract in zip(DEMO_CONTRACTS, contracts, strict=True):
            moved = load_demo_returns(
                contract=contract,
                manager=users[demo.submitted_by],
                commissioner=users[demo.approved_by],
                story=demo.story,
            )
            if moved:
                draft = contract.returns.filter(status="draft").exists()
                self.stdout.write(
                    f"{contract.ref}: {moved} returns submitted over the months (all but the "
                    f"latest approved: that one {demo.story.in_progress})"
                    + (", and a draft of the next." if draft else ".")
                )
        self.stdout.write(
            f"Demo data ready: {len(ORGANISATIONS)} organisations, {len(DEMO_CONTRACTS)} "
            f"contracts, {len(USERS)} users ({len(created_users)} new)."
        )
        self.stdout.write(
            f"Demo logins (password for each, unless you changed it: {DEMO_PASSWORD}):"
        )
        waiting = {}
        for demo, contract in zip(DEMO_CONTRACTS, contracts, strict=True):
            if demo.waiting is not None:
                waiting |= demo.waiting(contract, today)
        for username, _first, _last, role, organisation in USERS:
            where = f", {organisation}" if organisation else ""
            self.stdout.write(f"  {username:<28} {Role(role).label}{where}")
            for line in waiting.get(username, []):
                self.stdout.write(f"  {'':<28} {line}")
