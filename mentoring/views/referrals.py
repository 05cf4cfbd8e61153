"""Young people referred for a mentor: the list (waiting, matched, withdrawn), referring one,
the matching page (the mentors suggested for them, best first, each with why) and making the
match, and withdrawing a referral. The rules are mentoring.services'; these pages say them."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from contracts.dates import age_on
from contracts.records.views.common import edit_record, paginate

from ..access import contract_for_mentoring
from ..codes import INTERESTS, NEEDS
from ..forms.referrals import MenteeReferralForm, StartForm, WithdrawForm
from ..models import MenteeReferral
from ..services import (
    IN_TRAINING,
    LEFT,
    MentoringRefused,
    default_next_review,
    how_long,
    make_match,
    mentors_with_state,
    state_of,
)
from ..suggestions import suggest
from .common import mentoring_trail, referral_of, show_form, url

STATES = {
    "waiting": "Waiting for a mentor",
    "matched": "Matched",
    "withdrawn": "Withdrawn",
    "all": "All referrals",
}
WAITING = Q(match__isnull=True, withdrawn_date__isnull=True)
FILTERS = {
    "waiting": WAITING,
    "matched": Q(match__isnull=False),
    "withdrawn": Q(withdrawn_date__isnull=False),
}
ORDER = {
    "waiting": ["referral_date", "ref"],  # longest waiting first
    "matched": ["-match__start_date", "ref"],
    "withdrawn": ["-withdrawn_date", "ref"],
    "all": ["-referral_date", "ref"],
}


def needs_in_words(referral: MenteeReferral) -> list[str]:
    return [NEEDS.get(code, code) for code in referral.needs]


def referrals_step(contract) -> tuple[str, str]:
    return ("Mentees referred", url("referrals", contract))


@require_safe
def referrals(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for_mentoring(request, pk)
    today = timezone.localdate()
    state = request.GET.get("state", "waiting")
    if state not in STATES:
        state = "waiting"
    counts = contract.mentee_referrals.aggregate(
        all=Count("pk"), **{key: Count("pk", filter=q) for key, q in FILTERS.items()}
    )
    rows = contract.mentee_referrals.select_related("young_person", "match__mentor")
    if state in FILTERS:
        rows = rows.filter(FILTERS[state])
    page = paginate(request, rows.order_by(*ORDER[state]))
    for referral in page:
        referral.needs_words = needs_in_words(referral)
        referral.waited = how_long((today - referral.referral_date).days)
    return render(
        request,
        "mentoring/referral_list.html",
        {
            "contract": contract,
            "today": today,
            "states": [(key, label, counts[key]) for key, label in STATES.items()],
            "state": state,
            "state_label": STATES[state],
            "page": page,
            "part": "referrals",
            "section": "mentoring",
            "trail": mentoring_trail(contract, ("Mentees referred", None)),
        },
    )


@require_http_methods(["GET", "POST"])
def referral_add(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_for_mentoring(request, pk)
    initial = {}
    chosen = request.GET.get("young_person", "")
    if chosen.isdigit():
        initial["young_person"] = int(chosen)

    def saved(referral: MenteeReferral) -> str:
        messages.info(
            request,
            f"Now find {referral.young_person.first_name} a mentor: the mentors who may match "
            "are below, best first.",
        )
        return url("referral_detail", contract, referral_pk=referral.pk)

    return edit_record(
        request,
        contract=contract,
        form_class=MenteeReferralForm,
        owner=contract,
        title="Refer a young person for a mentor",
        steps=[("Peer mentoring", url("overview", contract)), referrals_step(contract)],
        section="mentoring",
        saved=saved,
        form_kwargs={"initial": initial},
        template="mentoring/form.html",
        context={"part": "referrals"},
    )


def why_none(contract, referral: MenteeReferral, start: date) -> str:
    """Why no mentor is suggested, counted from the mentors' state on `start` (one query)."""
    counts = {"training": 0, "full": 0, "left": 0, "younger": 0}
    for mentor in mentors_with_state(contract, start).exclude(young_person=referral.young_person):
        state = state_of(mentor, start)
        if state.status == LEFT:
            counts["left"] += 1
        elif state.status == IN_TRAINING:
            counts["training"] += 1
        elif not state.can_take_more:
            counts["full"] += 1
        else:
            counts["younger"] += 1
    if not any(counts.values()):
        return "No mentors are recorded on this contract yet."
    said = {
        "training": "{n} not trained by then",
        "full": "{n} already with as many mentees as they take",
        "left": "{n} left",
        "younger": "{n} not older than {name}",
    }
    parts = [
        said[key].format(n=n, name=referral.young_person.first_name)
        for key, n in counts.items()
        if n
    ]
    return f"No trained mentor has room on {start:%-d %B %Y}: " + "; ".join(parts) + "."


