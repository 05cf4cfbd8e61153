"""Which mentors to suggest for a waiting mentee, and why.

Only mentors who may be matched are suggested: trained by the start, not left, with room for
another mentee, not the mentee themself, and (a young person) older than the mentee. They are
ranked by what a coordinator weighs, each reason said in plain words:

- where they live: the mentee's own locality first, then one the mentor can get to;
- the mentee's wish for a female or male mentor;
- interests they share;
- the age gap (a young person at least two years older; a smaller gap is a caution);
- care experience (a mentor who is one of the contract's young people), as the specification
  hopes;
- an adult's DBS check not in date is a caution (the import may bring such a mentor);
- how many mentees they have now (a free mentor before a busy one).

One query for all the mentors, whatever their number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from contracts.codes import GENDERS

from .codes import INTERESTS, MIN_AGE_GAP
from .models import MenteeReferral, Mentor
from .services import mentee_age_gap, mentor_locality, mentors_with_state


@dataclass
class Suggestion:
    mentor: Mentor
    score: int = 0
    reasons: list[str] = field(default_factory=list)  # for the match
    cautions: list[str] = field(default_factory=list)  # against it

    def plus(self, points: int, reason: str) -> None:
        self.score += points
        self.reasons.append(reason)

    def minus(self, points: int, caution: str) -> None:
        self.score -= points
        self.cautions.append(caution)


def _words(codes: list[str]) -> str:
    names = [INTERESTS.get(code, code).lower() for code in codes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _dbs_in_date(mentor: Mentor, day: date) -> bool:
    return mentor.dbs_date is not None and (
        mentor.dbs_renewal_date is None or mentor.dbs_renewal_date > day
    )


def suggest(referral: MenteeReferral, start: date) -> list[Suggestion]:
    """The mentors who may mentor this young person from `start`, best first."""
    mentee = referral.young_person
    first_name = mentee.first_name
    place = referral.locality or mentee.locality
    wanted = set(referral.interests)
    suggestions = []
    mentors = mentors_with_state(referral.contract, start).exclude(young_person=mentee)
    for mentor in mentors:
        if mentor.trained_on is None or mentor.trained_on > start:
            continue
        if mentor.left_date is not None and mentor.left_date <= start:
            continue
        if (mentor.active_matches or 0) >= mentor.max_matches:
            continue
        gap = mentee_age_gap(mentor, mentee.date_of_birth, start)
        if gap is not None and gap < 1:
            continue  # a mentor is never younger than their mentee, nor the same age
        s = Suggestion(mentor)
        home = mentor_locality(mentor)
        if place and home == place:
            s.plus(3, f"Lives in {place}, as {first_name} does")
        elif place and place in (mentor.travels_to or []):
            s.plus(2, f"Lives in {home or 'another locality'} and can get to {place}")
        elif place:
            s.minus(2, f"Lives in {home or 'a locality not recorded'}; {place} is not listed")
        gender = mentor.young_person.gender if mentor.young_person_id else mentor.gender
        if referral.prefers_gender:
            asked = GENDERS[referral.prefers_gender].lower()
            if gender == referral.prefers_gender:
                s.plus(3, f"A {asked} mentor, as {first_name} asked")
            else:
                s.minus(4, f"{first_name} asked for a {asked} mentor")
        shared = [code for code in INTERESTS if code in wanted and code in mentor.interests]
        if shared:
            s.plus(len(shared), f"Both into {_words(shared)}")
        if gap is None:
            s.plus(0, "An adult volunteer")
        elif gap >= MIN_AGE_GAP:
            s.plus(1, f"{gap} years older: care-experienced, and has been where they are")
        else:
            s.minus(1, f"Only {gap} year older than {first_name}")
        if mentor.is_adult_on(start) and not _dbs_in_date(mentor, start):
            s.minus(2, "No DBS check in date: check it before they meet")
        active = mentor.active_matches or 0
        if active == 0:
            s.plus(1, "No mentee at present")
        else:
            room = mentor.max_matches - active
            s.cautions.append(f"Already mentors {active}; can take {room} more")
        suggestions.append(s)
    suggestions.sort(key=lambda s: (-s.score, s.mentor.active_matches or 0, s.mentor.name))
    return suggestions
