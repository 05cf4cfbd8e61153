"""The provider's screens for a contract's records: young people and what is recorded about
them, sessions and their register, initiatives and additional funding.

Every view starts with contract_for_records(request, pk) (provider staff and administrators;
a commissioner gets 403, another organisation 404), and fetches any record named in the URL
from that contract's own records, so another contract's record answers 404 too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from .access import contract_for_records
from .codes import AGE_BANDS, CARE_STATUSES, FUNDING_STATUSES, OUTCOME_SCORES
from .dates import age_on
from .filters import SessionFilter, YoungPersonFilter
from .models import Attendance, Contract, Session, YoungPerson
from .people import current_care_status_id
from .record_forms import (
    LOCALITY_LIST_ID,
    AccreditationForm,
    AdditionalFundingForm,
    CareStatusForm,
    FeedbackForm,
    InformationProvidedForm,
    InitiativeForm,
    OutcomeAssessmentForm,
    PlacementForm,
    RecordForm,
    RegisterForm,
    SessionForm,
    YoungPersonForm,
)
from .record_queries import name_or_ref_matches, outcome_rows, sessions_attended
from .record_services import record_attendance

PAGE_SIZE = 25

Trail = list[tuple[str, str | None]]
View = Callable[..., HttpResponse]


# --- helpers shared by the views -------------------------------------------------------------


def trail(contract: Contract, *steps: tuple[str, str | None]) -> Trail:
    """Breadcrumbs from the home page through the contract; the last step is this page."""
    return [("Contracts", reverse("home")), (contract.ref, contract.get_absolute_url()), *steps]


def records_url(name: str, contract: Contract, **kwargs: int) -> str:
    return reverse(f"contracts:{name}", kwargs={"pk": contract.pk, **kwargs})


def paginate(request: HttpRequest, records: QuerySet) -> Page:
    return Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))


def young_person_of(contract: Contract, young_person_pk: int) -> YoungPerson:
    return get_object_or_404(contract.young_people, pk=young_person_pk)


def edit_record(
    request: HttpRequest,
    *,
    contract: Contract,
    form_class: type[RecordForm],
    owner: Any,
    instance: Any = None,
    title: str,
    steps: Trail,
    section: str,
    saved: Callable[[Any], str],
) -> HttpResponse:
    """Show a record's form, and save it when it is valid; `saved(record)` is where to go next.

    The form checks the record's keys and dates, so a person sees a message beside the field;
    the database constraints stay the last word if two people save the same key at once.
    """
    if request.method == "POST":
        form = form_class(request.POST, instance=instance, owner=owner)
        if form.is_valid():
            try:
                with transaction.atomic():
                    record = form.save()
            except IntegrityError:
                form.add_error(
                    None,
                    "Someone has just saved a record that clashes with this one. "
                    "Check the list and try again.",
                )
            else:
                messages.success(request, f"{record} was saved.")
                return redirect(saved(record))
    else:
        form = form_class(instance=instance, owner=owner)
    cancel = steps[-1][1] if steps else contract.get_absolute_url()
    return render(
        request,
        "contracts/records/record_form.html",
        {
            "contract": contract,
            "form": form,
            "title": title,
            "trail": trail(contract, *steps, (title, None)),
            "section": section,
            "cancel_url": cancel,
            "locality_list_id": LOCALITY_LIST_ID,
        },
    )


# --- young people ----------------------------------------------------------------------------


@require_safe
def young_people(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for_records(request, pk)
    today = timezone.localdate()
    people = (
        contract.young_people.with_care_status_on(today)
        .with_age_band_on(today)
        .annotate(sessions_count=sessions_attended())
    )
    filterset = YoungPersonFilter(request.GET or None, people, contract=contract, today=today)
    page = paginate(request, filterset.qs.order_by("last_name", "first_name", "ref"))
    for person in page:
        person.age = age_on(person.date_of_birth, today)
        person.age_band_label = AGE_BANDS[person.age_band]
        person.care_status_label = CARE_STATUSES[person.care_status]
    return render(
        request,
        "contracts/records/young_person_list.html",
        {
            "contract": contract,
            "filter": filterset,
            "page": page,
            "today": today,
            "section": "young_people",
            "trail": trail(contract, ("Young people", None)),
        },
    )


@require_safe
def young_person_detail(request: HttpRequest, pk: int, young_person_pk: int) -> HttpResponse:
    contract = contract_for_records(request, pk)
    today = timezone.localdate()
    person = get_object_or_404(
        contract.young_people.with_age_band_on(today).annotate(
            current_care_status_id=current_care_status_id(today)
        ),
        pk=young_person_pk,
    )
    care_statuses = list(person.care_statuses.order_by("start_date"))
    current = next((s for s in care_statuses if s.pk == person.current_care_status_id), None)
    # Matches where they are the mentee, or the mentor (a mentor who is a young person). The
    # mentoring and Funds4 Care records are reached through their relations (related names):
    # contracts sits below those apps and never imports them.
    matches = (
        contract.matches.filter(Q(mentee=person) | Q(mentor__young_person=person))
        .select_related("mentor", "mentee")
        .order_by("-start_date", "ref")
    )
    age = age_on(person.date_of_birth, today)
    return render(
        request,
        "contracts/records/young_person_detail.html",
        {
            "contract": contract,
            "person": person,
            "today": today,
            "age": age,
            "age_band_label": AGE_BANDS[person.age_band],
            "care_statuses": care_statuses,
            "current_care_status": current,
            "placements": person.placements.order_by("start_date"),
            "sessions": person.sessions_attended.order_by("-date", "ref"),
            "outcome_rows": outcome_rows(list(person.outcome_assessments.all())),
            "score_names": [name.replace("_", " ").capitalize() for name in OUTCOME_SCORES],
            "feedback": person.feedback.order_by("-date", "kind"),
            "information": person.information_provided.order_by("-date"),
            "accreditations": person.accreditations.order_by("-date", "award"),
            "matches": matches,
            "applications": person.f4c_applications.filter(contract=contract).order_by(
                "-submitted_date", "ref"
            ),
            "f4c_roles": person.f4c_roles.order_by("-start_date"),
            "cases": person.cases.filter(contract=contract)
            .select_related("key_worker")
            .order_by("-start_date", "ref"),
            "section": "young_people",
            "trail": trail(
                contract,
                ("Young people", records_url("young_people", contract)),
                (person.full_name, None),
            ),
        },
    )


def young_person_url(person: YoungPerson, anchor: str = "") -> str:
    url = reverse(
        "contracts:young_person_detail",
        kwargs={"pk": person.contract_id, "young_person_pk": person.pk},
    )
    return f"{url}#{anchor}" if anchor else url


@require_http_methods(["GET", "POST"])
def young_person_add(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for_records(request, pk)
    return edit_record(
        request,
        contract=contract,
        form_class=YoungPersonForm,
        owner=contract,
        title="Add a young person",
        steps=[("Young people", records_url("young_people", contract))],
        section="young_people",
        saved=young_person_url,
    )


@require_http_methods(["GET", "POST"])
def young_person_edit(request: HttpRequest, pk: int, young_person_pk: int) -> HttpResponse:
    contract = contract_for_records(request, pk)
    person = young_person_of(contract, young_person_pk)
    return edit_record(
        request,
        contract=contract,
        form_class=YoungPersonForm,
        owner=contract,
        instance=person,
        title=f"Change {person.full_name}'s details",
        steps=[
            ("Young people", records_url("young_people", contract)),
            (person.full_name, young_person_url(person)),
        ],
        section="young_people",
        saved=young_person_url,
    )


def young_person_record_views(
    form_class: type[RecordForm], *, noun: str, anchor: str
) -> tuple[View, View]:
    """The add and edit views of one kind of record kept on a young person's page: both find
    the young person in the contract, and the record among that young person's own."""
    model = form_class._meta.model

    def show(
        request: HttpRequest, contract: Contract, person: YoungPerson, record: Any, title: str
    ) -> HttpResponse:
        return edit_record(
            request,
            contract=contract,
            form_class=form_class,
            owner=person,
            instance=record,
            title=title,
            steps=[
                ("Young people", records_url("young_people", contract)),
                (person.full_name, young_person_url(person)),
            ],
            section="young_people",
            saved=lambda _record: young_person_url(person, anchor),
        )

    @require_http_methods(["GET", "POST"])
    def add(request: HttpRequest, pk: int, young_person_pk: int) -> HttpResponse:
        contract = contract_for_records(request, pk)
        person = young_person_of(contract, young_person_pk)
        return show(request, contract, person, None, f"Add {noun} for {person.full_name}")

    @require_http_methods(["GET", "POST"])
    def edit(request: HttpRequest, pk: int, young_person_pk: int, record_pk: int) -> HttpResponse:
        contract = contract_for_records(request, pk)
        person = young_person_of(contract, young_person_pk)
        record = get_object_or_404(model.objects.filter(young_person=person), pk=record_pk)
        return show(request, contract, person, record, f"Change {noun} for {person.full_name}")

    name = model._meta.model_name
    add.__name__, edit.__name__ = f"{name}_add", f"{name}_edit"
    add.__qualname__, edit.__qualname__ = add.__name__, edit.__name__
    return add, edit


