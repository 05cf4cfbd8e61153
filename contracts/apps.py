from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = "Organisations and contracts"

    def ready(self) -> None:
        # The triggers that keep records inside their contract are rebuilt around each
        # migrate (see contracts/records/triggers.py for why not in a migration).
        from .records import triggers

        triggers.TRIGGERS.connect(self)
