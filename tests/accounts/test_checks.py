"""Production sends password e-mail or refuses the deployment check; it never logs a link."""

from tests.test_setup import run_manage

PRODUCTION = {
    "SECRET_KEY": "p" * 30 + "roduction-secret-key-with-enough-variety-0123456789",
    "ALLOWED_HOSTS": "tamar.example.org",
}
SEND_A_LINK = (
    "from django.core.mail import send_mail; "
    "send_mail('Reset your Tamar password', 'https://tamar.example.org/accounts/reset/MQ/x/', "
    "None, ['someone@example.org'])"
)


def test_the_deployment_check_fails_without_a_mail_server():
    result = run_manage("check", "--deploy", **PRODUCTION)
    assert result.returncode != 0
    assert (
        "(tamar.E001) Set EMAIL_HOST: without it password-reset links would be written to the "
        "server's log"
    ) in result.stderr


def test_the_deployment_check_passes_with_a_mail_server():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", EMAIL_HOST="smtp.example.org", **PRODUCTION
    )
    assert result.returncode == 0, result.stderr
    assert "tamar.E001" not in result.stdout + result.stderr


def test_the_deployment_check_warns_when_two_step_verification_is_turned_off():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        EMAIL_HOST="smtp.example.org",
        TAMAR_REQUIRE_2FA="false",
        **PRODUCTION,
    )
    assert result.returncode != 0
    assert "(tamar.W001) TAMAR_REQUIRE_2FA is off" in result.stderr


def test_production_without_a_mail_server_never_writes_a_link_to_the_log():
    result = run_manage("shell", "-v", "0", "-c", SEND_A_LINK, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "/accounts/reset/" not in result.stdout + result.stderr
    assert "E-mail not sent (set EMAIL_HOST): 'Reset your Tamar password'" in result.stderr


def test_a_developers_e_mail_still_goes_to_the_console():
    result = run_manage("shell", "-v", "0", "-c", SEND_A_LINK, DEBUG="true")
    assert "https://tamar.example.org/accounts/reset/MQ/x/" in result.stdout, result.stderr


def test_session_limits_below_one_are_refused():
    result = run_manage("check", SESSION_IDLE_MINUTES="0", **PRODUCTION)
    assert result.returncode != 0
    assert "(tamar.E002) SESSION_IDLE_MINUTES must be at least 1, not 0" in result.stderr
