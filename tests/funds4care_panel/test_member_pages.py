"""A young panel member's pages: their rounds, a round's applications, declaring a conflict,
saving scores to come back to, and submitting once."""

from datetime import date

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from funds4care.models import Round, Score, ScoreSheet

from .conftest import application_in

pytestmark = pytest.mark.django_db


def page_of(application):
    return reverse("f4c_panel:application", args=[application.round_id, application.pk])


def declare(client, application, answer: str):
    return client.post(
        page_of(application), {"action": "declare", "conflicted": answer}, follow=True
    )


def scores(criteria, values, comments=None, action="save"):
    data = {"action": action}
    for criterion, value in zip(criteria, values, strict=True):
        if value is not None:
            data[f"score_{criterion.pk}"] = value
    for criterion, comment in zip(criteria, comments or [], strict=False):
        data[f"comment_{criterion.pk}"] = comment
    return data


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_home_page_of_a_panel_member_is_their_rounds_with_what_waits(
    client, kai, ruby, autumn, criteria, jade
):
    first = application_in(autumn, jade, "F4C-0001")
    second = application_in(autumn, jade, "F4C-0002")
    third = application_in(autumn, jade, "F4C-0003")
    application_in(autumn, jade, "F4C-0004", decision="declined", decline_reason="Over the cap")
    ScoreSheet.objects.create(application=first, member=kai, conflicted=False)
    ScoreSheet.objects.create(application=second, member=kai, conflicted=True)
    ScoreSheet.objects.create(application=third, member=ruby, conflicted=False)
    client.force_login(kai)
    response = client.get(reverse("home"), follow=True)
    assertContains(response, "My grant rounds")
    assertContains(response, "Autumn round")
    # Undecided: three; Kai declared on two of them (one conflicted); Ruby's sheet is hers.
    assertContains(response, '<strong data-testid="to-declare">1</strong>', html=False)
    assertContains(response, '<strong data-testid="in-progress">1</strong>', html=False)
    assertContains(response, '<strong data-testid="submitted">0</strong>', html=False)
    assertContains(response, '<strong data-testid="conflicted">1</strong>', html=False)


def test_a_round_not_yet_closed_says_when_scoring_starts(client, kai, fund, jade):
    winter = Round.objects.create(
        fund=fund, name="Winter round", opens_on=date(2026, 11, 1), closes_on=date(2026, 11, 30)
    )
    winter.panel.add(kai)
    application = application_in(winter, jade, "F4C-0009")
    client.force_login(kai)
    assertContains(client.get(reverse("f4c_panel:home")), "Scoring starts on 1 December 2026")
    response = client.get(reverse("f4c_panel:round", args=[winter.pk]))
    assertContains(response, "Scoring starts on 1 December 2026")
    assertNotContains(response, "F4C-0009")
    response = declare(client, application, "no")
    assert response.redirect_chain == [(page_of(application), 302)]
    assert messages_of(response) == [
        "Scoring for Winter round starts on 1 December 2026, once every application is in."
    ]
    assert not ScoreSheet.objects.exists()


def test_the_round_lists_its_submitted_applications_by_reference_with_the_members_state(
    client, kai, autumn, criteria, jade
):
    done = application_in(autumn, jade, "F4C-0001")
    application_in(autumn, jade, "F4C-0002")
    application_in(autumn, jade, "F4C-0003", stage="draft", submitted_date=None)
    application_in(autumn, jade, "F4C-0004", stage="withdrawn")
    ScoreSheet.objects.create(
        application=done, member=kai, conflicted=False, submitted_at="2026-11-05T10:00Z"
    )
    client.force_login(kai)
    response = client.get(reverse("f4c_panel:round", args=[autumn.pk]))
    assert [row["application"].ref for row in response.context["rows"]] == [
        "F4C-0001",
        "F4C-0002",
    ]
    assert [row["state"] for row in response.context["rows"]] == ["submitted", "to_declare"]
    assertContains(response, "Scores sent")
    assertContains(response, "Start here: one question first")


def test_a_member_answers_the_question_before_any_score(client, kai, application, criteria):
    client.force_login(kai)
    response = client.get(page_of(application))
    assertContains(
        response,
        "Do you know this young person, or would you or someone close to you gain from this grant?",
    )
    assertNotContains(response, "Submit my scores")
    response = client.post(page_of(application), scores(criteria, ["3", "3", "3"]), follow=True)
    assert messages_of(response) == [
        "Please answer the question about knowing this young person first."
    ]
    assert not Score.objects.exists()
    response = client.post(page_of(application), {"action": "declare"})
    assertContains(response, "Please answer yes or no.")
    response = declare(client, application, "no")
    assert response.redirect_chain == [(page_of(application), 302)]
    assert messages_of(response) == ["Thank you. You can score this application now."]
    assertContains(response, "Submit my scores")
    assertContains(response, "Not at all")
    assertContains(response, "Very well")
    assertContains(response, "Does not apply")


