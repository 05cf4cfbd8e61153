"""What every response tells the browser (README, "Settings"): a Content-Security-Policy with no
inline script or style, no caching of anything a signed-in person is shown, browser features
turned off; the templates hold nothing the policy would block; a request larger than any upload
is refused before its body is read."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.test import RequestFactory
from django.urls import reverse

from config.middleware import largest_for
from contracts.safety import MB
from kpis.charts import svg_chart
from tests.test_architecture import APPS, python_files

ROOT = Path(settings.BASE_DIR)

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
FEATURES_OFF = ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics")


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


def assert_secure_headers(response) -> None:
    policy = response["Content-Security-Policy"]
    assert directives(policy) == POLICY
    assert "unsafe" not in policy
    features = response["Permissions-Policy"]
    for feature in FEATURES_OFF:
        assert f"{feature}=()" in features
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_a_signed_in_page_has_the_policy_and_is_never_stored(client, provider_a_manager):
    client.force_login(provider_a_manager)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert_secure_headers(response)
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_the_login_page_has_the_policy_too(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert_secure_headers(response)
    # Django's login view says never_cache itself; it is kept.
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_download_is_never_stored(client, provider_a_manager):
    client.force_login(provider_a_manager)
    response = client.get(reverse("importer:import_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["css/tamar.css", "js/register.js"])
def test_static_files_keep_their_cache(client, provider_a_manager, path):
    client.force_login(provider_a_manager)
    response = client.get(static(path))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    response.close()


# Templates rendered only by WeasyPrint into a PDF, never sent to a browser: their inline
# styles meet no Content-Security-Policy (reports/pdf.py renders it to a string).
PDF_ONLY = {"reports/return_pdf.html"}
BLOCKED = {
    "a style attribute": re.compile(r"""\sstyle\s*=""", re.IGNORECASE),
    "a <style> element": re.compile(r"<style\b", re.IGNORECASE),
    "an inline <script>": re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE),
    "an event-handler attribute": re.compile(r"""\son[a-z]+\s*=\s*["'{]""", re.IGNORECASE),
    "a javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def templates() -> dict[str, str]:
    """Every template of the project's folder and of each app's, by its name."""
    folders = [ROOT / "templates", *(ROOT / app / "templates" for app in sorted(APPS))]
    return {
        str(path.relative_to(folder)): path.read_text()
        for folder in folders
        for path in sorted(folder.rglob("*.html"))
    }


def test_every_page_template_is_scanned():
    assert {"base.html", "500.html", "funds4care/_ledger.html"} <= set(templates())


def test_the_rule_finds_what_the_policy_blocks():
    found = {
        kind
        for kind, pattern in BLOCKED.items()
        for text in (
            '<div class="x" style="width: 5%">',
            "<style>p {}</style>",
            "<script>alert(1)</script>",
            '<button onclick="go()">',
            '<a href="javascript:go()">',
        )
        if pattern.search(text)
    }
    assert found == set(BLOCKED)
    clean = '<script src="/static/js/x.js"></script><form action="/" method="post">'
    assert not any(pattern.search(clean) for pattern in BLOCKED.values())


def test_no_template_holds_inline_script_or_style():
    offences = [
        f"{name}: {kind}"
        for name, text in templates().items()
        if name not in PDF_ONLY
        for kind, pattern in BLOCKED.items()
        if pattern.search(text)
    ]
    assert offences == []


def test_the_pdf_only_templates_are_only_rendered_into_pdfs():
    code = [path for app in sorted(APPS | {"config"}) for path in python_files(app)]
    for name in PDF_ONLY:
        users = [str(path.relative_to(ROOT)) for path in code if name in path.read_text()]
        assert users == ["reports/pdf.py"], name


def test_a_chart_uses_svg_attributes_not_styles():
    chart = svg_chart([("Q1", 4, 5), ("Q2", 7, 5)], title="T", x_label="Q", y_label="N")
    assert "<svg" in chart and "fill=" in chart
    assert not any(pattern.search(chart) for pattern in BLOCKED.values())


def test_the_error_page_renders_without_inline_style():
    page = render_to_string("500.html")
    assert "css/tamar.css" in page and 'class="error-page"' in page


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def post_declaring(client, path: str, size: int):
    return client.generic(
        "POST",
        path,
        CONTENT_LENGTH=str(size),
        CONTENT_TYPE="multipart/form-data; boundary=tamar",
        **{"wsgi.input": UnreadableBody()},
    )


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [True, False])
def test_a_60_mb_request_is_refused_before_its_body_is_read(
    client, contract_a, provider_a_manager, signed_in
):
    if signed_in:
        client.force_login(provider_a_manager)
    path = reverse("returns:attach", kwargs={"pk": contract_a.pk, "return_id": 1})
    response = post_declaring(client, path, 60 * MB)
    assert response.status_code == 413
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "This is 60.0 MB, more than Tamar takes at once (12.0 MB at most here). Go back and "
        "choose a smaller file.\n"
    )
    assert "Content-Security-Policy" in response


@pytest.mark.django_db
def test_a_request_within_the_limit_goes_on_to_be_read(client, provider_a_manager):
    """The control: the same unreadable body, declared smaller, reaches the form's reading."""
    client.force_login(provider_a_manager)
    with pytest.raises(AssertionError, match="the body was read"):
        post_declaring(client, reverse("logout"), 11 * MB)


def test_the_imports_take_files_at_the_importers_limit(settings):
    settings.TAMAR_IMPORT_MAX_FILE_BYTES = 50 * MB
    factory = RequestFactory()
    page = reverse("importer:import", kwargs={"pk": 1})
    council_files = reverse("importer:ssda903", kwargs={"pk": 1})
    assert largest_for(factory.post(page)) == 51 * MB
    assert largest_for(factory.post(council_files)) == 101 * MB
    assert largest_for(factory.post("/contracts/1/")) == 12 * MB
    assert largest_for(factory.post("/no/such/page/")) == 12 * MB


@pytest.mark.django_db
def test_an_import_larger_than_its_limit_is_refused_unread(client, settings, provider_a_manager):
    settings.TAMAR_IMPORT_MAX_FILE_BYTES = 10 * MB
    settings.TAMAR_MAX_REQUEST_BYTES = 5 * MB
    client.force_login(provider_a_manager)
    path = reverse("importer:ssda903", kwargs={"pk": 1})
    response = post_declaring(client, path, 22 * MB)
    assert response.status_code == 413
    assert "(21.0 MB at most here)" in response.content.decode()
