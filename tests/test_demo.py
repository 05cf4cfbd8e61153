"""The demo looks like a real year of each framework's work (issue 11): group attendees fit the
group on the day, sessions have real titles, each contract's returns speak of its own work, and
the returns were submitted and approved over the months, not in one minute. Each persona finds
work waiting: Wolverhampton's team manager has referrals to screen and allocate, its key worker
contacts to record and plan reviews overdue.

The demo is loaded once for the module, on a fixed day (2 December 2026), and flushed after."""

import re
from collections import Counter
from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Count, F, Max, OuterRef, Q, Subquery
from django.utils import timezone

from contracts.casework.codes import (
    ACCEPTED,
    CLOSURE_OUTCOMES,
    CLOSURE_REASONS,
    CONTACT_KINDS,
    DECLINED,
    PENDING,
    REFERRAL_CONCERNS,
    SIGNPOSTED,
)
from contracts.codes import MENTOR_MODULES, SESSION_TYPES
from contracts.dates import add_working_days, age_on, working_days_after
from contracts.models import (
    Attendance,
    CareStatus,
    Case,
    Contact,
    Contract,
    Feedback,
    KeyWorker,
    PerformanceReview,
    PlannedContact,
    PlanReview,
    Session,
    SupportPlan,
    User,
)
from funds4care.models import Application
from kpis.engine.periods import FinancialYear
from kpis.models import Return, ReturnEvent
from mentoring.models import Match, SupportedAppointment
from mentoring.services import (
    matches_active_on,
    mentors_with_state,
    with_review_due,
    with_review_facts,
    with_states,
)

TODAY = date(2026, 12, 2)
CORNWALL_ONLY = (
    "Children in Care Council",
    "care leaver",
    "Funds4 Care",
    "mentor",
    "participation",
)
CASEWORK = ("referral", "caseload", "contact", "assessment", "stepped down")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """What the command printed."""
    moment = datetime(2026, 12, 2, 11, 0, tzinfo=ZoneInfo("Europe/London"))
    with django_db_blocker.unblock(), time_machine.travel(moment, tick=True):
        output = StringIO()
        call_command("load_demo", force=True, stdout=output)
        yield output.getvalue()
        call_command("flush", interactive=False, verbosity=0)


def wolverhampton() -> Contract:
    return Contract.objects.get(ref="WOL-YPT-2024")


def open_on(day: date) -> Q:
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


def months_between(start: date, end: date) -> int:
    """Whole calendar months (a day short of a month is 0)."""
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


def plan_review_due(case: Case) -> date | None:
    """The latest plan's latest review's next date, or the plan's own if never reviewed."""
    plan = case.plans.order_by("-agreed_date", "-pk").first()
    review = plan.reviews.order_by("-date", "-pk").first()
    return review.next_review_date if review else plan.review_date


def status_on(date_field: str) -> Subquery:
    """The young person's care status on the row's own date (contracts.people's rule)."""
    active = CareStatus.objects.filter(
        young_person=OuterRef("young_person"), start_date__lte=OuterRef(date_field)
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef(date_field)))
    return Subquery(active.order_by("-start_date").values("status")[:1])


@pytest.mark.django_db
def test_every_group_attendee_fits_the_group_on_the_session_day(demo):
    rows = Attendance.objects.annotate(status=status_on("session__date")).values_list(
        "session__session_type", "session__date", "young_person__date_of_birth", "status"
    )
    seen = {kind: 0 for kind in SESSION_TYPES}
    for kind, day, born, status in rows:
        age = age_on(born, day)
        seen[kind] += 1
        assert 11 <= age <= 25, (kind, day, age)
        if kind == "care_leavers_group":
            assert status == "care_leaver" and age >= 16, (day, age, status)
        elif kind == "cicc":
            assert status == "in_care" and age <= 17, (day, age, status)
        else:
            assert status in ("in_care", "care_leaver"), (kind, day, status)
    # Every group had someone; staff and mentor training have no young people on the register.
    assert all(seen[kind] > 50 for kind in ("psd", "cicc", "care_leavers_group")), seen
    assert seen["staff_training"] == seen["mentor_training"] == 0