def test_a_conflicted_member_sees_only_the_reference_and_cannot_score_even_by_post(
    client, kai, application, criteria
):
    client.force_login(kai)
    declare(client, application, "yes")
    response = client.get(page_of(application))
    assertContains(response, "So you will not score this application.")
    assertContains(response, "F4C-0001")
    assertNotContains(response, "A laptop for college")
    assertNotContains(response, "Submit my scores")
    response = client.post(
        page_of(application), scores(criteria, ["3", "3", "3"], action="submit"), follow=True
    )
    assert messages_of(response) == [
        "You told us you know this young person or could gain from this grant, so you cannot "
        "score this application. Thank you for being honest."
    ]
    assert not Score.objects.exists()
    assert ScoreSheet.objects.get().submitted_at is None
    response = declare(client, application, "no")
    assert ScoreSheet.objects.get().conflicted


def test_saving_keeps_what_was_entered_for_later(client, kai, application, criteria):
    client.force_login(kai)
    declare(client, application, "no")
    response = client.post(
        page_of(application),
        scores(criteria, ["4", "na", None], ["It would really help", "", ""]),
        follow=True,
    )
    assert messages_of(response) == [
        "Your scores are saved. You can come back and finish them later."
    ]
    response = client.get(page_of(application))
    form = response.context["score_form"]
    assert form.initial == {
        f"score_{criteria[0].pk}": "4",
        f"comment_{criteria[0].pk}": "It would really help",
        f"score_{criteria[1].pk}": "na",
        f"comment_{criteria[1].pk}": "",
    }
    assertContains(response, "It would really help")
    assert {(s.criterion.name, s.value) for s in Score.objects.all()} == {
        ("How much will it help?", 4),
        ("Is it good value?", None),
    }


def test_submitting_needs_every_question_answered_and_keeps_what_was_typed(
    client, kai, application, criteria
):
    client.force_login(kai)
    declare(client, application, "no")
    response = client.post(
        page_of(application), scores(criteria, ["4", None, "2"], ["Great idea"], "submit")
    )
    assert response.status_code == 200
    assertContains(
        response, "Please give a score, or choose “Does not apply”, for: Is it good value?."
    )
    assertContains(response, "Great idea")
    assert ScoreSheet.objects.get().submitted_at is None


def test_a_note_without_a_score_is_not_lost(client, kai, application, criteria):
    client.force_login(kai)
    declare(client, application, "no")
    response = client.post(page_of(application), scores(criteria, [None, None, None], ["Hmm"]))
    assertContains(response, "Choose a score, or Does not apply, so that your note is kept.")
    assertContains(response, "Hmm")
    assert not Score.objects.exists()


def test_scores_are_submitted_once_and_then_read_only(client, kai, application, criteria):
    client.force_login(kai)
    declare(client, application, "no")
    response = client.post(
        page_of(application), scores(criteria, ["4", "na", "2"], action="submit"), follow=True
    )
    assert messages_of(response) == ["Your scores are sent to the panel's chair. Thank you!"]
    sent_at = ScoreSheet.objects.get().submitted_at
    assert sent_at is not None
    assertContains(response, "They cannot be changed now.")
    assertNotContains(response, "Submit my scores")
    for action in ("submit", "save"):
        response = client.post(
            page_of(application), scores(criteria, ["0", "0", "0"], action=action), follow=True
        )
        assert messages_of(response) == [
            "You have already submitted your scores for this application. They cannot be "
            "changed now."
        ]
    assert ScoreSheet.objects.get().submitted_at == sent_at
    assert sorted((s.value is None, s.value) for s in Score.objects.all()) == [
        (False, 2),
        (False, 4),
        (True, None),
    ]


def test_a_member_may_still_declare_a_conflict_before_submitting(
    client, kai, application, criteria
):
    client.force_login(kai)
    declare(client, application, "no")
    client.post(page_of(application), scores(criteria, ["4", "4", "4"]))
    declare(client, application, "yes")
    sheet = ScoreSheet.objects.get()
    assert sheet.conflicted
    assert not sheet.scores.exists()


def test_no_scoring_once_the_chair_has_decided(client, kai, application, criteria):
    client.force_login(kai)
    declare(client, application, "no")
    application.decision, application.decline_reason = "declined", "Not eligible"
    application.save()
    response = client.get(page_of(application))
    assertContains(response, "The panel's chair has already decided on this application")
    assertNotContains(response, "Submit my scores")
    response = client.post(page_of(application), scores(criteria, ["1", "1", "1"]), follow=True)
    assert messages_of(response) == [
        "The panel's chair has already made a decision on this application, so its scores can "
        "no longer change."
    ]
    assert not Score.objects.exists()
