from django.apps import AppConfig


class KpisConfig(AppConfig):
    name = "kpis"
    verbose_name = "KPIs and returns"

    def ready(self) -> None:
        from contracts.signals import contract_settings_changed

        from .returns import due, triggers

        # The triggers that keep an approved return final are rebuilt around each migrate
        # (see kpis.returns.triggers for why not in a migration).
        triggers.TRIGGERS.connect(self)
        # Changing a contract's due-date setting moves the due dates of the returns it awaits.
        contract_settings_changed.connect(
            due.follow_due_dates, dispatch_uid="kpis.follow_due_dates"
        )
