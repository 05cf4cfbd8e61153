"""A contract's returns: the list, a return's page, the provider's draft, the workflow's moves,
the indicator threads and the attachments. Every view starts with `contract_for` (404 for
another organisation), parses, calls one service and turns a `ReturnError` into a message."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from contracts.access import contract_for
from contracts.models import Contract

from ..engine.figures import ReturnFigures
from ..engine.indicators import Unit
from ..engine.text import figure_text
from ..models import IndicatorComment, Return, ReturnAttachment, ReturnEvent, ReturnStatus
from .attachments import attach_file, remove_attachment
from .due import is_overdue
from .figures import figures_of, financial_return
from .forms import (
    AttachmentForm,
    IndicatorCommentForm,
    MoveForm,
    ReturnDraftForm,
    explanation_id,
    status_text,
)
from .names import NameFound, named_at_submission, names_in_return
from .review import earlier_not_approved, sent_back
from .workflow import (
    Action,
    Incomplete,
    ReturnError,
    approve_return,
    comment_on_indicator,
    may_edit,
    may_move,
    missing_explanations,
    reopen_return,
    request_changes,
    save_draft,
    submit_return,
)


def post_to_contract(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """POST only, but the contract first: a stranger gets 404 whatever the method, so a GET
    tells them no more than a POST would (405 would say the contract exists)."""

    @wraps(view)
    def checked(request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
        contract = contract_for(request, pk)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return view(request, contract, **kwargs)

    return checked


def return_of(contract: Contract, return_id: int) -> Return:
    """The contract's return, or 404 (a return of another contract is no business of this URL)."""
    ret = get_object_or_404(Return, pk=return_id, contract=contract)
    ret.contract = contract
    return ret


@dataclass
class FigureRow:
    code: str
    title: str
    target: str
    status: str | None
    cells: list[str]
    breakdowns: list[tuple[str, list[tuple[str, str]]]]
    note: dict[str, str]
    thread: list[IndicatorComment] = field(default_factory=list)

    @property
    def needs_explanation(self) -> bool:
        return self.status in ("red", "amber") and not self.note.get("explanation")


def figure_rows(
    figures: ReturnFigures, notes: dict[str, Any], threads: dict[str, list]
) -> list[FigureRow]:
    """The table of a return's figures, as text. Pure."""
    framework = figures.framework
    rows = []
    for row in figures.rows:
        cells = [figure_text(row, row.figures.get(column)) for column in figures.columns]
        last = row.figures.get(figures.period or "")
        breakdowns = [
            (
                framework.breakdown_label(name),
                [
                    (framework.category_label(name, category), f"{count}")
                    for category, count in categories.items()
                ],
            )
            for name, categories in (last.breakdown if last else {}).items()
        ]
        target = row.target.note if row.target.value is None else f"{row.target.value}"
        if row.target.value is not None and row.unit == Unit.PERCENT:
            target += "%"
        rows.append(
            FigureRow(
                row.code,
                row.title,
                target,
                row.status.value if row.status else None,
                cells,
                breakdowns,
                notes.get(row.code, {}),
                threads.get(row.code, []),
            )
        )
    return rows


MOVES: dict[str, tuple[str, str, bool]] = {
    # action: (comment label, button, comment required)
    Action.SUBMIT: ("A note for the commissioner (optional)", "Submit the return", False),
    Action.REQUEST_CHANGES: ("What needs changing", "Ask for changes", True),
    Action.APPROVE: ("A note with the approval (optional)", "Approve the return", False),
    Action.REOPEN: ("Why it must be reopened", "Reopen the approved return", True),
}


# Submitting a return sent back answers what was asked.
REPLY = (
    "Your reply to the commissioner: what you changed, or why nothing needed changing",
    "Submit again with this reply",
    True,
)


def move_form(action: str, ret: Return, data=None) -> MoveForm:
    replying = action == Action.SUBMIT and ret.status == ReturnStatus.CHANGES_REQUESTED
    label, button, required = REPLY if replying else MOVES[action]
    return MoveForm(data, label=label, button=button, required=required, prefix=action)


