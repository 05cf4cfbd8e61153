"""The returns' pages, through the client: the whole workflow for both frameworks, who may do
what, and the messages a second click or a second commissioner gets."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kpis.models import Return, ReturnEvent, ReturnStatus
from kpis.returns.figures import live_figures
from tests.documents import HTML_AS_PDF, pdf
from tests.factories import TEST_PASSWORD

from .files import OLE_FILE, office_file, real_workbook, zip_of

pytestmark = pytest.mark.django_db


def log_in(client, user):
    assert client.login(username=user.username, password=TEST_PASSWORD)
    return client


def url(name: str, ret: Return, **extra) -> str:
    return reverse(f"returns:{name}", kwargs={"pk": ret.contract_id, "return_id": ret.pk, **extra})


def draft_post(ret: Return, **overrides) -> dict:
    """The draft form's data, with an explanation for every red or amber indicator."""
    data = {
        "service_activity": "Groups every week; one-to-one sessions for new starters.",
        "inputs_observations": "Two workers in post.",
        "outputs_observations": "More sessions than last quarter.",
        "outcomes_observations": "Confidence scores rising.",
        "social_value": "Applied for £5,000 from a local trust.",
        "case_studies": "Young person A joined the council and now chairs it.",
        "expenditure": "12000.50",  # shown as £12,000.50
        "staffing_cost": "9000",
        "staff_fte": "2.5",
        "additional_income": "0",
        "financial_notes": "",
    }
    for row in live_figures(ret).to_json()["indicators"]:
        data[f"comment_{row['code']}"] = ""
        if row["status"] in ("red", "amber"):
            data[f"explanation_{row['code']}"] = f"{row['code']} started slowly."
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("return_fixture", "manager_fixture", "commissioner_fixture", "columns"),
    [
        ("cornwall_q1", "provider_a_manager", "commissioner", ["Q1", "YTD"]),
        ("wolverhampton_h1", "provider_b_manager", "commissioner_b", ["Q1", "Q2", "H1", "YTD"]),
    ],
)
def test_it_walks_the_whole_workflow_through_the_pages(
    request, client, return_fixture, manager_fixture, commissioner_fixture, columns
):
    ret = request.getfixturevalue(return_fixture)
    manager = request.getfixturevalue(manager_fixture)
    commissioner = request.getfixturevalue(commissioner_fixture)

    log_in(client, manager)
    listed = client.get(reverse("returns:list", kwargs={"pk": ret.contract_id}))
    assert ret.get_absolute_url() in listed.content.decode()
    response = client.post(url("edit", ret), draft_post(ret))
    assert response.status_code == 302
    response = client.post(url("submit", ret), {"submit-comment": "All in"}, follow=True)
    assert "submitted" in response.content.decode()

    client.logout()
    log_in(client, commissioner)
    code = Return.objects.get(pk=ret.pk).frozen_figures["indicators"][0]["code"]
    client.post(url("comment", ret, code=code), {"text": "Why so low?"})
    client.post(url("request_changes", ret), {"request_changes-comment": "Explain more"})
    assert Return.objects.get(pk=ret.pk).status == ReturnStatus.CHANGES_REQUESTED

    client.logout()
    log_in(client, manager)
    client.post(url("comment", ret, code=code), {"text": "Staff were on leave."})
    client.post(url("edit", ret), draft_post(ret, social_value="And a volunteer scheme."))
    # Sent back, it is submitted again only with a reply to what was asked.
    refused = client.post(url("submit", ret), {"submit-comment": ""}, follow=True)
    assert "Your reply to the commissioner" in refused.content.decode()
    assert Return.objects.get(pk=ret.pk).status == ReturnStatus.CHANGES_REQUESTED
    client.post(url("submit", ret), {"submit-comment": "Explained under 1.2, as asked."})

    client.logout()
    log_in(client, commissioner)
    response = client.post(url("approve", ret), {"approve-comment": "Thanks"}, follow=True)
    page = response.content.decode()
    assert "Approved" in page
    assert "Staff were on leave." in page and "Why so low?" in page
    assert "£12,000.50" in page

    ret.refresh_from_db()
    assert ret.status == ReturnStatus.APPROVED
    assert ret.frozen_figures["columns"] == columns
    assert ret.social_value == "And a volunteer scheme."
    assert ret.expenditure == Decimal("12000.50")
    assert list(ReturnEvent.objects.values_list("action", "by__username", "comment")) == [
        ("submit", manager.username, "All in"),
        ("request_changes", commissioner.username, "Explain more"),
        ("submit", manager.username, "Explained under 1.2, as asked."),
        ("approve", commissioner.username, "Thanks"),
    ]


