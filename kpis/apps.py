from django.apps import AppConfig


class KpisConfig(AppConfig):
    name = "kpis"
    verbose_name = "KPIs and returns"

    def ready(self) -> None:
        # The triggers that keep an approved return final are rebuilt around each migrate
        # (see kpis.returns.triggers for why not in a migration).
        from .returns import triggers

        triggers.TRIGGERS.connect(self)
