from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo loader (`manage.py load_demo`): organisations, contracts, users, a year of
    records and returns walked through the workflow. It sits above every app it fills."""

    name = "demo"
    verbose_name = "Demo data"
