from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class KpisConfig(AppConfig):
    name = "kpis"
    verbose_name = "KPIs and returns"

    def ready(self) -> None:
        # The triggers that keep an approved return final are rebuilt around each migrate
        # (see return_triggers for why not in a migration).
        from . import return_triggers

        pre_migrate.connect(
            return_triggers.drop_before_migrate, sender=self, dispatch_uid="return_triggers"
        )
        post_migrate.connect(
            return_triggers.install_after_migrate, sender=self, dispatch_uid="return_triggers"
        )
