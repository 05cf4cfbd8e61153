"""An application's files: a PDF or a photo that really is one is attached and downloaded, never
cached; a web page named .pdf or .jpg, a PDF that runs JavaScript or holds another file, and a
damaged photo are refused with the reason, and nothing is stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.documents import HTML_AS_PDF, pdf, photo

from .factories import SubmittedApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(spring, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return SubmittedApplicationFactory(round=spring)


def attach(client, application, name: str, content: bytes):
    url = reverse(
        "funds4care:file_add",
        kwargs={"pk": application.contract_id, "application_id": application.pk},
    )
    response = client.post(url, {"file": SimpleUploadedFile(name, content)}, follow=True)
    return response.content.decode().replace("&#x27;", "'")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("quote.pdf", pdf()),
        ("laptop.jpg", photo()),
        ("laptop.jpeg", photo()),
        ("bike.png", photo("PNG")),
    ],
)
def test_a_real_pdf_or_photo_is_attached_and_never_cached(
    client, application, provider_a_manager, name, content
):
    client.force_login(provider_a_manager)
    assert f"{name} attached." in attach(client, application, name, content)
    attached = application.files.get()
    download = client.get(
        reverse(
            "funds4care:file",
            kwargs={
                "pk": application.contract_id,
                "application_id": application.pk,
                "file_id": attached.pk,
            },
        )
    )
    assert b"".join(download.streaming_content) == content
    assert download["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("quote.pdf", HTML_AS_PDF, "quote.pdf is not a PDF that can be read: print it to PDF"),
        ("quote.pdf", pdf(javascript="app.launchURL('x')"), "quote.pdf contains JavaScript"),
        ("quote.pdf", pdf(attachment=b"MZ"), "quote.pdf contains an embedded file"),
        ("quote.pdf", pdf(launch="cmd.exe"), "contains an action that starts a program"),
        ("quote.pdf", pdf(pages=0), "quote.pdf is a PDF without a page."),
        ("photo.jpg", b"\xff\xd8\xff<html><script>x()</script>", "is not a .jpg photo that can be"),
        ("photo.png", photo("PNG")[:-30], "photo.png is not a .png photo that can be opened."),
        ("photo.png", photo(), "photo.png is not the .png file its name says it is."),
    ],
)
def test_a_disguised_or_active_file_is_refused_and_not_stored(
    client, application, provider_a_manager, tmp_path, name, content, reason
):
    client.force_login(provider_a_manager)
    assert reason in attach(client, application, name, content)
    assert not application.files.exists()
    assert not any(tmp_path.rglob("*.*"))