def submitted(client, ret, manager):
    log_in(client, manager)
    client.post(url("edit", ret), draft_post(ret))
    client.post(url("submit", ret), {})
    client.logout()
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.SUBMITTED
    return ret


def test_a_double_clicked_submit_gives_one_history_row_and_a_message(
    client, cornwall_q1, provider_a_manager
):
    log_in(client, provider_a_manager)
    client.post(url("edit", cornwall_q1), draft_post(cornwall_q1))
    client.post(url("submit", cornwall_q1), {})
    response = client.post(url("submit", cornwall_q1), {}, follow=True)
    assert response.status_code == 200
    assert "already submitted" in response.content.decode()
    assert ReturnEvent.objects.count() == 1


def test_a_second_commissioner_approving_gets_a_message_not_an_error(
    client, cornwall_q1, provider_a_manager, commissioner, second_commissioner
):
    submitted(client, cornwall_q1, provider_a_manager)
    log_in(client, commissioner)
    client.post(url("approve", cornwall_q1), {})
    client.logout()
    log_in(client, second_commissioner)
    response = client.post(url("approve", cornwall_q1), {}, follow=True)
    assert response.status_code == 200
    assert "already approved" in response.content.decode()
    assert ReturnEvent.objects.filter(action="approve").count() == 1


def test_provider_staff_cannot_approve(client, cornwall_q1, provider_a_manager, provider_a_worker):
    submitted(client, cornwall_q1, provider_a_manager)
    for person in (provider_a_manager, provider_a_worker):
        log_in(client, person)
        response = client.post(url("approve", cornwall_q1), {}, follow=True)
        assert "You may not do this" in response.content.decode()
        client.logout()
    assert Return.objects.get(pk=cornwall_q1.pk).status == ReturnStatus.SUBMITTED


@pytest.mark.parametrize("persona", ["commissioner", "provider_a_worker", "administrator"])
def test_only_the_providers_manager_edits_the_providers_narrative(
    request, client, cornwall_q1, persona
):
    log_in(client, request.getfixturevalue(persona))
    assert client.get(url("edit", cornwall_q1)).status_code == 403
    response = client.post(url("edit", cornwall_q1), draft_post(cornwall_q1))
    assert response.status_code == 403
    assert Return.objects.get(pk=cornwall_q1.pk).service_activity == ""


def test_the_list_counts_statuses_only_of_returns_submitted_and_not_sent_back(
    client, cornwall_q1, provider_a_manager, commissioner
):
    submitted(client, cornwall_q1, provider_a_manager)
    log_in(client, commissioner)
    listing = reverse("returns:list", kwargs={"pk": cornwall_q1.contract_id})

    def q1_row() -> str:
        page = client.get(listing).content.decode()
        return page.split(f'href="{cornwall_q1.get_absolute_url()}"')[1].split("</tr>")[0]

    frozen = Return.objects.get(pk=cornwall_q1.pk).frozen_figures
    counts = [
        sum(1 for r in frozen["indicators"] if r["status"] == s) for s in ("green", "amber", "red")
    ]
    assert " / ".join(map(str, counts)) in q1_row()
    client.post(url("request_changes", cornwall_q1), {"request_changes-comment": "More"})
    # Sent back: the frozen figures are still on the row, but no longer what it says.
    assert Return.objects.get(pk=cornwall_q1.pk).frozen_figures is not None
    assert "Live until submitted" in q1_row()
    assert " / ".join(map(str, counts)) not in q1_row()


