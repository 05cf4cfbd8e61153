"""The import page: upload a workbook, or a council's SSDA903 files, see what it would do,
then confirm (provider managers).

Nothing changes before the confirmation. The uploaded files wait on the server (uploads.py)
with their tokens in the session, and are checked again when confirmed, since the contract's
records may have changed in between.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse

from contracts.access import contract_for_import, may_change_contract
from contracts.models import Contract
from contracts.safety import MB, Limits, RefusedFile, request_limit

from . import uploads
from .forms import ImportUploadForm, Ssda903UploadForm
from .services import ImportResult, preview_import, run_import
from .ssda903.check import Ssda903Result, check_ssda903
from .ssda903.write import run_ssda903_import
from .template_workbook import build_template_workbook

# The key from when the importer lived in contracts, kept so an upload awaiting confirmation
# survives the move.
SESSION_KEY = "contracts.importer.pending"
SSDA903_SESSION_KEY = "importer.ssda903.pending"
SSDA903_FILES = ("header", "episodes")
# A page listing 200,000 problems helps nobody; the first ones are shown, with the total.
PROBLEMS_SHOWN = 1000
RECENT_RUNS = 10
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def files_of_the_largest_size(count: int):
    """The request a view of `count` uploaded files takes (config.middleware): each at the
    import's limit, and a megabyte for the form around them."""
    return lambda: count * Limits.from_settings().max_file_bytes + MB


def pending_for(request: HttpRequest, contract: Contract) -> dict[str, str] | None:
    return request.session.get(SESSION_KEY, {}).get(str(contract.pk))


def remember(request: HttpRequest, contract: Contract, token: str, name: str) -> None:
    pending = request.session.get(SESSION_KEY, {})
    previous = pending.get(str(contract.pk))
    if previous:
        uploads.discard(previous["token"])
    pending[str(contract.pk)] = {"token": token, "name": name}
    request.session[SESSION_KEY] = pending


def forget(request: HttpRequest, contract: Contract) -> dict[str, str] | None:
    pending = request.session.get(SESSION_KEY, {})
    entry = pending.pop(str(contract.pk), None)
    request.session[SESSION_KEY] = pending
    if entry:
        uploads.discard(entry["token"])
    return entry