@pytest.mark.django_db
def test_peer_mentoring_sessions_are_attended_by_mentees_of_a_running_match(demo):
    mentoring = Attendance.objects.filter(session__session_type="mentoring")
    running = Match.objects.filter(
        mentee=OuterRef("young_person"), start_date__lte=OuterRef("session__date")
    ).filter(
        Q(end_date__gte=OuterRef("session__date"))
        | Q(end_date__isnull=True, limit_date__gte=OuterRef("session__date"))
    )
    assert mentoring.exists()
    assert not mentoring.exclude(young_person__in=Subquery(running.values("mentee"))).exists()


@pytest.mark.django_db
def test_no_session_title_is_made_from_its_type_code(demo):
    titles = {}
    for kind, title in Session.objects.values_list("session_type", "title"):
        assert title != f"{kind.replace('_', ' ').capitalize()} session"
        # Not a code ("psd", "care_leavers_group") nor "... session" made from one.
        assert not re.search(r"\b(psd|cicc)\b|_| session$", title.lower()), title
        titles.setdefault(kind, set()).add(title)
    assert set(titles) == set(SESSION_TYPES)
    assert all(len(names) >= 4 for names in titles.values()), titles
    assert "Children in Care Council monthly meeting" in titles["cicc"]
    # A holiday trip runs in the holidays.
    for day in Session.objects.filter(title__startswith="Summer").values_list("date", flat=True):
        assert (day.month, day.day) >= (7, 22) and day.month <= 8, day


@pytest.mark.django_db
def test_each_contracts_returns_speak_of_its_own_work(demo):
    def text(ref: str) -> str:
        returns = Return.objects.filter(contract__ref=ref)
        fields = ("service_activity", "inputs_observations", "outputs_observations")
        words = [" ".join(str(v) for v in row) for row in returns.values_list(*fields)]
        words += [str(notes) for notes in returns.values_list("indicator_notes", flat=True)]
        words += list(returns.values_list("case_studies", "outcomes_observations", "social_value"))
        words += ReturnEvent.objects.filter(ret__contract__ref=ref).values_list(
            "comment", flat=True
        )
        return " ".join(str(w) for w in words).lower()

    wolverhampton, cornwall = text("WOL-YPT-2024"), text("CC-EP-2024")
    assert [term for term in CORNWALL_ONLY if term.lower() in wolverhampton] == []
    assert all(term in wolverhampton for term in CASEWORK)
    assert all(term.lower() in cornwall for term in CORNWALL_ONLY)
    assert "key worker" not in cornwall


@pytest.mark.django_db
def test_the_demo_keeps_a_return_sent_back_and_one_waiting_as_they_would_be_in_december(demo):
    statuses = {
        ref: list(
            Return.objects.filter(contract__ref=ref)
            .order_by("financial_year", "period")
            .values_list("period", "status")
        )
        for ref in ("CC-EP-2024", "WOL-YPT-2024")
    }
    # On 2 December 2026 the ended periods run from Q1 (H1) 2025/26 to Q2 (H1) 2026/27; the
    # latest ended on 30 September, long enough ago to be submitted (and, for Cornwall, sent
    # back): the manager has the return sent back to answer, the commissioner Wolverhampton's
    # to decide on, and nothing has waited since the summer.
    assert statuses == {
        "CC-EP-2024": [
            ("Q1", "approved"),
            ("Q2", "approved"),
            ("Q3", "approved"),
            ("Q4", "approved"),
            ("Q1", "approved"),
            ("Q2", "changes_requested"),
        ],
        "WOL-YPT-2024": [("H1", "approved"), ("H2", "approved"), ("H1", "submitted")],
    }
    sent_back = Return.objects.get(status="changes_requested")
    request = sent_back.events.get(action="request_changes")
    assert request.by.username == "commissioner"
    assert request.comment.startswith("Please explain why 1.")
    assert request.comment.endswith("below target in Q2 2026/27 and what the recovery plan is.")
    # One older return shows the whole round: sent back, answered, approved.
    answered = Return.objects.get(contract__ref="CC-EP-2024", financial_year=2025, period="Q4")
    assert list(answered.events.values_list("action", flat=True)) == [
        "submit",
        "request_changes",
        "submit",
        "approve",
    ]


