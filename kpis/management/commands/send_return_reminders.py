"""python manage.py send_return_reminders [--date 2025-10-31] [--days-before 5]

Run daily (cron): e-mails each provider's managers about returns overdue or due soon. Safe to
run more than once a day: a return gets at most one reminder a day. A reminder the mail server
refuses is reported (and logged), the others are still sent, the command ends with status 1,
and the refused one is tried again on the next run.
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kpis.returns.reminders import REMIND_DAYS_BEFORE, remind_providers


class Command(BaseCommand):
    help = "E-mail provider managers about returns that are overdue or due soon."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", dest="day", type=date.fromisoformat, help="the day to act as (default: today)"
        )
        parser.add_argument(
            "--days-before",
            type=int,
            default=REMIND_DAYS_BEFORE,
            help="remind this many days before a return is due",
        )

    def handle(self, *args, day: date | None, days_before: int, **options) -> None:
        tried = remind_providers(on=day, days_before=days_before)
        sent = [reminder for reminder in tried if reminder.sent]
        failed = [reminder for reminder in tried if not reminder.sent]
        for reminder in tried:
            state = "overdue" if reminder.overdue else "due soon"
            line = (
                f"{reminder.ret} ({state}, due {reminder.ret.due_date:%d/%m/%Y}): "
                f"{', '.join(reminder.recipients)}"
            )
            if reminder.sent:
                self.stdout.write(line)
            else:
                self.stderr.write(f"{line}: NOT SENT ({reminder.error})")
        self.stdout.write(f"{len(sent)} reminder{'s' if len(sent) != 1 else ''} sent.")
        if failed:
            raise CommandError(
                f"{len(failed)} reminder{'s' if len(failed) != 1 else ''} could not be sent; "
                "each is tried again on the next run."
            )
