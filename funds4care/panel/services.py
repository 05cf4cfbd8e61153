"""The panel member's writes: declaring a conflict of interest, saving scores to come back to,
and submitting them once. Free of HTTP: a refusal is a PanelRefusal whose message the page
shows as it is, in words a young person understands."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from ..models import Application, Criterion, Score, ScoreSheet
from .queries import scoring_open, scoring_opens_on

NOT_APPLICABLE = "na"


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


class PanelRefusal(Exception):
    """Why the panel member cannot do this; the message is shown to them."""

    def __init__(self, message: str, *, keep_what_was_typed: bool = False) -> None:
        super().__init__(message)
        self.message = message
        # The form is shown again as the member filled it in, rather than as it was saved.
        self.keep_what_was_typed = keep_what_was_typed


def check_scoring_open(*, application: Application, on: date) -> None:
    round_ = application.round
    if not scoring_open(round_, on):
        raise PanelRefusal(
            f"Scoring for {round_.name} starts on {long_date(scoring_opens_on(round_))}, "
            "once every application is in."
        )
    if application.decision != "pending":
        raise PanelRefusal(
            "The panel's chair has already made a decision on this application, "
            "so its scores can no longer change."
        )


@transaction.atomic
def declare(*, application: Application, member, conflicted: bool, on: date) -> ScoreSheet:
    """Record the member's answer to the conflict question, once. A member who said "no" may
    still say "yes" later, until they submit: their scores are then set aside (deleted)."""
    check_scoring_open(application=application, on=on)
    sheet = (
        ScoreSheet.objects.select_for_update()
        .filter(application=application, member=member)
        .first()
    )
    if sheet is None:
        return ScoreSheet.objects.create(
            application=application, member=member, conflicted=conflicted
        )
    if sheet.conflicted:
        raise PanelRefusal(
            "You have already told us you know this young person or could gain from this "
            "grant, so you will not score it."
        )
    if not conflicted:
        return sheet
    if sheet.submitted_at is not None:
        raise PanelRefusal(
            "You have already submitted your scores for this application. If you know this "
            "young person, please tell the panel's chair."
        )
    sheet.scores.all().delete()
    sheet.conflicted = True
    sheet.save(update_fields=["conflicted"])
    return sheet


@transaction.atomic
def save_scores(
    *,
    sheet: ScoreSheet,
    criteria: list[Criterion],
    values: dict[int, str | None],
    comments: dict[int, str],
    submit: bool,
    on: date,
) -> ScoreSheet:
    """Keep the member's scores: `values` maps a criterion's id to "0" to "5", NOT_APPLICABLE,
    or None (not chosen yet). Saving keeps what is chosen; submitting needs every criterion
    scored or "not applicable", and happens once (the sheet's row is locked while checked, so a
    double click submits once)."""
    sheet = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
    check_scoring_open(application=sheet.application, on=on)
    if sheet.conflicted:
        raise PanelRefusal(
            "You told us you know this young person or could gain from this grant, so you "
            "cannot score this application. Thank you for being honest."
        )
    if sheet.submitted_at is not None:
        raise PanelRefusal(
            "You have already submitted your scores for this application. They cannot be "
            "changed now."
        )
    missing = [c.name for c in criteria if values.get(c.pk) is None]
    if submit and missing:
        raise PanelRefusal(
            "Please give a score, or choose “Does not apply”, for: " + ", ".join(missing) + ".",
            keep_what_was_typed=True,
        )
    existing = {score.criterion_id: score for score in sheet.scores.all()}
    for criterion in criteria:
        chosen = values.get(criterion.pk)
        score = existing.get(criterion.pk)
        if chosen is None:
            if score is not None:
                score.delete()
            continue
        value = None if chosen == NOT_APPLICABLE else int(chosen)
        comment = comments.get(criterion.pk, "").strip()
        if score is None:
            Score.objects.create(sheet=sheet, criterion=criterion, value=value, comment=comment)
        elif (score.value, score.comment) != (value, comment):
            score.value, score.comment = value, comment
            score.save(update_fields=["value", "comment"])
    if submit:
        sheet.submitted_at = timezone.now()
        sheet.save(update_fields=["submitted_at"])
    return sheet