def test_a_red_indicator_without_an_explanation_sends_the_manager_back_to_the_draft(
    client, cornwall_q1, provider_a_manager
):
    log_in(client, provider_a_manager)
    response = client.post(url("submit", cornwall_q1), {}, follow=True)
    assert "Explain every red or amber indicator" in response.content.decode()
    assert response.redirect_chain[-1][0] == url("edit", cornwall_q1) + "#still-to-explain"
    assert Return.objects.get(pk=cornwall_q1.pk).status == ReturnStatus.DRAFT


def test_it_warns_when_a_case_study_names_a_young_person(
    client, cornwall_q1, provider_a_manager, contract_a
):
    from tests.kpis.helpers import person

    person(contract_a, first_name="Morwenna", last_name="Trelawny")
    log_in(client, provider_a_manager)
    response = client.post(
        url("edit", cornwall_q1),
        draft_post(cornwall_q1, case_studies="Morwenna Trelawny joined in May."),
        follow=True,
    )
    assert "Anonymise them" in response.content.decode()
    assert "Morwenna Trelawny" in response.content.decode()


def test_it_warns_of_a_name_in_any_of_the_providers_texts(
    client, cornwall_q1, provider_a_manager, contract_a
):
    from tests.kpis.helpers import person

    person(contract_a, ref="YP-T", first_name="Morwenna", last_name="Trelawny")
    log_in(client, provider_a_manager)
    response = client.post(
        url("edit", cornwall_q1),
        draft_post(cornwall_q1, outcomes_observations="Trelawny's confidence grew."),
        follow=True,
    )
    warning = response.content.decode().split('data-testid="name-warning"')[1].split("</div>")[0]
    assert "Trelawny (YP-T, in observations on outcomes)" in warning


def test_it_warns_again_on_submission_but_submits(
    client, cornwall_q1, provider_a_manager, contract_a
):
    from tests.kpis.helpers import person

    person(contract_a, ref="YP-T", first_name="Morwenna", last_name="Trelawny")
    log_in(client, provider_a_manager)
    client.post(url("edit", cornwall_q1), draft_post(cornwall_q1, case_studies="M. Trelawny."))
    response = client.post(url("submit", cornwall_q1), {}, follow=True)
    page = response.content.decode()
    assert (
        "The return names young people from the records: Trelawny (YP-T, in case studies)" in page
    )
    assert "submitted all the same" in page
    assert Return.objects.get(pk=cornwall_q1.pk).status == ReturnStatus.SUBMITTED
    # The submitted return's page no longer shows the draft's warning box.
    assert (
        'data-testid="name-warning"' not in client.get(url("detail", cornwall_q1)).content.decode()
    )