@pytest.mark.django_db
def test_returns_were_submitted_and_approved_over_the_months(demo):
    now = timezone.now()
    events = list(ReturnEvent.objects.select_related("ret").order_by("ret", "at", "id"))
    submitted_days = [timezone.localdate(e.at) for e in events if e.action == "submit"]
    # Nine returns submitted, two of them twice (sent back, answered).
    assert len(submitted_days) == len(set(submitted_days)) == 11
    last_submitted = {}
    for event in events:
        ret = event.ret
        end = FinancialYear(ret.financial_year).period(ret.period).end
        assert end < timezone.localdate(event.at) and event.at <= now, event
        assert timezone.localtime(event.at).weekday() < 5, event
        if event.action == "submit":
            last_submitted[ret.pk] = event.at
        else:
            gap = event.at - last_submitted[ret.pk]
            least = 7 if event.action == "approve" else 5
            assert timedelta(days=least) <= gap <= timedelta(days=24), (event, gap)
    first_submissions = {}
    for event in events:
        if event.action == "submit":
            first_submissions.setdefault(event.ret_id, event)
    on_time = [e for e in first_submissions.values() if timezone.localdate(e.at) <= e.ret.due_date]
    assert len(on_time) == len(first_submissions) - 1  # one of the nine a few days late
    for ret in Return.objects.all():
        end = FinancialYear(ret.financial_year).period(ret.period).end
        assert timezone.localdate(ret.created_at) == end + timedelta(days=1)
        assert ret.frozen_at == last_submitted.get(ret.pk), ret


@pytest.mark.django_db
def test_mentors_grants_and_records_fit_the_people_and_the_calendar(demo):
    # A mentor is trained before the match, and at least two years older than the mentee.
    for match in Match.objects.select_related("mentor__young_person", "mentee"):
        completed = match.mentor.training.values_list("module", "completed_date")
        assert {module for module, _day in completed} == set(MENTOR_MODULES)
        assert max(day for _module, day in completed) <= match.start_date
        if match.mentor.young_person_id is None:
            continue  # an adult volunteer
        mentor_age = age_on(match.mentor.young_person.date_of_birth, match.start_date)
        assert mentor_age >= age_on(match.mentee.date_of_birth, match.start_date) + 2
    # Funds4 Care grants are for children in care (drafts have no day yet).
    submitted = Application.objects.exclude(submitted_date=None)
    applicants = submitted.annotate(status=status_on("submitted_date")).values_list(
        "status", "young_person__date_of_birth", "submitted_date"
    )
    assert applicants
    for status, born, day in applicants:
        assert status == "in_care" and 11 <= age_on(born, day) <= 17
    # Nothing is dated after today.
    assert not Contact.objects.filter(recorded_date__gt=TODAY).exists()
    assert not Match.objects.filter(end_date__gt=TODAY).exists()
    assert not SupportedAppointment.objects.filter(date__gt=TODAY).exists()
    assert not SupportedAppointment.objects.filter(
        Q(date__lt=F("match__start_date")) | Q(date__gt=F("match__limit_date"))
    ).exists()
    assert not Feedback.objects.filter(date__gt=TODAY).exists()
    assert not Application.objects.filter(decision_date__gt=TODAY).exists()
    # Wolverhampton's young people are referred before 17 and in care only until 18.
    for case in Contract.objects.get(ref="WOL-YPT-2024").cases.select_related("young_person"):
        assert age_on(case.young_person.date_of_birth, case.referral_date) < 17
    in_care = CareStatus.objects.filter(status="in_care").select_related("young_person")
    for status in in_care:
        last = status.end_date or TODAY
        assert age_on(status.young_person.date_of_birth, last) < 18, status


