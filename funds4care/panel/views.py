"""The grant panel member's pages: their rounds, a round's applications, and an application to
declare a conflict on and score.

Only panel members use them, and only for the rounds whose panel includes them: any other
round or application is 404, as is every page here for provider staff, commissioners and
administrators (the chair moderates on the contract's pages: moderation.py). The templates get
only what funds4care.panel.pseudonymise lets through, never an Application or a young person,
and name no other user: a panel member's account holds a display name and a login, and a panel
page shows the member their own display name only (in the page's header)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from contracts.models import Role

from ..models import ScoreSheet
from .forms import CONFLICT_QUESTION, SCORE_WORDS, DeclarationForm, ScoreForm, initial_scores
from .pseudonymise import for_panel
from .queries import (
    application_for_member,
    applications_of,
    counts_for,
    criteria_of,
    round_for_member,
    rounds_for,
    scoring_open,
    scoring_opens_on,
    sheets_of,
)
from .services import PanelRefusal, declare, save_scores


def _panel_member(request: HttpRequest):
    if request.user.role != Role.PANEL_MEMBER:
        raise Http404("These pages are the grant panel's.")
    return request.user


def state_of(sheet: ScoreSheet | None, decided: bool) -> tuple[str, str]:
    """A member's state on one application, as (a code for tests and styles, plain words)."""
    if sheet is not None and sheet.conflicted:
        return "conflicted", "Not scoring: you know them or could gain"
    if sheet is not None and sheet.submitted_at:
        return "submitted", "Scores sent"
    if decided:
        return "decided", "The chair has decided"
    if sheet is None:
        return "to_declare", "Start here: one question first"
    return "in_progress", "Scores saved, not sent yet"


def home(request: HttpRequest) -> HttpResponse:
    member = _panel_member(request)
    rounds = list(rounds_for(member).order_by("-closes_on", "name"))
    counts = counts_for(member, rounds)
    today = timezone.localdate()
    return render(
        request,
        "funds4care/panel/home.html",
        {
            "rows": [
                {
                    "round": round_,
                    "counts": counts.get(round_.pk),
                    "open": scoring_open(round_, today),
                    "opens_on": scoring_opens_on(round_),
                }
                for round_ in rounds
            ]
        },
    )


def round_detail(request: HttpRequest, round_pk: int) -> HttpResponse:
    member = _panel_member(request)
    round_ = round_for_member(member, round_pk)
    open_now = scoring_open(round_, timezone.localdate())
    applications = list(applications_of(round_)) if open_now else []
    sheets = sheets_of(member, applications)
    rows = []
    for application in applications:
        shown = for_panel(application)
        code, words = state_of(sheets.get(application.pk), shown.decided)
        rows.append({"application": shown, "state": code, "state_words": words})
    return render(
        request,
        "funds4care/panel/round_detail.html",
        {
            "round": round_,
            "rows": rows,
            "open": open_now,
            "opens_on": scoring_opens_on(round_),
        },
    )


@require_http_methods(["GET", "POST"])
def application_detail(request: HttpRequest, round_pk: int, application_pk: int) -> HttpResponse:
    member = _panel_member(request)
    round_ = round_for_member(member, round_pk)
    application = application_for_member(round_, application_pk)
    today = timezone.localdate()
    here = reverse("f4c_panel:application", args=[round_.pk, application.pk])
    sheet = ScoreSheet.objects.filter(application=application, member=member).first()
    criteria = criteria_of(round_)
    declaration_form, score_form = DeclarationForm(), None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "declare":
                declaration_form = DeclarationForm(request.POST)
                if declaration_form.is_valid():
                    conflicted = declaration_form.cleaned_data["conflicted"]
                    declare(application=application, member=member, conflicted=conflicted, on=today)
                    messages.success(
                        request,
                        "Thank you for telling us. You will not score this application."
                        if conflicted
                        else "Thank you. You can score this application now.",
                    )
                    return redirect(here)
            elif action in ("save", "submit"):
                if sheet is None:
                    raise PanelRefusal(
                        "Please answer the question about knowing this young person first."
                    )
                score_form = ScoreForm(request.POST, criteria=criteria)
                if score_form.is_valid():
                    save_scores(
                        sheet=sheet,
                        criteria=criteria,
                        values=score_form.values(),
                        comments=score_form.comments(),
                        submit=action == "submit",
                        on=today,
                    )
                    messages.success(
                        request,
                        "Your scores are sent to the panel's chair. Thank you!"
                        if action == "submit"
                        else "Your scores are saved. You can come back and finish them later.",
                    )
                    return redirect(here)
            else:
                raise PanelRefusal("Something went wrong with that button. Please try again.")
        except PanelRefusal as refusal:
            messages.error(request, refusal.message)
            if not refusal.keep_what_was_typed:
                return redirect(here)
    shown = for_panel(application, list(application.files.values_list("name", flat=True)))
    code, words = state_of(sheet, shown.decided)
    read_only = code in ("submitted", "decided")
    if sheet is not None and not sheet.conflicted and score_form is None:
        score_form = ScoreForm(
            criteria=criteria, initial=initial_scores(sheet.scores.all()), disabled=read_only
        )
    return render(
        request,
        "funds4care/panel/application_detail.html",
        {
            "round": round_,
            "application": shown,
            "sheet": sheet,
            "state": code,
            "state_words": words,
            "open": scoring_open(round_, today),
            "opens_on": scoring_opens_on(round_),
            "read_only": read_only,
            "declaration_form": declaration_form,
            "score_form": score_form,
            "question": CONFLICT_QUESTION,
            "score_words": SCORE_WORDS,
        },
    )