def test_a_submission_without_names_has_no_warning(client, cornwall_q1, provider_a_manager):
    log_in(client, provider_a_manager)
    client.post(url("edit", cornwall_q1), draft_post(cornwall_q1))
    response = client.post(url("submit", cornwall_q1), {}, follow=True)
    assert "names young people" not in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", pdf(pages=2)),
        ("figures.xlsx", office_file("xlsx")),
        ("saved-by-openpyxl.xlsx", real_workbook()),
        ("letter.docx", office_file("docx")),
    ],
)
def test_it_accepts_pdf_word_and_excel_attachments(
    client, cornwall_q1, provider_a_manager, settings, tmp_path, name, content
):
    settings.MEDIA_ROOT = tmp_path
    log_in(client, provider_a_manager)
    response = client.post(
        url("attach", cornwall_q1), {"file": SimpleUploadedFile(name, content)}, follow=True
    )
    assert f"{name} attached." in response.content.decode()
    attachment = cornwall_q1.attachments.get(name=name)
    download = client.get(url("attachment", cornwall_q1, attachment_id=attachment.pk))
    assert b"".join(download.streaming_content) == content
    assert download["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("virus.exe", b"MZ", "Attach a PDF, Word (.docx) or Excel (.xlsx) file."),
        ("fake.pdf", b"MZ not a pdf", "fake.pdf is not the .pdf file its name says it is."),
        # A web page (or anything else) that only starts like a PDF; PDFs that act by themselves.
        ("page.pdf", HTML_AS_PDF, "page.pdf is not a PDF that can be read: print it to PDF"),
        ("blank.pdf", pdf(pages=0), "blank.pdf is a PDF without a page."),
        ("script.pdf", pdf(javascript="app.alert(1)"), "script.pdf contains JavaScript"),
        ("hidden.pdf", pdf(attachment=b"MZ"), "hidden.pdf contains an embedded file"),
        ("run.pdf", pdf(launch="calc.exe"), "run.pdf contains an action that starts a program"),
        # A DOCTYPE (entity expansion, external entities) in any XML part, not only the first.
        ("entities.xlsx", office_file("xlsx", doctype="xl/workbook.xml"), "declares a DOCTYPE"),
        ("entities.docx", office_file("docx", doctype="_rels/.rels"), "declares a DOCTYPE"),
        # Any zip renamed: the magic number alone is not enough.
        ("holiday.docx", zip_of({"photo.jpg": b"\xff\xd8"}), "is not a real .docx file"),
        ("figures.xlsx", b"PK\x03\x04 a workbook", "is not a real .xlsx file"),
        # A workbook renamed .docx, and a document renamed .xlsx.
        ("figures.docx", office_file("xlsx"), "is not a real .docx file"),
        ("letter.xlsx", office_file("docx"), "is not a real .xlsx file"),
        # Macro-enabled files renamed, with or without their VBA project.
        ("macros.docx", office_file("docm"), "contains macros"),
        ("macros.xlsx", office_file("xlsm"), "contains macros"),
        ("quiet.docx", office_file("docm", vba=False), "macro-enabled file renamed .docx"),
        ("quiet.xlsx", office_file("xlsm", vba=False), "macro-enabled workbook (.xlsm) renamed"),
        ("macros.xlsm", office_file("xlsm"), "macro-enabled file (.xlsm)"),
        ("macros.docm", office_file("docm"), "macro-enabled file (.docm)"),
        # Old-style (OLE) files cannot be looked into: refused, with what to do instead.
        ("notes.doc", OLE_FILE, "save it as .docx or PDF"),
        ("sums.xls", OLE_FILE, "save it as .xlsx or PDF"),
        ("locked.docx", OLE_FILE, "password-protected"),
        # A zip bomb: a part inflating far beyond its compressed size.
        ("bomb.docx", office_file("docx", padding=3 * 1024 * 1024), "zip bomb"),
    ],
)
def test_it_refuses_what_is_not_a_plain_pdf_word_or_excel_file(
    client, cornwall_q1, provider_a_manager, settings, tmp_path, name, content, reason
):
    settings.MEDIA_ROOT = tmp_path
    log_in(client, provider_a_manager)
    upload = SimpleUploadedFile(name, content)
    response = client.post(url("attach", cornwall_q1), {"file": upload}, follow=True)
    assert reason in response.content.decode().replace("&#x27;", "'")
    assert not cornwall_q1.attachments.exists()
    assert not any(tmp_path.rglob("*.*"))


