"""What the Cornwall demo's provider and commissioner write in its returns: participation
groups, peer mentoring and Funds4 Care (the specification's section 6.1)."""

from decimal import Decimal

from .returns import ReturnStory

CORNWALL_STORY = ReturnStory(
    narrative={
        "service_activity": (
            "Personal and social development groups ran weekly in each locality, from art club "
            "to bushcraft days. The Children in Care Council and the care leavers' forum each "
            "met monthly, and the peer mentoring programme matched young people with trained, "
            "care-experienced mentors."
        ),
        "inputs_observations": (
            "Staffing was stable: six participation workers and a peer mentoring coordinator. "
            "One post was covered by sessional staff for part of the quarter."
        ),
        "outputs_observations": (
            "Attendance at groups held up. The Funds4 Care panel met fortnightly, and most "
            "applications were decided within three weeks."
        ),
        "outcomes_observations": (
            "Outcome reviews show most young people's scores rising since their baseline, "
            "especially confidence and friendships."
        ),
        "social_value": (
            "Care-experienced volunteers helped run the holiday programme, and the young people "
            "on the Funds4 Care panel gained accredited learning for their role."
        ),
    },
    seasons={
        "Q1": (
            "The Easter holiday art days and the May half-term coasteering were the busiest "
            "sessions of the quarter."
        ),
        "Q2": (
            "The summer surf week and the residential on Bodmin Moor brought in several young "
            "people new to the service."
        ),
        "Q3": (
            "The Children in Care Council planned the celebration event, and the Christmas party "
            "was the best attended session of the year."
        ),
        "Q4": (
            "The care leavers' forum reviewed the local offer with the Leaving Care Service, and "
            "the February half-term programme ran in Penwith and Caradon."
        ),
    },
    case_studies=(
        "Young person A, 15, joined the Children in Care Council after a placement move and now "
        "co-chairs its meetings; she spoke to the Corporate Parenting Board about the pledges.",
        "Young person B, a care leaver of 19, was matched with a peer mentor who went with him to "
        "his first housing appointment; he has kept his tenancy for six months.",
        "Young person C, 13, used a Funds4 Care grant for football boots and club fees; her "
        "foster carer says she is more settled at school.",
        "Young person D, 17, completed the peer mentor training and the ASDAN Silver award, and "
        "now mentors a younger girl in care.",
    ),
    financial_notes=(
        "Spend is in line with the budget profile; the Funds4 Care awards were spread across "
        "all seven localities."
    ),
    staff_fte=Decimal("6.5"),
    explanations={
        "1.1": (
            "A few children came into care late in the quarter, before an information visit "
            "could be arranged; their social workers now pass on our leaflet at the first review."
        ),
        "1.2": (
            "Fewer young people came to groups over the exam period; the holiday programme is "
            "planned to bring numbers back up."
        ),
        "1.4": (
            "Several reviews fell soon after a placement move, when scores often dip; the "
            "workers will repeat those reviews in eight weeks."
        ),
        "1.6": "Two mentors are part-way through the training and finish it next quarter.",
        "1.7": (
            "Trained mentors are waiting for a mentee of the right age near them; we have asked "
            "the Leaving Care Service for more referrals."
        ),
        "1.8": "Two panel members left for college; the panel is recruiting through the forum.",
        "1.9": (
            "Applications to Funds4 Care are below the profile; the panel is promoting the fund "
            "in foster carers' newsletters and at the Children in Care Council."
        ),
        "1.13": (
            "Feedback was not collected at every group; workers now ask for it at the end of "
            "each session."
        ),
    },
    explanation="Below the profile this quarter; the team has agreed a plan to recover it.",
    recovery_plan=(
        "Recovery plan: each locality worker reviews their young people's outcome stars monthly "
        "with the peer mentoring coordinator, and we report progress at the next "
        "contract-monitoring meeting."
    ),
    asks_about=("1.4", "1.2", "1.9"),
    question_about_indicator=(
        "Please explain why {code} ({title}) is below target in {period} and what the recovery "
        "plan is."
    ),
    question=(
        "Please add a case study about the peer mentoring programme in {period} before I approve "
        "this return."
    ),
    answer={
        "case_studies": (
            "Young person E, 16, was matched with a peer mentor after a placement move; together "
            "they set goals for college, and she started her course in September."
        )
    },
    submitted=(
        "Submitted for the quarterly contract-monitoring meeting.",
        "Submitted; the case study is shared with the young person's permission.",
        "Submitted for the contract-monitoring meeting. Happy to talk through the Funds4 Care "
        "figures.",
    ),
    approved=(
        "Discussed and agreed at the contract-monitoring meeting.",
        "Approved. Good to see the Children in Care Council's work with the Corporate Parenting "
        "Board.",
        "Approved, thank you. Let's keep an eye on Funds4 Care applications next quarter.",
    ),
    resubmitted="Resubmitted with the explanation and recovery plan you asked for.",
    in_progress="sent back",
)
