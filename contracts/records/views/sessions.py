"""A contract's sessions: the list, adding and changing one, and its register."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from contracts.access import contract_for_records
from contracts.models import Attendance, Session

from ..filters import SessionFilter
from ..forms import RegisterForm, SessionForm
from ..queries import name_or_ref_matches
from ..services import record_attendance
from .common import edit_record, paginate, records_url, trail


@require_safe
def sessions(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for_records(request, pk)
    filterset = SessionFilter(request.GET or None, contract.sessions.all(), contract=contract)
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
