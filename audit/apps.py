from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit of views and changes"

    def ready(self) -> None:
        from . import signals, triggers

        # The triggers that keep the audit append-only are rebuilt around each migrate
        # (contracts.triggers says why not in a migration), and lifted by a flush on SQLite.
        triggers.TRIGGERS.connect(self)
        signals.connect()
