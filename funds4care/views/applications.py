"""An application's screens: the form (saved as a draft, or submitted: a refusal keeps the draft
and says why), its page with its history, files and, for the chair, the decision and the
payment; the moves are POSTs that call one service and show its message."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from contracts.models import Contract

from ..access import funds4care_contract
from ..forms import ApplicationForm, ApproveForm, DeclineForm, FileForm, PaymentForm
from ..models import Application, ApplicationEvent, ApplicationFile, Round
from ..services import Funds4CareError
from ..services.applications import (
    attach_file,
    remove_file,
    save_draft,
    set_onward_support,
    submit,
    withdraw,
)
from ..services.ledger import approve, decline, defer, ledger_of, next_round, record_payment
from .common import (
    application_of,
    application_url,
    home_url,
    post_to_contract,
    staff_only,
    trail,
    who,
)


def rounds_for_applying(contract: Contract, current: Round | None) -> list[Round]:
    """The rounds not yet closed (and the application's own, whatever its dates)."""
    today = timezone.localdate()
    rounds = list(Round.objects.filter(fund__contract=contract, closes_on__gte=today))
    if current is not None and current not in rounds:
        rounds.append(current)
    return rounds


@require_http_methods(["GET", "POST"])
def application_form(
    request: HttpRequest, pk: int, application_id: int | None = None
) -> HttpResponse:
    contract = funds4care_contract(request, pk)
    application = application_of(contract, application_id) if application_id else None
    staff_only(request, contract, "make applications")
    if application is not None and application.stage != Application.Stage.DRAFT:
        messages.error(request, f"{application} is {application.status}: only a draft changes.")
        return redirect(application_url(application))
    rounds = rounds_for_applying(contract, application.round if application else None)
    initial = {}
    if application is None:
        person = request.GET.get("young_person", "")
        if person.isdigit():
            initial["young_person"] = contract.young_people.filter(pk=person).first()
        if len(rounds) == 1:
            initial["round"] = rounds[0]
    form = ApplicationForm(
        request.POST or None, instance=application, initial=initial, contract=contract,
        rounds=rounds,
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_draft(
                contract=contract, by=request.user, values=form.values(), application=application
            )
        except Funds4CareError as error:
            form.add_error(None, str(error))
        else:
            if "submit" not in request.POST:
                messages.success(request, f"{saved} saved as a draft.")
                return redirect(application_url(saved))
            try:
                submit(application=saved, by=request.user)
            except Funds4CareError as error:
                # The draft is saved: the form comes back with it, and the reasons.
                messages.error(request, str(error))
                return redirect("funds4care:application_edit", pk=contract.pk,
                                application_id=saved.pk)  # fmt: skip
            messages.success(request, f"{saved} submitted: the panel will consider it.")
            return redirect(application_url(saved))
    title = f"Change {application}" if application else "Make an application"
    steps = [("Funds4 Care", home_url(contract))]
    if application:
        steps.append((str(application), application_url(application)))
    return render(
        request,
        "funds4care/application_form.html",
        {
            **who(request, contract),
            "contract": contract,
            "application": application,
            "form": form,
            "title": title,
            "has_rounds": bool(rounds),
            "trail": trail(contract, *steps, (title, None)),
        },
    )


@require_safe
def application_detail(request: HttpRequest, pk: int, application_id: int) -> HttpResponse:
    contract = funds4care_contract(request, pk)
    application = get_object_or_404(
        Application.objects.select_related(
            "young_person", "round__fund", "payment__recorded_by"
        ).prefetch_related(
            Prefetch("events", queryset=ApplicationEvent.objects.select_related("by")),
            Prefetch("files"),
        ),
        pk=application_id,
        contract=contract,
    )
    application.contract = contract
    context = who(request, contract)
    status = application.status
    deciding = context["is_manager"] and status == "submitted"
    paying = context["is_manager"] and status == "approved"
    fund = application.round.fund if application.round else None
    today = timezone.localdate()
    award = None
    if application.amount_requested and fund:
        award = min(application.amount_requested, fund.grant_cap)
    if paying:
        payment_form = PaymentForm(initial={"paid_on": today, "amount": application.amount_awarded})
        payment_form.helper.form_action = reverse(
            "funds4care:payment", kwargs={"pk": contract.pk, "application_id": application.pk}
        )
    return render(
        request,
        "funds4care/application_detail.html",
        {
            **context,
            "contract": contract,
            "application": application,
            "status": status,
            "fund": fund,
            "ledger": ledger_of(fund) if fund and (deciding or paying) else None,
            "deciding": deciding,
            "paying": paying,
            "approve_form": ApproveForm(initial={"amount": award, "on": today})
            if deciding
            else None,
            "decline_form": DeclineForm(initial={"on": today}) if deciding else None,
            "next_round": next_round(application) if deciding else None,
            "payment_form": payment_form if paying else None,
            "file_form": FileForm()
            if context["is_staff"] and status in ("draft", "submitted")
            else None,
            "trail": trail(contract, ("Funds4 Care", home_url(contract)), (str(application), None)),
        },
    )


def _done(request: HttpRequest, application: Application, call, success: str, anchor: str = ""):
    try:
        call()
    except Funds4CareError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect(application_url(application, anchor))


def _form_problems(request: HttpRequest, form) -> None:
    for name, problems in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for problem in problems:
            messages.error(request, f"{label}: {problem}" if label else problem)


@post_to_contract
def application_withdraw(request: HttpRequest, contract: Contract, application_id: int):
    application = application_of(contract, application_id)
    return _done(
        request, application,
        lambda: withdraw(application=application, by=request.user,
                         reason=request.POST.get("reason", "")[:2000]),
        f"{application} withdrawn.",
    )  # fmt: skip


@post_to_contract
def application_decide(request: HttpRequest, contract: Contract, application_id: int):
    application = application_of(contract, application_id)
    action = request.POST.get("action")
    if action == "approve":
        form = ApproveForm(request.POST)
        if not form.is_valid():
            _form_problems(request, form)
            return redirect(application_url(application, "decision"))
        data = form.cleaned_data
        return _done(
            request, application,
            lambda: approve(application=application, by=request.user, amount=data["amount"],
                            on=data["on"]),
            f"{application} approved: £{data['amount']:,.2f} awarded.", "decision",
        )  # fmt: skip
    if action == "decline":
        form = DeclineForm(request.POST)
        if not form.is_valid():
            _form_problems(request, form)
            return redirect(application_url(application, "decision"))
        data = form.cleaned_data
        return _done(
            request, application,
            lambda: decline(application=application, by=request.user, reason=data["reason"],
                            on=data["on"]),
            f"{application} declined.", "decision",
        )  # fmt: skip
    if action == "defer":
        return _done(
            request, application,
            lambda: defer(application=application, by=request.user),
            f"{application} deferred to the next round.", "decision",
        )  # fmt: skip
    messages.error(request, "Choose approve, decline or defer.")
    return redirect(application_url(application, "decision"))


@post_to_contract
def application_payment(request: HttpRequest, contract: Contract, application_id: int):
    application = application_of(contract, application_id)
    form = PaymentForm(request.POST)
    if not form.is_valid():
        _form_problems(request, form)
        return redirect(application_url(application, "payment"))
    data = form.cleaned_data
    return _done(
        request, application,
        lambda: record_payment(application=application, by=request.user, **data),
        f"Payment of {application} recorded: £{data['amount']:,.2f}.", "payment",
    )  # fmt: skip


@post_to_contract
def application_onward_support(request: HttpRequest, contract: Contract, application_id: int):
    application = application_of(contract, application_id)
    value = request.POST.get("onward_support") == "yes"
    said = "led to onward support" if value else "did not lead to onward support"
    return _done(
        request, application,
        lambda: set_onward_support(application=application, by=request.user, value=value),
        f"{application}: recorded as having {said}." if value else f"{application}: {said}.",
        "onward-support",
    )  # fmt: skip


@post_to_contract
def file_add(request: HttpRequest, contract: Contract, application_id: int):
    application = application_of(contract, application_id)
    form = FileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Choose a file to attach.")
        return redirect(application_url(application, "files"))
    upload = form.cleaned_data["file"]
    return _done(
        request, application,
        lambda: attach_file(application=application, by=request.user, upload=upload),
        f"{upload.name} attached.", "files",
    )  # fmt: skip


def file_of(contract: Contract, application_id: int, file_id: int) -> ApplicationFile:
    attached = get_object_or_404(
        ApplicationFile.objects.select_related("application"),
        pk=file_id, application_id=application_id, application__contract=contract,
    )  # fmt: skip
    attached.application.contract = contract
    return attached


@require_safe
def file_download(request: HttpRequest, pk: int, application_id: int, file_id: int):
    contract = funds4care_contract(request, pk)
    attached = file_of(contract, application_id, file_id)
    return FileResponse(attached.file.open("rb"), as_attachment=True, filename=attached.name)


@post_to_contract
def file_remove(request: HttpRequest, contract: Contract, application_id: int, file_id: int):
    attached = file_of(contract, application_id, file_id)
    return _done(
        request, attached.application,
        lambda: remove_file(attached=attached, by=request.user),
        f"{attached.name} removed.", "files",
    )  # fmt: skip