@pytest.mark.django_db
def test_the_mentoring_coordinator_finds_work_waiting(demo):
    cornwall = Contract.objects.get(ref="CC-EP-2024")
    mentors = with_states(mentors_with_state(cornwall, TODAY), TODAY)
    states = Counter(mentor.state.status for mentor in mentors)
    # Mentors in each state, one of them nearly trained (6 of 8 modules).
    assert states["available"] and states["matched"] and states["in_training"]
    assert any(m.state.status == "in_training" and m.state.modules_done == 6 for m in mentors)
    # A volunteer missed the last two supervisions; an adult's DBS renewal falls due.
    assert [m.name for m in mentors if m.state.supervision_overdue] == ["Dave Rowe"]
    assert "due" in {m.state.dbs for m in mentors}
    # Young people wait for a mentor; running matches are overdue a review.
    waiting = cornwall.mentee_referrals.filter(match=None, withdrawn_date=None)
    assert waiting.count() >= 3
    running = with_review_due(
        with_review_facts(cornwall.matches.filter(matches_active_on(TODAY))), cornwall, TODAY
    )
    assert sum(match.review.overdue for match in running) >= 2
    # Every match came from a referral made before it started, and has goals.
    assert not cornwall.matches.filter(referral=None).exists()
    assert not cornwall.matches.filter(referral__referral_date__gt=F("start_date")).exists()
    assert not cornwall.matches.filter(goals=None).exists()
    # Every ended match says why.
    assert not cornwall.matches.exclude(end_date=None).filter(closure_reason="").exists()


@pytest.mark.django_db
def test_funds4care_has_a_round_waiting_for_the_panel_and_one_taking_applications(demo):
    from funds4care.models import Fund, Payment, Round, ScoreSheet
    from funds4care.services.ledger import ledger_of

    panel = User.objects.get(username="panel")
    # A panel member's account: a display name and a login.
    assert (panel.last_name, panel.email) == ("", "")
    on = date(2026, 12, 2)
    waiting = (
        Round.objects.filter(panel=panel, closes_on__lt=on, applications__decision="pending")
        .distinct()
        .get()
    )
    assert waiting.name == "October and November 2026"
    pending = waiting.applications.filter(decision="pending")
    assert pending.count() >= 5
    # The other two members have sent their scores; the demo's panel member has not.
    assert not ScoreSheet.objects.filter(application__in=pending, member=panel).exists()
    assert ScoreSheet.objects.filter(application__in=pending, submitted_at__isnull=False).count()
    taking = Round.objects.get(panel=panel, opens_on__lte=on, closes_on__gte=on)
    assert taking.applications.filter(stage=Application.Stage.DRAFT).count() == 1
    # Every decision came after its round closed, every grant within the fund's rules, and
    # the pot never below zero.
    for application in Application.objects.exclude(decision="pending").select_related("round"):
        assert application.decision_date > application.round.closes_on, application
    for fund in Fund.objects.all():
        assert ledger_of(fund).remaining >= 0
    paid = Payment.objects.select_related("application")
    assert paid and all(p.amount == p.application.amount_awarded for p in paid)
    assert all(p.paid_on < on for p in paid)


@pytest.mark.django_db
def test_the_team_manager_has_referrals_to_screen_and_to_allocate(demo):
    contract = wolverhampton()
    pending = contract.referrals.filter(decision=PENDING)
    assert pending.count() == 3
    # Sent in over the last two weeks, not yet decided by anyone.
    for referral in pending:
        assert timedelta(0) <= TODAY - referral.referral_date <= timedelta(days=14), referral
        assert referral.decision_date is None and referral.decided_by is None
    # Accepted, and waiting for the team manager to give them a key worker.
    assert contract.referrals.filter(decision=ACCEPTED, case__isnull=True).count() == 2
    refused = contract.referrals.filter(decision__in=[DECLINED, SIGNPOSTED])
    assert sorted(refused.values_list("decision", flat=True)) == [DECLINED, DECLINED, SIGNPOSTED]
    assert all(len(note) > 40 for note in refused.values_list("decision_note", flat=True))
    # Every decision is the team manager's, and she holds no cases herself.
    deciders = contract.referrals.exclude(decision=PENDING).values_list("decided_by__username")
    assert set(deciders) == {("wolverhampton.manager",)}
    assert not contract.key_workers.filter(name="Dawn Clarke").exists()


