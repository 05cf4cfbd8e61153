"""The chair's view of a round: every application with the panel's scores summed up (average,
spread, where members disagree), and the decisions. The chair is the provider's manager; the
page is on the contract's pages, so contract_for answers 404 to every other organisation. The
provider's workers and the commissioner see the contract, so they are told plainly (403) that
chairing is the manager's. The chair is provider staff and sees the young people's names here;
the panel members are counted, never named."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from contracts.models import Contract, Role

from ..access import funds4care_contract
from ..models import Application, Round
from . import decisions
from .forms import ApproveForm, DeclineForm
from .queries import criteria_of, summaries_for
from .scoring import Summary


def chair_contract(request: HttpRequest, pk: int) -> Contract:
    contract = funds4care_contract(request, pk)
    if request.user.role != Role.PROVIDER_MANAGER:
        raise PermissionDenied(
            "Only the provider's managers chair the grant panel and decide on applications."
        )
    return contract


def round_of(contract: Contract, round_pk: int) -> Round:
    return get_object_or_404(
        Round.objects.filter(fund__contract=contract).select_related("fund"), pk=round_pk
    )


def next_round(round_: Round) -> Round | None:
    """Where a deferred application goes: the contract's next round to open after this one."""
    return (
        Round.objects.filter(
            fund__contract_id=round_.fund.contract_id, opens_on__gt=round_.opens_on
        )
        .order_by("opens_on", "id")
        .first()
    )


def moderation(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    contract = chair_contract(request, pk)
    round_ = round_of(contract, round_pk)
    criteria = criteria_of(round_)
    applications = list(
        Application.objects.filter(round=round_, stage=Application.Stage.SUBMITTED)
        .select_related("young_person")
        .order_by("ref")
    )
    summaries = summaries_for(round_, criteria)
    cap = round_.fund.grant_cap
    rows = [
        {
            "application": application,
            "summary": summaries.get(application.pk, Summary()),
            "default_amount": min(application.amount_requested, cap),
        }
        for application in applications
    ]
    return render(
        request,
        "funds4care/panel/moderation.html",
        {
            "contract": contract,
            "round": round_,
            "criteria": criteria,
            "rows": rows,
            "panel_size": round_.panel.count(),
            "next_round": next_round(round_),
            "cap": cap,
            "flagged": sum(1 for row in rows if row["summary"].flagged),
        },
    )


def decide(
    request: HttpRequest, pk: int, round_pk: int, application_pk: int, action: str
) -> HttpResponse:
    contract = chair_contract(request, pk)
    if request.method != "POST":
        # Asked after the contract, so that another organisation learns nothing (404).
        return HttpResponseNotAllowed(["POST"])
    round_ = round_of(contract, round_pk)
    application = get_object_or_404(
        Application.objects.filter(round=round_, stage=Application.Stage.SUBMITTED),
        pk=application_pk,
    )
    back = reverse("f4c_panel:moderation", args=[contract.pk, round_.pk]) + f"#app-{application.pk}"
    today = timezone.localdate()
    try:
        if action == "approve":
            form = ApproveForm(request.POST)
            if not form.is_valid():
                raise decisions.DecisionRefused(_first_error(form, application))
            decisions.approve(
                application=application,
                by=request.user,
                amount=form.cleaned_data["amount"],
                on=today,
            )
            done = f"{application.ref} is approved."
        elif action == "decline":
            form = DeclineForm(request.POST)
            if not form.is_valid():
                raise decisions.DecisionRefused(_first_error(form, application))
            decisions.decline(
                application=application,
                by=request.user,
                reason=form.cleaned_data["reason"],
                on=today,
            )
            done = f"{application.ref} is declined."
        elif action == "defer":
            later = next_round(round_)
            if later is None:
                raise decisions.DecisionRefused(
                    f"{application.ref} cannot be deferred: there is no later round yet. "
                    "Add the next round first."
                )
            decisions.defer(application=application, by=request.user, to_round=later)
            done = f"{application.ref} is deferred to {later.name}."
        else:
            raise Http404("No such decision.")
    except decisions.DecisionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, done)
    return redirect(back)


def _first_error(form, application: Application) -> str:
    errors = [error for field_errors in form.errors.values() for error in field_errors]
    return f"{application.ref}: {errors[0]}"
