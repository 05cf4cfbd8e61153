"""A contract's young people: the list, a young person's page, and adding and changing them
and what is recorded about them (care statuses, placements, outcome assessments, feedback,
information provided, accreditations)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from contracts.access import contract_for_records
from contracts.codes import AGE_BANDS, CARE_STATUSES, OUTCOME_SCORES
from contracts.dates import age_on
from contracts.models import Contract, YoungPerson
from contracts.people import current_care_status_id

from ..filters import YoungPersonFilter
from ..forms import (
    AccreditationForm,
    CareStatusForm,
    FeedbackForm,
    InformationProvidedForm,
    OutcomeAssessmentForm,
    PlacementForm,
    RecordForm,
    YoungPersonForm,
)
from ..queries import outcome_rows, sessions_attended
from .common import View, edit_record, paginate, records_url, trail


def young_person_of(contract: Contract, young_person_pk: int) -> YoungPerson:
    return get_object_or_404(contract.young_people, pk=young_person_pk)


@require_safe
def young_people(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for_records(request, pk)
    today = timezone.localdate()
    people = contract.young_people.with_care_status_on(today).with_age_band_on(today)
    if contract.uses("sessions"):
        people = people.annotate(sessions_count=sessions_attended())
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
            **framework_records(contract, person),
            "section": "young_people",
            "trail": trail(
                contract,
                ("Young people", records_url("young_people", contract)),
                (person.full_name, None),
            ),
        },
    )


def framework_records(contract: Contract, person: YoungPerson) -> dict[str, Any]:
    """What the young person's page shows beside their details and care status: the records of
    the kinds the contract's framework keeps (contracts.frameworks), and no others, so a
    Wolverhampton young person's page holds casework, a Cornwall one's sessions and the rest.
    Querysets, so only the ones the page shows are run."""
    kinds = contract.record_kinds
    records: dict[str, Any] = {}
    if "placements" in kinds:
        records["placements"] = person.placements.order_by("start_date")
    if "sessions" in kinds:
        records["sessions"] = person.sessions_attended.order_by("-date", "ref")
    if "outcomes" in kinds:
        records["outcome_rows"] = outcome_rows(list(person.outcome_assessments.all()))
        records["score_names"] = [name.replace("_", " ").capitalize() for name in OUTCOME_SCORES]
    if "feedback" in kinds:
        records["feedback"] = person.feedback.order_by("-date", "kind")
    if "information" in kinds:
        records["information"] = person.information_provided.order_by("-date")
    if "accreditations" in kinds:
        records["accreditations"] = person.accreditations.order_by("-date", "award")
    if "mentoring" in kinds:
        # Matches where they are the mentee, or the mentor (a mentor who is a young person).
        # The mentoring and Funds4 Care records are reached through their relations (related
        # names): contracts sits below those apps and never imports them.
        records["matches"] = (
            contract.matches.filter(Q(mentee=person) | Q(mentor__young_person=person))
            .select_related("mentor", "mentee")
            .order_by("-start_date", "ref")
        )
    if "funds4care" in kinds:
        records["applications"] = (
            person.f4c_applications.filter(contract=contract)
            .select_related("payment")
            .order_by("-submitted_date", "ref")
        )
        records["f4c_roles"] = person.f4c_roles.order_by("-start_date")
    if "casework" in kinds:
        records["cases"] = (
            person.cases.filter(contract=contract)
            .select_related("key_worker")
            .order_by("-start_date", "ref")
        )
        records["referrals"] = person.referrals.filter(
            contract=contract, case__isnull=True
        ).order_by("-referral_date")
    return records


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
