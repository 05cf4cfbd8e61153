"""What the Wolverhampton demo's provider and commissioner write in its returns: key-worker
casework with young people on the edge of care (the specification's Appendix 2)."""

from decimal import Decimal

from .returns import ReturnStory

WOLVERHAMPTON_STORY = ReturnStory(
    narrative={
        "service_activity": (
            "Seven key workers each held up to six intensive cases. Most referrals came "
            "from the MASH and from schools; each young person had a first visit within ten "
            "working days of referral and at least fortnightly contact after that."
        ),
        "inputs_observations": (
            "Caseloads averaged four to five young people per key worker, as agreed for "
            "intensive edge-of-care work. One key worker was on leave for six weeks and her "
            "cases were shared across the team."
        ),
        "outputs_observations": (
            "Most contacts were written up within the five working days agreed; late records "
            "are reviewed at the team's weekly case discussion. Key workers led most of the "
            "assessments for their own cases."
        ),
        "outcomes_observations": (
            "Most cases closed with the young person still living at home, several stepping "
            "down to early help; few young people came into care while a key worker was "
            "involved."
        ),
        "social_value": (
            "Key workers ran group work in two secondary schools, and the Trust's volunteers ran "
            "a homework club for young people on the team's caseload."
        ),
    },
    seasons={
        "H1": (
            "Referrals rose over the summer term, and two key workers took on extra cases while "
            "a post was vacant."
        ),
        "H2": (
            "Several cases stepped down to early help after Christmas, once the family plans "
            "were working."
        ),
    },
    case_studies=(
        "Young person A, 14, was referred by her school after repeated missing episodes. Her key "
        "worker led the assessment, met her weekly and agreed a safety plan with her mother; the "
        "case stepped down to early help after seven months.",
        "Young person B, 15, was at risk of his placement with his grandparents breaking down. "
        "Family network meetings and a return home interview after each absence kept him at "
        "home, and the case closed after nine months.",
        "Young person C, 13, came into care during the key worker's involvement after a child "
        "protection conference; the key worker supported the move to foster carers and handed "
        "over to the social worker.",
    ),
    financial_notes="Spend is in line with the budget profile; no agency staff were used.",
    staff_fte=Decimal("8.0"),
    explanations={
        "A2.7": (
            "Contacts written up late were mostly during a key worker's leave; the duty worker "
            "now updates the records of cases shared in cover."
        ),
    },
    explanation="Outside the agreed target this period; the team has a plan to bring it back.",
    recovery_plan=(
        "Recovery plan: team leaders check caseloads and overdue records weekly, and we report "
        "progress at the next review meeting."
    ),
    asks_about=("A2.7",),
    question_about_indicator=(
        "Please explain why {code} ({title}) is outside the target in {period} and what the "
        "recovery plan is."
    ),
    question=(
        "Please add each key worker's caseload at the end of {period}, and how many cases "
        "stepped down to early help, to the service activity section."
    ),
    answer={
        "service_activity": (
            "At the end of the period caseloads ran from three to six per key worker, and "
            "seven cases had stepped down to early help in the half-year."
        )
    },
    submitted=(
        "Submitted for the six-monthly review meeting.",
        "Submitted; the case studies are anonymised and shared with consent.",
    ),
    approved=(
        "Approved. The step-down work is encouraging.",
        "Discussed and agreed at the review meeting; thank you.",
    ),
    resubmitted="Resubmitted with the caseloads and step-downs you asked for.",
    in_progress="submitted",
)
