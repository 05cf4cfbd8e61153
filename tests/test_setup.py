"""The set-up a new user relies on: demo data, production settings, assets served locally."""

import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import CommandError, call_command

from contracts.models import Attendance, Contact, Contract, Organisation, Role, User, YoungPerson

ROOT = Path(settings.BASE_DIR)


@pytest.mark.django_db
def test_the_demo_data_has_both_contracts_and_a_user_per_role():
    call_command("load_demo", force=True, stdout=StringIO())
    frameworks = dict(Contract.objects.values_list("framework", "commissioner__name"))
    assert frameworks == {
        "cornwall_ep": "Cornwall Council",
        "wolverhampton_ypt": "City of Wolverhampton Council",
    }
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    cornwall, wolverhampton = Contract.objects.order_by("ref")
    assert cornwall.young_people.count() > 100
    assert Attendance.objects.filter(session__contract=cornwall).count() > 1000
    assert cornwall.f4c_applications.filter(decision="approved").exists()
    assert wolverhampton.cases.count() > 50
    assert Contact.objects.filter(contract=wolverhampton).count() > 500
    for user in User.objects.select_related("organisation"):
        user.full_clean()
        assert user.check_password("tamar-demo-2026")


@pytest.mark.django_db
def test_the_demo_walks_its_returns_through_the_workflow():
    from kpis.engine.periods import FinancialYear
    from kpis.models import ReturnEvent, ReturnStatus

    call_command("load_demo", force=True, stdout=StringIO())
    for contract in Contract.objects.all():
        returns = list(contract.returns.order_by("financial_year", "period"))
        statuses = [ret.status for ret in returns]
        # The latest is a draft only within five weeks of its period's end (demo.returns).
        if statuses[-1] == ReturnStatus.DRAFT:
            statuses.pop()
        *approved, in_progress = statuses
        assert len(approved) >= 1, contract.ref
        assert set(approved) == {ReturnStatus.APPROVED}
        # The latest submitted waits for the commissioner or was sent back (test_demo.py).
        assert in_progress in (ReturnStatus.SUBMITTED, ReturnStatus.CHANGES_REQUESTED)
        submitted = [ret for ret in returns if ret.status != ReturnStatus.DRAFT]
        assert all(ret.frozen_figures for ret in submitted)
        # The contract starts with the demo's records, so no return it owes is empty.
        first = FinancialYear(returns[0].financial_year).period(returns[0].period)
        assert first.start == contract.start_date
        assert returns[0].frozen_figures["indicators"]
    moved = ReturnEvent.objects.count()
    call_command("load_demo", force=True, stdout=StringIO())
    assert ReturnEvent.objects.count() == moved


@pytest.mark.django_db
def test_loading_the_demo_again_loses_nothing():
    call_command("load_demo", force=True, stdout=StringIO())
    contract = Contract.objects.get(ref="CC-EP-2024")
    contract.record_timeframe_days = 7
    contract.save()
    user = User.objects.get(username="commissioner")
    user.set_password("my-own-passphrase-2026")
    user.save()
    models = [Organisation, Contract, User, YoungPerson, Attendance, Contact]
    counts = [model.objects.count() for model in models]

    call_command("load_demo", force=True, stdout=StringIO())

    assert [model.objects.count() for model in models] == counts
    assert Contract.objects.get(ref="CC-EP-2024").record_timeframe_days == 7
    assert User.objects.get(username="commissioner").check_password("my-own-passphrase-2026")


@pytest.mark.django_db
def test_the_demo_is_refused_in_a_live_database():
    with pytest.raises(CommandError, match="looks like a live database"):
        call_command("load_demo", stdout=StringIO())
    assert not User.objects.exists()


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """manage.py in a clean process: only the environment a deployment would give it."""
    base = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    base.update({"DJANGO_SETTINGS_MODULE": "config.settings", "TAMAR_ENV_FILE": "", **env})
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checklist():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="p" * 30 + "roduction-secret-key-with-enough-variety-0123456789",
        ALLOWED_HOSTS="tamar.example.org",
        EMAIL_HOST="smtp.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", ALLOWED_HOSTS="tamar.example.org")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_the_database_comes_from_database_url():
    result = run_manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings; d = settings.DATABASES['default'];"
        "print(d['ENGINE'], d['NAME'], d['HOST'], d['PORT'])",
        DEBUG="true",
        DATABASE_URL="postgres://u:p@db.internal:5433/tamar",
    )
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "tamar",
        "db.internal",
        "5433",
    ], result.stderr


def test_it_speaks_british_english_in_london_time():
    assert settings.LANGUAGE_CODE == "en-gb"
    assert settings.TIME_ZONE == "Europe/London"


@pytest.mark.parametrize(
    "path",
    ["vendor/bootstrap/css/bootstrap.min.css", "vendor/bootstrap/js/bootstrap.bundle.min.js"],
)
def test_bootstrap_is_served_from_our_own_static_files(path):
    assert finders.find(path), f"{path} missing: run ./tamar run or ./tamar test to install it"


def test_no_template_loads_anything_from_the_internet():
    remote = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)
    offenders = [
        str(path.relative_to(ROOT))
        for path in ROOT.glob("**/templates/**/*.html")
        if ".venv" not in path.parts and remote.search(path.read_text())
    ]
    assert offenders == []


def test_a_developers_env_file_fills_in_what_the_environment_does_not_say(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("# made by ./tamar\nDEBUG=true\nSECRET_KEY=from-the-file\n")
    result = run_manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings; print(settings.DEBUG, settings.SECRET_KEY)",
        TAMAR_ENV_FILE=str(env_file),
    )
    assert result.stdout.split() == ["True", "from-the-file"], result.stderr
    overridden = run_manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        TAMAR_ENV_FILE=str(env_file),
        DEBUG="false",
        SECRET_KEY="s" * 50,
    )
    assert overridden.stdout.split() == ["False"], overridden.stderr


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    """Python in a clean process, as a WSGI server would start the application."""
    base = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    base.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_wsgi_application_never_reads_a_developers_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DEBUG=true\nSECRET_KEY=from-the-file\n")
    result = run_python(
        "import config.wsgi; from django.conf import settings; print(settings.DEBUG)",
        TAMAR_ENV_FILE=str(env_file),
        SECRET_KEY="s" * 50,
        ALLOWED_HOSTS="tamar.example.org",
    )
    assert result.stdout.split() == ["False"], result.stderr
    without_a_key = run_python("import config.wsgi", TAMAR_ENV_FILE=str(env_file))
    assert "Set SECRET_KEY" in without_a_key.stderr


def test_a_deployment_check_in_a_developers_checkout_passes_once_debug_is_off(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DEBUG=true\nSECRET_KEY=from-the-file\n")
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        TAMAR_ENV_FILE=str(env_file),
        DEBUG="false",
        SECRET_KEY="p" * 30 + "roduction-secret-key-with-enough-variety-0123456789",
        ALLOWED_HOSTS="tamar.example.org",
        EMAIL_HOST="smtp.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({}, "django.core.mail.backends.console.EmailBackend"),
        ({"EMAIL_HOST": "smtp.example.org"}, "django.core.mail.backends.smtp.EmailBackend"),
    ],
)
def test_e_mail_is_sent_once_a_mail_server_is_named(env, backend):
    result = run_manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings; print(settings.EMAIL_BACKEND)",
        DEBUG="true",
        **env,
    )
    assert result.stdout.split() == [backend], result.stderr
