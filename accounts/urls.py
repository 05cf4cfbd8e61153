"""/accounts/: Django's login and password pages, three of them with Tamar's limits and
e-mails (same names, so every `{% url %}` and test finds them), and "Your sessions"."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("sessions/", views.your_sessions, name="account_sessions"),
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