@pytest.mark.django_db
def test_every_case_came_from_a_referral_of_a_young_person_aged_11_to_16(demo):
    contract = wolverhampton()
    assert not contract.cases.filter(referral__isnull=True).exists()
    for case in contract.cases.select_related("referral"):
        referral = case.referral
        assert referral.decision == ACCEPTED and referral.referral_date == case.referral_date
        assert referral.referral_date <= referral.decision_date <= case.start_date, case
    for referral in contract.referrals.select_related("young_person"):
        assert 11 <= age_on(referral.young_person.date_of_birth, referral.referral_date) <= 16
        assert 1 <= len(referral.concerns) <= 3 and set(referral.concerns) <= set(REFERRAL_CONCERNS)
        # "Priya Shah, social worker, Children's Services": a name, a role and a team.
        assert len(referral.referrer.split(", ")) == 3, referral.referrer
    # Numbered in the order they came in: R-0001, R-0002...
    refs = list(contract.referrals.order_by("referral_date", "ref").values_list("ref", flat=True))
    assert refs == [f"R-{n:04d}" for n in range(1, len(refs) + 1)]


@pytest.mark.django_db
def test_marcus_signs_in_to_his_caseload_with_contacts_to_record(demo):
    marcus = User.objects.get(username="wolverhampton.worker")
    post = KeyWorker.objects.get(user=marcus)
    assert (post.name, post.contract) == ("Marcus Bennett", wolverhampton())
    mine = post.cases.filter(open_on(TODAY))
    assert 9 <= mine.count() <= 10
    waiting = PlannedContact.objects.filter(case__in=mine, contact__isnull=True, date__lte=TODAY)
    days = list(waiting.values_list("date", flat=True))
    # Three to five in the last ten working days: some still within the contract's five working
    # days to record them, one or two past it.
    timeframe = post.contract.record_timeframe_days
    assert timeframe == 5
    assert 3 <= len(days) <= 5
    assert all(1 <= working_days_after(day, TODAY) <= 10 for day in days), days
    overdue = [day for day in days if add_working_days(day, timeframe) < TODAY]
    assert 1 <= len(overdue) <= 2 < len(days)
    # Not recorded means no contact of that case on that day.
    for planned in waiting:
        assert not planned.case.contacts.filter(contact_date=planned.date).exists()
    # More planned over the next two weeks, and the recorded ones ticked off in the diary.
    upcoming = PlannedContact.objects.filter(
        case__in=mine, date__gt=TODAY, date__lte=TODAY + timedelta(days=14)
    )
    assert upcoming.count() >= 3
    assert PlannedContact.objects.filter(case__in=mine, contact__isnull=False).exists()
    # He wrote up his own contacts; other key workers have no login to write them as.
    contacts = Contact.objects.filter(case__key_worker=post)
    assert not contacts.exclude(recorded_by=marcus).exists()
    assert not Contact.objects.exclude(case__key_worker=post).exclude(recorded_by=None).exists()


@pytest.mark.django_db
def test_one_key_worker_is_over_the_caseload_and_one_has_few(demo):
    contract = wolverhampton()
    open_counts = sorted(
        Case.objects.filter(contract=contract)
        .filter(open_on(TODAY))
        .values("key_worker")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True)
    )
    assert len(open_counts) == contract.key_workers.count() == 7
    assert open_counts[-1] > contract.caseload == 10
    assert open_counts[0] <= 3