@require_safe
def referral_detail(request: HttpRequest, pk: int, referral_pk: int) -> HttpResponse:
    """The matching page: the mentee, what they want, and the mentors suggested for them."""
    contract = contract_for_mentoring(request, pk)
    referral = referral_of(contract, referral_pk)
    person = referral.young_person
    today = timezone.localdate()
    start_form = StartForm(request.GET if "start" in request.GET else None)
    start = (
        start_form.cleaned_data["start"] if start_form.is_bound and start_form.is_valid() else today
    )
    if not start_form.is_bound:
        start_form = StartForm(initial={"start": today})
    suggestions, none_because = [], ""
    if referral.is_waiting:
        suggestions = suggest(referral, start)
        for suggestion in suggestions:
            suggestion.state = state_of(suggestion.mentor, start)
        if not suggestions:
            none_because = why_none(contract, referral, start)
    return render(
        request,
        "mentoring/referral_detail.html",
        {
            "contract": contract,
            "referral": referral,
            "person": person,
            "age": age_on(person.date_of_birth, today),
            "needs": needs_in_words(referral),
            "interests": [INTERESTS.get(code, code) for code in referral.interests],
            "waited": how_long((today - referral.referral_date).days),
            "start": start,
            "start_form": start_form,
            "starts_too_early": start < referral.referral_date,
            "suggestions": suggestions,
            "none_because": none_because,
            "part": "referrals",
            "section": "mentoring",
            "trail": mentoring_trail(
                contract, referrals_step(contract), (f"Referral {referral.ref}", None)
            ),
        },
    )


def referral_match(request: HttpRequest, pk: int, referral_pk: int) -> HttpResponse:
    # Who is asking comes first: another organisation's address answers 404 to any method.
    contract = contract_for_mentoring(request, pk)
    referral = referral_of(contract, referral_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    back = url("referral_detail", contract, referral_pk=referral.pk)
    mentor_id = request.POST.get("mentor", "")
    if not mentor_id.isdigit():
        raise Http404("No such mentor on this contract.")
    mentor = get_object_or_404(contract.mentors, pk=int(mentor_id))
    form = StartForm({"start": request.POST.get("start_date", "")})
    if not form.is_valid():
        messages.error(request, "The start date was not a date: choose the day again.")
        return redirect(back)
    start = form.cleaned_data["start"]
    try:
        match = make_match(referral, mentor=mentor, start_date=start, by=request.user)
    except MentoringRefused as refused:
        messages.error(request, str(refused))
        return redirect(f"{back}?start={start.isoformat()}")
    first_review = default_next_review(contract, match, None)
    messages.success(
        request,
        f"Matched {referral.young_person.full_name} with {mentor.name} from "
        f"{start:%-d %B %Y}. First review due {first_review:%-d %B %Y}.",
    )
    return redirect(url("match_detail", contract, match_pk=match.pk))


@require_http_methods(["GET", "POST"])
def referral_withdraw(request: HttpRequest, pk: int, referral_pk: int) -> HttpResponse:
    contract = contract_for_mentoring(request, pk)
    referral = referral_of(contract, referral_pk)
    back = url("referral_detail", contract, referral_pk=referral.pk)
    if referral.match_id is not None:
        messages.error(
            request,
            f"{referral.young_person.full_name} is matched (match {referral.match.ref}): a "
            "matched referral cannot be withdrawn. Close the match instead.",
        )
        return redirect(back)
    if referral.withdrawn_date is not None:
        messages.info(
            request, f"This referral was withdrawn on {referral.withdrawn_date:%-d %B %Y}."
        )
        return redirect(back)
    form = WithdrawForm(request.POST or None, referral=referral)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            locked = MenteeReferral.objects.select_for_update().get(pk=referral.pk)
            if locked.match_id is not None:
                messages.error(request, "This young person has just been matched: not withdrawn.")
                return redirect(back)
            locked.withdrawn_date = form.cleaned_data["withdrawn_date"]
            locked.withdrawn_reason = form.cleaned_data["withdrawn_reason"].strip()
            locked.save(update_fields=["withdrawn_date", "withdrawn_reason"])
        messages.success(
            request,
            f"Referral {referral.ref} for {referral.young_person.full_name} was withdrawn.",
        )
        return redirect(url("referrals", contract))
    return show_form(
        request,
        contract,
        form,
        title=f"Withdraw referral {referral.ref}",
        steps=[referrals_step(contract), (f"Referral {referral.ref}", back)],
        part="referrals",
        intro=f"{referral.young_person.full_name} will leave the list of mentees waiting. "
        "Refer them again if they want a mentor later.",
    )