@require_GET
def return_detail(request: HttpRequest, pk: int, return_id: int) -> HttpResponse:
    contract = contract_for(request, pk)
    ret = get_object_or_404(
        Return.objects.prefetch_related(
            Prefetch("events", queryset=ReturnEvent.objects.select_related("by")),
            Prefetch("comments", queryset=IndicatorComment.objects.select_related("by")),
            Prefetch("attachments"),
        ),
        pk=return_id,
        contract=contract,
    )
    ret.contract = contract
    figures = figures_of(ret)
    threads: dict[str, list] = defaultdict(list)
    for comment in ret.comments.all():
        threads[comment.indicator].append(comment)
    user = request.user
    editable = may_edit(user, ret)
    moves = [(action, move_form(action, ret)) for action in MOVES if may_move(user, ret, action)]
    deciding = any(action == Action.APPROVE for action, _form in moves)
    # The provider is warned while writing; the commissioner before approving what was written,
    # from the note the submission kept (the records are not read again).
    name_warnings = names_in_return(ret) if editable else []
    named_places = names_for_decision(ret) if deciding else []
    return render(
        request,
        "kpis/returns/return_detail.html",
        {
            "contract": contract,
            "section": "Returns",
            "ret": ret,
            "figures": figures,
            "live": ret.is_editable,
            "rows": figure_rows(figures, ret.indicator_notes or {}, threads),
            "rag": figures.rag_counts(),
            "editable": editable,
            "name_warnings": name_warnings,
            "named_places": named_places,
            "financial": financial_return(ret, figures),
            "uses_funds4care": figures.framework.uses("funds4care"),
            "moves": moves,
            "deciding": deciding,
            "sent_back": sent_back(ret),
            "earlier_open": earlier_not_approved(ret) if deciding else [],
            "threads_open": ret.status != ReturnStatus.APPROVED,
            "comment_form": IndicatorCommentForm(),
            "attachment_form": AttachmentForm() if editable else None,
            "overdue": is_overdue(ret),
        },
    )


def names_for_decision(ret: Return) -> list[tuple[str, ...]]:
    """Where the submitted text seemed to name young people, as its submission noted; searched
    again only for a return submitted before submissions kept the note."""
    places = named_at_submission(ret)
    if places is None:
        return [found.places for found in names_in_return(ret)]
    return places


@require_http_methods(["GET", "POST"])
def return_edit(request: HttpRequest, pk: int, return_id: int) -> HttpResponse:
    contract = contract_for(request, pk)
    ret = return_of(contract, return_id)
    if not may_edit(request.user, ret):
        raise PermissionDenied(
            "Only the provider's managers write the provider's return, while it is a draft."
        )
    figures = figures_of(ret)
    form = ReturnDraftForm(request.POST or None, instance=ret, figures=figures)
    still_to_explain = [
        (code, explanation_id(code), row.title, status_text(row, figures.period))
        for code in missing_explanations(ret, figures)
        if (row := figures.row(code)) is not None
    ]
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_draft(ret=ret, by=request.user, values=form.values())
        except ReturnError as error:
            messages.error(request, str(error))
        else:
            # The return's page warns about young people's names in the provider's words.
            messages.success(request, "Draft saved.")
            return redirect(saved)
    return render(
        request,
        "kpis/returns/return_edit.html",
        {
            "contract": contract,
            "section": "Returns",
            "ret": ret,
            "form": form,
            "still_to_explain": still_to_explain,
        },
    )


def _move_view(
    request: HttpRequest,
    contract: Contract,
    return_id: int,
    action: str,
    service: Callable[..., Return],
) -> HttpResponse:
    ret = return_of(contract, return_id)
    form = move_form(action, ret, request.POST)
    if not form.is_valid():
        for problem in form.errors.get("comment", []):
            messages.error(request, f"{form.fields['comment'].label}: {problem}")
        return redirect(f"{ret.get_absolute_url()}#decision")
    comment = form.cleaned_data["comment"]
    keyword = "reason" if action == Action.REOPEN else "comment"
    try:
        moved = service(ret=ret, by=request.user, **{keyword: comment})
    except Incomplete as error:
        messages.error(request, str(error))
        edit = reverse("returns:edit", kwargs={"pk": contract.pk, "return_id": ret.pk})
        return redirect(f"{edit}#still-to-explain")
    except ReturnError as error:
        messages.error(request, str(error))
        return redirect(ret)
    messages.success(request, f"Return {moved}: {moved.get_status_display().lower()}.")
    if action == Action.APPROVE and (earlier := earlier_not_approved(moved)):
        messages.warning(request, out_of_order_text(moved, earlier))
    if action == Action.SUBMIT:
        # Said again now, though it does not stop the submission: the page no longer warns.
        warn_of_names(request, names_in_return(moved))
    return redirect(moved)


