from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Logins and sessions"

    def ready(self) -> None:
        from . import checks, signals  # noqa: F401  (registering is importing)