care_status_add, care_status_edit = young_person_record_views(
    CareStatusForm, noun="a care status", anchor="care-status"
)
placement_add, placement_edit = young_person_record_views(
    PlacementForm, noun="a placement", anchor="placements"
)
outcome_assessment_add, outcome_assessment_edit = young_person_record_views(
    OutcomeAssessmentForm, noun="an outcome assessment", anchor="outcomes"
)
feedback_add, feedback_edit = young_person_record_views(
    FeedbackForm, noun="feedback", anchor="feedback"
)
information_add, information_edit = young_person_record_views(
    InformationProvidedForm, noun="information provided", anchor="information"
)
accreditation_add, accreditation_edit = young_person_record_views(
    AccreditationForm, noun="an accreditation", anchor="accreditations"
)


# --- sessions and the register ---------------------------------------------------------------


@require_safe
def sessions(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for_records(request, pk)
    filterset = SessionFilter(request.GET or None, contract.sessions.all())
    totals = filterset.qs.aggregate(count=Count("pk"), hours=Sum("duration_hours"))
    # An aggregate drops the model's default ordering, so the order is said again here.
    page = paginate(
        request, filterset.qs.annotate(attended=Count("attendance")).order_by("-date", "ref")
    )
    return render(
        request,
        "contracts/records/session_list.html",
        {
            "contract": contract,
            "filter": filterset,
            "page": page,
            "totals": totals,
            "section": "sessions",
            "trail": trail(contract, ("Sessions", None)),
        },
    )


def register_url(session: Session) -> str:
    return reverse(
        "contracts:session_register", kwargs={"pk": session.contract_id, "session_pk": session.pk}
    )


@require_http_methods(["GET", "POST"])
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for_records(request, pk)
    return edit_record(
        request,
        contract=contract,
        form_class=SessionForm,
        owner=contract,
        title="Add a session",
        steps=[("Sessions", records_url("sessions", contract))],
        section="sessions",
        saved=register_url,
    )


@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    contract = contract_for_records(request, pk)
    session = get_object_or_404(contract.sessions, pk=session_pk)
    return edit_record(
        request,
        contract=contract,
        form_class=SessionForm,
        owner=contract,
        instance=session,
        title=f"Change {session.title}",
        steps=[
            ("Sessions", records_url("sessions", contract)),
            (str(session), register_url(session)),
        ],
        section="sessions",
        saved=register_url,
    )


@require_http_methods(["GET", "POST"])
def session_register(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    """Tick who attended, save once: the attendance becomes exactly the ticked set."""
    contract = contract_for_records(request, pk)
    session = get_object_or_404(
        contract.sessions.annotate(attended_count=Count("attendance")), pk=session_pk
    )
    ticked: set[int] | None = None
    if request.method == "POST":
        form = RegisterForm(request.POST, contract=contract)
        if form.is_valid():
            change = record_attendance(
                session=session,
                young_person_ids=[p.pk for p in form.cleaned_data["attended"]],
                by=request.user,
            )
            messages.success(
                request,
                f"Attendance saved: {change.attended} attended "
                f"({change.added} added, {change.removed} removed).",
            )
            return redirect(register_url(session))
        # Keep what they ticked on the page, so fixing the problem does not mean ticking again.
        ticked = {int(value) for value in request.POST.getlist("attended") if value.isdigit()}
    else:
        form = RegisterForm(contract=contract)

    query = request.GET.get("q", "").strip()
    attending = Exists(Attendance.objects.filter(session=session, young_person=OuterRef("pk")))
    # By first name: the name a worker knows them by at a session.
    people = contract.young_people.annotate(attending=attending).order_by(
        "first_name", "last_name", "ref"
    )
    if query:
        # Without JavaScript the search narrows the list here; everyone already recorded stays
        # on it, so saving never drops a person the search happened to hide.
        people = people.filter(name_or_ref_matches(query) | Q(attending=True))
    rows = [
        {
            "person": person,
            "ticked": person.pk in ticked if ticked is not None else person.attending,
        }
        for person in people
    ]
    return render(
        request,
        "contracts/records/session_register.html",
        {
            "contract": contract,
            "session": session,
            "form": form,
            "rows": rows,
            "ticked_count": sum(row["ticked"] for row in rows),
            "query": query,
            "section": "sessions",
            "trail": trail(
                contract, ("Sessions", records_url("sessions", contract)), (str(session), None)
            ),
        },
    )


# --- initiatives and additional funding ------------------------------------------------------


@require_safe
def initiatives(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for_records(request, pk)
    return render(
        request,
        "contracts/records/initiative_list.html",
        {
            "contract": contract,
            "page": paginate(request, contract.initiatives.order_by("-date", "ref")),
            "section": "initiatives",
            "trail": trail(contract, ("Initiatives", None)),
        },
    )


@require_http_methods(["GET", "POST"])
def initiative_add(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for_records(request, pk)
    return edit_record(
        request,
        contract=contract,
        form_class=InitiativeForm,
        owner=contract,
        title="Add an initiative",
        steps=[("Initiatives", records_url("initiatives", contract))],
        section="initiatives",
        saved=lambda _record: records_url("initiatives", contract),
    )


@require_http_methods(["GET", "POST"])
def initiative_edit(request: HttpRequest, pk: int, initiative_pk: int) -> HttpResponse:
    contract = contract_for_records(request, pk)
    initiative = get_object_or_404(contract.initiatives, pk=initiative_pk)
    return edit_record(
        request,
        contract=contract,
        form_class=InitiativeForm,
        owner=contract,
        instance=initiative,
        title=f"Change {initiative.title}",
        steps=[("Initiatives", records_url("initiatives", contract))],
        section="initiatives",
        saved=lambda _record: records_url("initiatives", contract),
    )


@require_safe
def additional_funding(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for_records(request, pk)
    by_status = dict(
        contract.additional_funding.order_by()
        .values("status")
        .annotate(total=Sum("amount"))
        .values_list("status", "total")
    )
    return render(
        request,
        "contracts/records/additional_funding_list.html",
        {
            "contract": contract,
            "page": paginate(request, contract.additional_funding.order_by("-date", "ref")),
            "totals": [(label, by_status.get(code, 0)) for code, label in FUNDING_STATUSES.items()],
            "section": "additional_funding",
            "trail": trail(contract, ("Additional funding", None)),
        },
    )


@require_http_methods(["GET", "POST"])
def additional_funding_add(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for_records(request, pk)
    return edit_record(
        request,
        contract=contract,
        form_class=AdditionalFundingForm,
        owner=contract,
        title="Add additional funding",
        steps=[("Additional funding", records_url("additional_funding", contract))],
        section="additional_funding",
        saved=lambda _record: records_url("additional_funding", contract),
    )


@require_http_methods(["GET", "POST"])
def additional_funding_edit(request: HttpRequest, pk: int, funding_pk: int) -> HttpResponse:
    contract = contract_for_records(request, pk)
    funding = get_object_or_404(contract.additional_funding, pk=funding_pk)
    return edit_record(
        request,
        contract=contract,
        form_class=AdditionalFundingForm,
        owner=contract,
        instance=funding,
        title=f"Change {funding.source}",
        steps=[("Additional funding", records_url("additional_funding", contract))],
        section="additional_funding",
        saved=lambda _record: records_url("additional_funding", contract),
    )