@pytest.mark.django_db
def test_plans_and_performance_reviews_are_overdue_for_some(demo):
    contract = wolverhampton()
    open_cases = contract.cases.filter(open_on(TODAY)).select_related("key_worker__user")
    overdue = {}
    for case in open_cases:
        plan = case.plans.get()
        assert plan.agreed_date >= case.start_date and plan.goals.startswith("1. ")
        # In their own words: the first person.
        assert re.search(r"\b(I|I'm|I'd|me|my)\b", plan.young_persons_words), plan
        due = plan_review_due(case)
        if due < TODAY:
            overdue[case.ref] = case.key_worker.user
    marcus = User.objects.get(username="wolverhampton.worker")
    assert list(overdue.values()) == [marcus, marcus]
    # The young people's words vary.
    words = Counter(
        SupportPlan.objects.filter(case__contract=contract).values_list(
            "young_persons_words", flat=True
        )
    )
    assert len(words) >= 15
    # Cases older than a review period have been reviewed, twice at most.
    reviewed = PlanReview.objects.filter(plan__case__contract=contract)
    assert reviewed.exists()
    assert max(Counter(reviewed.values_list("plan", flat=True)).values()) == 2
    # Performance reviews: quarterly in the contract's first year, six-monthly after (section
    # 4.2.3). On 2 December 2026, in the second year, one key worker's is overdue.
    last = dict(
        PerformanceReview.objects.filter(key_worker__contract=contract)
        .values("key_worker__name")
        .annotate(last=Max("date"))
        .values_list("key_worker__name", "last")
    )
    six_months_ago = date(2026, 6, 2)
    assert [name for name, day in last.items() if day < six_months_ago] == ["Gareth Price"]
    manager = User.objects.get(username="wolverhampton.manager")
    reviews = PerformanceReview.objects.filter(key_worker__contract=contract)
    assert not reviews.exclude(reviewed_by=manager).exists()
    first_year = reviews.filter(date__lt=contract.start_date.replace(year=2026))
    assert first_year.count() == 7 * 4  # each key worker quarterly
    assert reviews.filter(satisfactory=False).exists()


@pytest.mark.django_db
def test_casework_records_say_what_happened_and_cases_run_short_and_long(demo):
    contract = wolverhampton()
    closed = contract.cases.filter(end_date__lt=TODAY)
    for case in closed:
        assert case.closure_outcome in CLOSURE_OUTCOMES, case
        assert case.closure_reason in CLOSURE_REASONS and case.closure_note, case
    # The caseload screens flag a couple closed within 6 months and open longer than 12.
    assert sum(months_between(c.start_date, c.end_date) < 6 for c in closed) >= 2
    still_open = contract.cases.filter(end_date__isnull=True)
    assert sum(months_between(c.start_date, TODAY) >= 12 for c in still_open) >= 2
    contacts = contract.contacts.all()
    assert not contacts.exclude(kind__in=CONTACT_KINDS).exists()
    assert not contacts.filter(with_whom="").exists()
    assert contacts.filter(contact_time__isnull=True).count() < contacts.count() / 4
    recent = contacts.filter(contact_date__gte=TODAY - timedelta(days=28))
    assert recent.exists() and not recent.filter(notes="").exists()
    assert not contract.assessments.filter(title="").exists()
    # The recording pattern of A2.7 holds: most on time, some late.
    late = [
        working_days_after(day, recorded) > contract.record_timeframe_days
        for day, recorded in contacts.values_list("contact_date", "recorded_date")
    ]
    assert 0.05 < sum(late) / len(late) < 0.3


@pytest.mark.django_db
def test_the_demo_command_says_what_waits_for_the_wolverhampton_team(demo):
    lines = demo.splitlines()
    manager = lines.index(next(line for line in lines if "wolverhampton.manager" in line))
    assert "3 referrals to screen, 2 to allocate" in lines[manager + 1]
    assert "Gareth Price's performance review is overdue" in lines[manager + 2]
    worker = lines.index(next(line for line in lines if "wolverhampton.worker" in line))
    assert "Key worker Marcus Bennett: 9 open cases" in lines[worker + 1]
    assert "2 plan reviews overdue" in lines[worker + 2]
