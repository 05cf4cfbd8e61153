"""The Funds4 Care home of a contract (the year's fund, its ledger, its rounds and the
applications), the fund's settings, and a round with its panel and rubric."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from contracts.models import Contract

from ..access import funds4care_contract
from ..filters import STATUS_FILTERS, ApplicationFilter
from ..forms import CriterionFormSet, FundForm, RoundForm
from ..models import Fund, Round
from ..services import Funds4CareError, financial_year_of
from ..services.funds import open_fund, save_round, set_rubric, update_fund
from ..services.ledger import ledger_of
from .common import home_url, manager_only, trail, who

PAGE_SIZE = 25


def year_asked(request: HttpRequest) -> int:
    text = request.GET.get("year") or ""
    if not text:
        return financial_year_of(timezone.localdate())
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise Http404("No such year.")
    return int(text)


@require_safe
def home(request: HttpRequest, pk: int) -> HttpResponse:
    contract = funds4care_contract(request, pk)
    year = year_asked(request)
    # Read only: a manager opens the year's fund with a button (fund_open).
    fund = Fund.objects.filter(contract=contract, financial_year=year).first()
    context = who(request, contract)
    applications = contract.f4c_applications.select_related("young_person", "round", "payment")
    filterset = ApplicationFilter(
        request.GET or None, applications, contract=contract, names=context["show_names"]
    )
    page = Paginator(filterset.qs.order_by("-submitted_date", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    counts = contract.f4c_applications.aggregate(
        **{code: Count("pk", filter=q) for code, (_label, q) in STATUS_FILTERS.items()}
    )
    rounds = []
    if fund is not None:
        rounds = list(
            fund.rounds.annotate(
                applications_count=Count("applications", distinct=True),
                panel_count=Count("panel", distinct=True),
            ).prefetch_related(Prefetch("criteria"))
        )
    years = list(contract.f4c_funds.values_list("financial_year", flat=True))
    return render(
        request,
        "funds4care/home.html",
        {
            **context,
            "contract": contract,
            "section": "Funds4 Care",
            "year": year,
            "years": sorted(set(years) | {year}, reverse=True),
            "fund": fund,
            "ledger": ledger_of(fund) if fund else None,
            "rounds": rounds,
            "filter": filterset,
            "page": page,
            "counts": [(code, label, counts[code]) for code, (label, _q) in STATUS_FILTERS.items()],
            "today": timezone.localdate(),
        },
    )


def fund_open(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    contract = funds4care_contract(request, pk)
    if request.method != "POST":
        # Asked after the contract, so that another organisation learns nothing (404).
        return HttpResponseNotAllowed(["POST"])
    manager_only(request, contract, "open a fund")
    try:
        fund = open_fund(contract=contract, year=year, by=request.user)
    except Funds4CareError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{fund} is open: change its settings if the council agreed.")
    return redirect(home_url(contract, year))


def fund_of(contract: Contract, year: int) -> Fund:
    return get_object_or_404(
        Fund.objects.select_related("contract"), contract=contract, financial_year=year
    )


@require_http_methods(["GET", "POST"])
def fund_edit(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    contract = funds4care_contract(request, pk)
    fund = fund_of(contract, year)
    manager_only(request, contract, "change the fund's settings")
    form = FundForm(request.POST or None, instance=Fund.objects.get(pk=fund.pk))
    if request.method == "POST" and form.is_valid():
        try:
            update_fund(
                fund=fund, by=request.user,
                values={name: form.cleaned_data[name] for name in FundForm.Meta.fields},
            )  # fmt: skip
        except Funds4CareError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{fund}: settings saved.")
            return redirect(home_url(contract, year))
    title = f"Change the settings of {fund}"
    return render(
        request,
        "funds4care/fund_form.html",
        {
            "contract": contract,
            "fund": fund,
            "form": form,
            "title": title,
            "history": fund.history.select_related("history_user").order_by("-history_date")[:20],
            "trail": trail(contract, ("Funds4 Care", home_url(contract, year)), (title, None)),
        },
    )


def _criteria_rows(formset) -> list[dict]:
    """The rubric in the order typed (rows with no order last), without the rows to delete
    and the empty extra rows."""
    return [form.cleaned_data for form in formset.ordered_forms if form.cleaned_data.get("name")]


@require_http_methods(["GET", "POST"])
def round_edit(
    request: HttpRequest, pk: int, year: int, round_id: int | None = None
) -> HttpResponse:
    contract = funds4care_contract(request, pk)
    fund = fund_of(contract, year)
    the_round = get_object_or_404(Round, pk=round_id, fund=fund) if round_id else None
    manager_only(request, contract, "open or change rounds")
    initial = [
        {"id": c.pk, "name": c.name, "guidance": c.guidance, "weight": c.weight, "ORDER": n + 1}
        for n, c in enumerate(the_round.criteria.all() if the_round else [])
    ]
    form = RoundForm(request.POST or None, instance=the_round, contract=contract)
    formset = CriterionFormSet(request.POST or None, initial=initial, prefix="criteria")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        values = {name: form.cleaned_data[name] for name in ("name", "opens_on", "closes_on")}
        try:
            # The round and its rubric together: a refused rubric leaves no round behind.
            with transaction.atomic():
                saved = save_round(
                    fund=fund, by=request.user, round=the_round, values=values,
                    panel=form.cleaned_data["panel"],
                )  # fmt: skip
                set_rubric(round=saved, by=request.user, criteria=_criteria_rows(formset))
        except Funds4CareError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{saved}: saved, with its panel and rubric.")
            return redirect(f"{home_url(contract, year)}#rounds")
    title = f"Change {the_round}" if the_round else f"Open a round of {fund}"
    return render(
        request,
        "funds4care/round_form.html",
        {
            "contract": contract,
            "fund": fund,
            "form": form,
            "formset": formset,
            "title": title,
            "panel_available": form.fields["panel"].queryset.exists(),
            "trail": trail(contract, ("Funds4 Care", home_url(contract, year)), (title, None)),
        },
    )