@request_limit(files_of_the_largest_size(1))
def import_page(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for_import(request, pk)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["workbook"]
        try:
            token = uploads.store(upload)
        except RefusedFile as error:
            form.add_error("workbook", str(error))
        else:
            path = uploads.path_for(token)
            assert path is not None
            try:
                result = preview_import(
                    path,
                    file_name=upload.name,
                    contract=contract,
                    may_change_contract=may_change_contract(request.user, contract),
                )
            except BaseException:
                uploads.discard(token)  # an error page must not leave the file behind
                raise
            if result.ok:
                remember(request, contract, token, upload.name)
            else:
                uploads.discard(token)
            return render_result(request, contract, result, confirmed=False)
    return render_import_page(request, contract, form=form)


def render_import_page(
    request: HttpRequest,
    contract: Contract,
    *,
    form: ImportUploadForm | None = None,
    ssda903_form: Ssda903UploadForm | None = None,
) -> HttpResponse:
    runs = contract.import_runs.select_related("user")[:RECENT_RUNS]
    return render(
        request,
        "importer/import_page.html",
        {
            "contract": contract,
            "form": form or ImportUploadForm(),
            "ssda903_form": ssda903_form or Ssda903UploadForm(action=ssda903_url(contract)),
            "runs": runs,
            "pending": pending_for(request, contract),
            "ssda903_pending": request.session.get(SSDA903_SESSION_KEY, {}).get(str(contract.pk)),
        },
    )


def render_result(
    request: HttpRequest, contract: Contract, result: ImportResult, *, confirmed: bool
) -> HttpResponse:
    return render(
        request,
        "importer/import_preview.html",
        {
            "contract": contract,
            "result": result,
            "confirmed": confirmed,
            "counts": [(table, counts) for table, counts in result.counts.items()],
            "problems": result.problems[:PROBLEMS_SHOWN],
            "problems_hidden": max(len(result.problems) - PROBLEMS_SHOWN, 0),
        },
    )


def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for_import(request, pk)
    # Checked after the contract, so that a stranger learns nothing, even from a GET.
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    pending = pending_for(request, contract)
    path = uploads.path_for(pending["token"]) if pending else None
    if pending is None or path is None or not path.exists():
        forget(request, contract)
        messages.error(request, "There is no checked workbook waiting: upload it again.")
        return redirect(reverse("importer:import", kwargs={"pk": contract.pk}))
    try:
        result = run_import(
            path,
            file_name=pending["name"],
            contract=contract,
            may_change_contract=may_change_contract(request.user, contract),
            user=request.user,
        )
    finally:
        forget(request, contract)
    if not result.ok:
        return render_result(request, contract, result, confirmed=True)
    created = sum(counts.created for counts in result.counts.values())
    updated = sum(counts.updated for counts in result.counts.values())
    messages.success(
        request,
        f"{pending['name']} was imported: {created:,} records created, {updated:,} updated.",
    )
    return redirect(reverse("importer:import", kwargs={"pk": contract.pk}))


def import_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for_import(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if forget(request, contract):
        messages.info(request, "The import was cancelled: nothing was changed.")
    return redirect(reverse("importer:import", kwargs={"pk": contract.pk}))


# ---------------------------------------------------------------------------------------------
# A council's SSDA903 files: the same preview and confirmation, for two CSV files
# ---------------------------------------------------------------------------------------------


def ssda903_url(contract: Contract, name: str = "ssda903") -> str:
    return reverse(f"importer:{name}", kwargs={"pk": contract.pk})


def ssda903_forget(request: HttpRequest, contract: Contract) -> dict[str, dict] | None:
    pending = request.session.get(SSDA903_SESSION_KEY, {})
    entry = pending.pop(str(contract.pk), None)
    request.session[SSDA903_SESSION_KEY] = pending
    for kind in SSDA903_FILES:
        uploads.discard((entry or {}).get(kind, {}).get("token"), uploads.CSV)
    return entry


@request_limit(files_of_the_largest_size(len(SSDA903_FILES)))
def ssda903_check(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for_import(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = Ssda903UploadForm(request.POST, request.FILES, action=ssda903_url(contract))
    if not form.is_valid():
        return render_import_page(request, contract, ssda903_form=form)
    stored: dict[str, dict[str, str]] = {}
    try:
        for kind in SSDA903_FILES:
            upload = form.cleaned_data[kind]
            try:
                stored[kind] = {"token": uploads.store(upload, uploads.CSV), "name": upload.name}
            except RefusedFile as error:
                form.add_error(kind, str(error))
        if form.errors:
            discard_all(stored)
            return render_import_page(request, contract, ssda903_form=form)
        result = check_ssda903(
            *(uploads.path_for(stored[kind]["token"], uploads.CSV) for kind in SSDA903_FILES),
            contract=contract,
            header_name=stored["header"]["name"],
            episodes_name=stored["episodes"]["name"],
        )
    except BaseException:
        discard_all(stored)  # an error page must not leave the files behind
        raise
    ssda903_forget(request, contract)
    if result.ok:
        pending = request.session.get(SSDA903_SESSION_KEY, {})
        pending[str(contract.pk)] = stored
        request.session[SSDA903_SESSION_KEY] = pending
    else:
        discard_all(stored)
    return render_ssda903_result(request, contract, result, confirmed=False)


def discard_all(stored: dict[str, dict[str, str]]) -> None:
    for entry in stored.values():
        uploads.discard(entry["token"], uploads.CSV)


def render_ssda903_result(
    request: HttpRequest, contract: Contract, result: Ssda903Result, *, confirmed: bool
) -> HttpResponse:
    return render(
        request,
        "importer/ssda903_preview.html",
        {
            "contract": contract,
            "result": result,
            "confirmed": confirmed,
            "problems": result.problems[:PROBLEMS_SHOWN],
            "problems_hidden": max(len(result.problems) - PROBLEMS_SHOWN, 0),
        },
    )


def ssda903_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for_import(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    pending = request.session.get(SSDA903_SESSION_KEY, {}).get(str(contract.pk))
    paths = [
        uploads.path_for(pending[kind]["token"], uploads.CSV) if pending else None
        for kind in SSDA903_FILES
    ]
    if pending is None or not all(path is not None and path.exists() for path in paths):
        ssda903_forget(request, contract)
        messages.error(request, "There are no checked SSDA903 files waiting: upload them again.")
        return redirect(reverse("importer:import", kwargs={"pk": contract.pk}))
    try:
        result = run_ssda903_import(
            *paths,
            contract=contract,
            header_name=pending["header"]["name"],
            episodes_name=pending["episodes"]["name"],
            user=request.user,
        )
    finally:
        ssda903_forget(request, contract)
    if not result.ok:
        return render_ssda903_result(request, contract, result, confirmed=True)
    messages.success(
        request,
        f"{result.header_name} and {result.episodes_name} were imported: "
        f"{counted(result.people_updated, 'young person', 'young people')} updated, "
        f"{result.people_unchanged:,} unchanged "
        f"({counted(result.periods.written, 'period in care', 'periods in care')} and "
        f"{counted(result.placements.written, 'placement', 'placements')} written).",
    )
    return redirect(reverse("importer:import", kwargs={"pk": contract.pk}))


def counted(number: int, one: str, many: str) -> str:
    return f"{number:,} {one if number == 1 else many}"


def ssda903_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for_import(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if ssda903_forget(request, contract):
        messages.info(request, "The import of the council's files was cancelled: nothing changed.")
    return redirect(reverse("importer:import", kwargs={"pk": contract.pk}))


def import_template(request: HttpRequest) -> HttpResponse:
    """The blank workbook: no contract's data in it, so any signed-in person may have it."""
    response = HttpResponse(build_template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="tamar-import-template.xlsx"'
    return response