def test_removing_an_attachment_deletes_its_file_once_committed(
    client, cornwall_q1, provider_a_manager, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    log_in(client, provider_a_manager)
    client.post(url("attach", cornwall_q1), {"file": SimpleUploadedFile("r.pdf", pdf())})
    attachment = cornwall_q1.attachments.get()
    stored = tmp_path / attachment.file.name
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(url("remove_attachment", cornwall_q1, attachment_id=attachment.pk))
    # Removed from the database, the file still there until the transaction commits.
    assert not cornwall_q1.attachments.exists()
    assert stored.exists()
    assert len(callbacks) == 1
    callbacks[0]()
    assert not stored.exists()


def test_it_refuses_an_attachment_over_ten_megabytes(
    client, cornwall_q1, provider_a_manager, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    log_in(client, provider_a_manager)
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
    response = client.post(url("attach", cornwall_q1), {"file": big}, follow=True)
    assert "the most is 10 MB" in response.content.decode()
    assert not cornwall_q1.attachments.exists()


RETURN_PAGES = [
    ("list", "get"),
    ("detail", "get"),
    ("edit", "get"),
    ("edit", "post"),
    ("submit", "post"),
    ("request_changes", "post"),
    ("approve", "post"),
    ("reopen", "post"),
    ("comment", "post"),
    ("attach", "post"),
    ("attachment", "get"),
    ("remove_attachment", "post"),
]


@pytest.mark.parametrize(("name", "method"), RETURN_PAGES)
def test_another_organisation_gets_404_on_every_return_url(
    client, cornwall_q1, provider_b_worker, commissioner_b, name, method
):
    kwargs = {"pk": cornwall_q1.contract_id}
    if name != "list":
        kwargs["return_id"] = cornwall_q1.pk
    if name == "comment":
        kwargs["code"] = "1.2"
    if name in ("attachment", "remove_attachment"):
        kwargs["attachment_id"] = 1
    for stranger in (provider_b_worker, commissioner_b):
        log_in(client, stranger)
        response = getattr(client, method)(reverse(f"returns:{name}", kwargs=kwargs))
        assert response.status_code == 404, (name, stranger)
        client.logout()
    assert not ReturnEvent.objects.exists()


def test_a_return_of_another_contract_is_404_under_this_contracts_url(
    client, cornwall_q1, wolverhampton_h1, provider_a_manager
):
    log_in(client, provider_a_manager)
    wrong = reverse(
        "returns:detail", kwargs={"pk": cornwall_q1.contract_id, "return_id": wolverhampton_h1.pk}
    )
    assert client.get(wrong).status_code == 404


def test_only_an_administrator_reopens_an_approved_return_and_only_with_a_reason(
    client, cornwall_q1, provider_a_manager, commissioner, administrator
):
    submitted(client, cornwall_q1, provider_a_manager)
    log_in(client, commissioner)
    client.post(url("approve", cornwall_q1), {})
    response = client.post(url("reopen", cornwall_q1), {"reopen-comment": "Typo"}, follow=True)
    assert "You may not do this" in response.content.decode()
    client.logout()
    log_in(client, administrator)
    response = client.post(url("reopen", cornwall_q1), {"reopen-comment": ""}, follow=True)
    assert "Why it must be reopened: This field is required." in response.content.decode()
    assert Return.objects.get(pk=cornwall_q1.pk).status == ReturnStatus.APPROVED
    client.post(url("reopen", cornwall_q1), {"reopen-comment": "Finances were for Q2"})
    assert Return.objects.get(pk=cornwall_q1.pk).status == ReturnStatus.CHANGES_REQUESTED
    reopened = ReturnEvent.objects.get(action="reopen")
    assert (reopened.by, reopened.comment) == (administrator, "Finances were for Q2")


def test_an_approved_returns_page_keeps_its_figures_and_reports_the_records_changes(
    client, cornwall_q1, provider_a_manager, commissioner, contract_a
):
    from datetime import date

    from tests.kpis.helpers import attend, person

    submitted(client, cornwall_q1, provider_a_manager)
    log_in(client, commissioner)
    client.post(url("approve", cornwall_q1), {})
    compared = client.get(url("changes", cornwall_q1)).content.decode()
    assert 'data-testid="no-changes"' in compared
    young = person(contract_a, date_of_birth=date(2009, 1, 1))
    attend(contract_a, young, date(2025, 5, 6))
    # The return's page shows what was approved and links to the comparison, computed only
    # when asked for.
    after = client.get(url("detail", cornwall_q1)).content.decode()
    assert "differently" in after and url("changes", cornwall_q1) in after
    figures = after.split('data-testid="return-figures"')[1].split("</table>")[0]
    row = figures.split('id="indicator-12"')[1].split("</tbody>")[0]
    assert '<td class="text-end">0</td>' in row
    compared = client.get(url("changes", cornwall_q1)).content.decode()
    assert "The records would now give" in compared
    assert "1.2 Service participation, Q1: 0 in the return, 1 now" in compared


def test_a_draft_has_nothing_frozen_to_compare(client, cornwall_q1, provider_a_manager):
    log_in(client, provider_a_manager)
    compared = client.get(url("changes", cornwall_q1)).content.decode()
    assert 'data-testid="not-frozen"' in compared and "changes-since" not in compared
    page = client.get(url("detail", cornwall_q1)).content.decode()
    assert url("changes", cornwall_q1) not in page
