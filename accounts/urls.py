"""/accounts/: Django's login and password pages, three of them with Tamar's limits and
e-mails (same names, so every `{% url %}` and test finds them), "Your sessions", and two-step
verification."""

from django.urls import include, path

from . import twofactor_views, views

urlpatterns = [
    path("sessions/", views.your_sessions, name="account_sessions"),
    path("two-step/", twofactor_views.overview, name="two_step"),
    path("two-step/code/", twofactor_views.verify, name="two_step_verify"),
    path("two-step/add/", twofactor_views.enrol, name="two_step_enrol"),
    path(
        "two-step/recovery-codes/",
        twofactor_views.recovery_codes,
        name="two_step_recovery_codes",
    ),
    path("two-step/remove/", twofactor_views.remove, name="two_step_remove"),
    # Before Django's own: the first pattern that matches a path answers it.
    path("password_change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("", include("django.contrib.auth.urls")),
]
