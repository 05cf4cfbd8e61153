from django.apps import AppConfig


class Funds4CareConfig(AppConfig):
    name = "funds4care"
    verbose_name = "Funds4 Care grants"

    def ready(self) -> None:
        # Applications get references the records' way (A-0001, A-0002...): the scheme is
        # registered from here, as contracts sits below this app and never imports it.
        from contracts.records.refs import REF_SCHEMES, RefScheme

        from .models import Application

        REF_SCHEMES.setdefault(Application, RefScheme("A"))