def out_of_order_text(ret: Return, earlier: list[Return]) -> str:
    listed = "; ".join(
        f"{each.financial_year_label} {each.period} ({each.get_status_display().lower()})"
        for each in earlier
    )
    return (
        f"Earlier returns of {ret.contract.ref} are not approved yet: {listed}. The year's "
        f"figures are judged in order: {ret.period} was approved before them."
    )


def warn_of_names(request: HttpRequest, found: list[NameFound]) -> None:
    if found:
        messages.warning(
            request,
            "The return names young people from the records: "
            + "; ".join(f"{name.word} ({name.ref}, in {', '.join(name.places)})" for name in found)
            + ". It was submitted all the same: if a name should not be there, ask the "
            "commissioner to send the return back.",
        )


@post_to_contract
def return_submit(request: HttpRequest, contract: Contract, return_id: int) -> HttpResponse:
    return _move_view(request, contract, return_id, Action.SUBMIT, submit_return)


@post_to_contract
def return_request_changes(
    request: HttpRequest, contract: Contract, return_id: int
) -> HttpResponse:
    return _move_view(request, contract, return_id, Action.REQUEST_CHANGES, request_changes)


@post_to_contract
def return_approve(request: HttpRequest, contract: Contract, return_id: int) -> HttpResponse:
    return _move_view(request, contract, return_id, Action.APPROVE, approve_return)


@post_to_contract
def return_reopen(request: HttpRequest, contract: Contract, return_id: int) -> HttpResponse:
    return _move_view(request, contract, return_id, Action.REOPEN, reopen_return)


@post_to_contract
def indicator_comment(
    request: HttpRequest, contract: Contract, return_id: int, code: str
) -> HttpResponse:
    ret = return_of(contract, return_id)
    form = IndicatorCommentForm(request.POST)
    if not form.is_valid():
        too_long = "text" in request.POST and request.POST["text"].strip()
        messages.error(request, form.errors["text"][0] if too_long else "Write a comment first.")
    else:
        try:
            comment_on_indicator(
                ret=ret, indicator=code, by=request.user, text=form.cleaned_data["text"]
            )
        except ReturnError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Comment on {code} added.")
    return redirect(f"{ret.get_absolute_url()}#indicator-{code.replace('.', '-')}")


@post_to_contract
def attachment_add(request: HttpRequest, contract: Contract, return_id: int) -> HttpResponse:
    ret = return_of(contract, return_id)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Choose a file to attach.")
    else:
        try:
            attached = attach_file(ret=ret, by=request.user, upload=form.cleaned_data["file"])
        except ReturnError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{attached.name} attached.")
    return redirect(f"{ret.get_absolute_url()}#attachments")


def attachment_of(contract: Contract, return_id: int, attachment_id: int) -> ReturnAttachment:
    return get_object_or_404(
        ReturnAttachment.objects.select_related("ret"),
        pk=attachment_id,
        ret_id=return_id,
        ret__contract=contract,
    )


@require_GET
def attachment_download(
    request: HttpRequest, pk: int, return_id: int, attachment_id: int
) -> HttpResponse:
    contract = contract_for(request, pk)
    attachment = attachment_of(contract, return_id, attachment_id)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


@post_to_contract
def attachment_remove(
    request: HttpRequest, contract: Contract, return_id: int, attachment_id: int
) -> HttpResponse:
    attachment = attachment_of(contract, return_id, attachment_id)
    try:
        remove_attachment(attachment=attachment, by=request.user)
    except ReturnError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{attachment.name} removed.")
    return redirect(f"{attachment.ret.get_absolute_url()}#attachments")
