"""A case's page, and recording its contacts, plans, assessments and closure from it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.db import IntegrityError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from ...dates import add_working_days
from ...models import Case, Contract, PlannedContact, SupportPlan
from ...records.forms import LOCALITY_LIST_ID
from ...records.views.common import edit_record, records_url, trail
from ..access import contract_for_casework
from ..forms import (
    AssessmentForm,
    CloseCaseForm,
    ContactForm,
    PlannedContactForm,
    PlanReviewForm,
    SupportPlanForm,
)
from ..services import CaseworkRefused, Involvement, Timeliness, close_case, record_contact


def case_of(contract: Contract, case_pk: int) -> Case:
    return get_object_or_404(
        contract.cases.select_related("young_person", "key_worker", "referral"), pk=case_pk
    )


def case_url(case: Case, anchor: str = "") -> str:
    url = records_url("case_detail", case.contract, case_pk=case.pk)
    return f"{url}#{anchor}" if anchor else url


def case_steps(case: Case) -> list[tuple[str, str | None]]:
    return [
        ("Caseloads", records_url("caseloads", case.contract)),
        (f"{case.young_person.full_name} ({case.ref})", case_url(case)),
    ]


@require_safe
def case_detail(request: HttpRequest, pk: int, case_pk: int) -> HttpResponse:
    contract = contract_for_casework(request, pk)
    case = case_of(contract, case_pk)
    today = timezone.localdate()
    contacts = list(
        case.contacts.select_related("recorded_by").order_by(
            "-contact_date", "-contact_time", "-ref"
        )
    )
    for contact in contacts:
        contact.timeliness = Timeliness.of(contact.contact_date, contact.recorded_date, contract)
    planned = list(case.planned_contacts.filter(contact__isnull=True).order_by("date", "time"))
    for visit in planned:
        visit.happened = visit.date <= today
        visit.due_by = add_working_days(visit.date, contract.record_timeframe_days)
        visit.overdue = today > visit.due_by
    plans = list(case.plans.prefetch_related(Prefetch("reviews")).order_by("-agreed_date", "-pk"))
    current_plan = plans[0] if plans else None
    review_due = None
    if current_plan is not None:
        reviews = list(current_plan.reviews.all())
        review_due = reviews[0].next_review_date if reviews else current_plan.review_date
    late = sum(1 for contact in contacts if not contact.timeliness.in_time)
    return render(
        request,
        "contracts/casework/case_detail.html",
        {
            "contract": contract,
            "case": case,
            "person": case.young_person,
            "referral": case.referral,
            "involvement": Involvement.of(case, contract, today),
            "contacts": contacts,
            "late_count": late,
            "to_record": [visit for visit in planned if visit.happened],
            "upcoming": [visit for visit in planned if not visit.happened],
            "current_plan": current_plan,
            "earlier_plans": plans[1:],
            "review_due": review_due,
            "review_overdue": review_due is not None and review_due < today and not case.end_date,
            "assessments": case.assessments.order_by("-date", "-ref"),
            # Closed (even today): no more work is started from its page.
            "is_open": case.end_date is None,
            "today": today,
            "section": "caseloads",
            "trail": trail(
                contract,
                ("Caseloads", records_url("caseloads", contract)),
                (f"{case.young_person.full_name} ({case.ref})", None),
            ),
        },
    )


def _contact_form_page(
    request: HttpRequest,
    contract: Contract,
    case: Case,
    form: ContactForm,
    title: str,
    **extra: Any,
) -> HttpResponse:
    form.helper.form_tag = False  # the page's own form carries the planned contact too
    return render(
        request,
        "contracts/casework/contact_form.html",
        {
            "contract": contract,
            "case": case,
            "form": form,
            "title": title,
            "timeframe": contract.record_timeframe_days,
            "in_time_from": in_time_from(contract),
            "section": "caseloads",
            "trail": trail(contract, *case_steps(case), (title, None)),
            "cancel_url": case_url(case),
            "locality_list_id": LOCALITY_LIST_ID,
            **extra,
        },
    )


def in_time_from(contract: Contract) -> date:
    """The earliest contact date still on time if it is recorded today."""
    today = timezone.localdate()
    day = today
    while Timeliness.of(day - timedelta(days=1), today, contract).in_time:
        day -= timedelta(days=1)
    return day


@require_http_methods(["GET", "POST"])
def contact_add(request: HttpRequest, pk: int, case_pk: int) -> HttpResponse:
    """Record a contact; from a planned one (?planned=) its details are filled in. The day it
    is recorded is today, set here, and the page says at once whether that is on time."""
    contract = contract_for_casework(request, pk)
    case = case_of(contract, case_pk)
    planned = None
    planned_id = request.POST.get("planned") or request.GET.get("planned")
    if planned_id and str(planned_id).isdigit():
        planned = case.planned_contacts.filter(pk=planned_id, contact__isnull=True).first()
    initial = {}
    if planned is not None:
        initial = {
            "contact_date": planned.date,
            "contact_time": planned.time,
            "kind": planned.kind,
            "with_whom": planned.with_whom,
        }
    form = ContactForm(request.POST or None, owner=contract, case=case, initial=initial or None)
    if request.method == "POST" and form.is_valid():
        contact = form.instance
        contact._from_plan = planned
        try:
            record_contact(contact, by=request.user, today=timezone.localdate())
        except IntegrityError:
            form.add_error(None, "Someone has just saved a contact that clashes with this one.")
        else:
            timeliness = Timeliness.of(contact.contact_date, contact.recorded_date, contract)
            report = messages.success if timeliness.in_time else messages.warning
            report(request, f"Contact {contact.ref} recorded. {timeliness.words}")
            return redirect(case_url(case, "contacts"))
    return _contact_form_page(request, contract, case, form, "Record a contact", planned=planned)


@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, pk: int, case_pk: int, record_pk: int) -> HttpResponse:
    """Correct a contact: the day it was first recorded stays as it was (A2.7 counts that)."""
    contract = contract_for_casework(request, pk)
    case = case_of(contract, case_pk)
    contact = get_object_or_404(case.contacts, pk=record_pk)
    form = ContactForm(request.POST or None, instance=contact, owner=contract, case=case)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["contact_date"] > contact.recorded_date:
            form.add_error(
                "contact_date",
                f"It was recorded on {contact.recorded_date:%-d %B %Y}: it cannot have happened "
                "after that.",
            )
        else:
            form.save()
            messages.success(request, f"Contact {contact.ref} was saved.")
            return redirect(case_url(case, "contacts"))
    return _contact_form_page(
        request, contract, case, form, f"Change contact {contact.ref}", contact=contact
    )


def _case_record_view(form_class, *, noun: str, anchor: str, owner_is_case: bool):
    """Add (and change) one kind of record of a case, with the case from the URL."""

    def show(request, contract, case, record, title):
        return edit_record(
            request,
            contract=contract,
            form_class=form_class,
            owner=case if owner_is_case else contract,
            instance=record,
            title=title,
            steps=case_steps(case),
            section="caseloads",
            saved=lambda _record: case_url(case, anchor),
            form_kwargs={"case": case},
        )

    return show


_show_planned = _case_record_view(
    PlannedContactForm, noun="a contact", anchor="planned", owner_is_case=True
)
_show_assessment = _case_record_view(
    AssessmentForm, noun="an assessment", anchor="assessments", owner_is_case=False
)
_show_plan = _case_record_view(SupportPlanForm, noun="a plan", anchor="plan", owner_is_case=True)


@require_http_methods(["GET", "POST"])
def planned_contact_add(request: HttpRequest, pk: int, case_pk: int) -> HttpResponse:
    contract = contract_for_casework(request, pk)
    case = case_of(contract, case_pk)
    return _show_planned(request, contract, case, None, "Plan a contact")


@require_http_methods(["GET", "POST"])
def assessment_add(request: HttpRequest, pk: int, case_pk: int) -> HttpResponse:
    contract = contract_for_casework(request, pk)
    case = case_of(contract, case_pk)
    return _show_assessment(request, contract, case, None, "Record an assessment")


@require_http_methods(["GET", "POST"])
def assessment_edit(request: HttpRequest, pk: int, case_pk: int, record_pk: int) -> HttpResponse:
    contract = contract_for_casework(request, pk)
    case = case_of(contract, case_pk)
    record = get_object_or_404(case.assessments, pk=record_pk)
    return _show_assessment(request, contract, case, record, f"Change assessment {record.ref}")


@require_http_methods(["GET", "POST"])
def plan_add(request: HttpRequest, pk: int, case_pk: int) -> HttpResponse:
    contract = contract_for_casework(request, pk)
    case = case_of(contract, case_pk)
    return _show_plan(request, contract, case, None, "Agree a support plan")


@require_http_methods(["GET", "POST"])
def plan_review_add(request: HttpRequest, pk: int, case_pk: int, record_pk: int) -> HttpResponse:
    contract = contract_for_casework(request, pk)
    case = case_of(contract, case_pk)
    plan = get_object_or_404(SupportPlan.objects.filter(case=case), pk=record_pk)
    return edit_record(
        request,
        contract=contract,
        form_class=PlanReviewForm,
        owner=plan,
        title="Review the support plan",
        steps=case_steps(case),
        section="caseloads",
        saved=lambda _record: case_url(case, "plan"),
    )


@require_http_methods(["GET", "POST"])
def case_close(request: HttpRequest, pk: int, case_pk: int) -> HttpResponse:
    contract = contract_for_casework(request, pk)
    case = case_of(contract, case_pk)
    if case.end_date is not None:
        messages.info(request, f"Case {case.ref} is already closed.")
        return redirect(case_url(case))
    form = CloseCaseForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            close_case(
                case,
                end_date=form.cleaned_data["end_date"],
                outcome=form.cleaned_data["closure_outcome"],
                reason=form.cleaned_data["closure_reason"],
                note=form.cleaned_data["closure_note"],
                by=request.user,
            )
        except CaseworkRefused as refusal:
            messages.error(request, str(refusal))
        else:
            involvement = Involvement.of(case, contract, timezone.localdate())
            note = f" {involvement.flag}." if involvement.flag else ""
            messages.success(request, f"Case {case.ref} closed after {involvement.words}.{note}")
        return redirect(case_url(case))
    waiting = PlannedContact.objects.filter(case=case, contact__isnull=True).count()
    title = f"Close case {case.ref}"
    return render(
        request,
        "contracts/casework/case_close.html",
        {
            "contract": contract,
            "case": case,
            "form": form,
            "waiting": waiting,
            "involvement": Involvement.of(case, contract, timezone.localdate()),
            "title": title,
            "section": "caseloads",
            "trail": trail(contract, *case_steps(case), (title, None)),
            "cancel_url": case_url(case),
        },
    )
