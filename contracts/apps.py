from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = "Organisations and contracts"

    def ready(self) -> None:
        # The triggers that keep records inside their contract are rebuilt around each
        # migrate (see record_triggers for why not in a migration).
        from . import record_triggers

        pre_migrate.connect(
            record_triggers.drop_before_migrate, sender=self, dispatch_uid="record_triggers"
        )
        post_migrate.connect(
            record_triggers.install_after_migrate, sender=self, dispatch_uid="record_triggers"
        )
