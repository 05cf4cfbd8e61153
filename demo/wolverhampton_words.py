"""What the Wolverhampton demo's people write in its casework: who refers, why (the
specification's section 3.2.1 concerns and 3.5.1 routes), what a key worker notes after a
contact, the goals of a support plan and the young person's own words about them (section
3.1.9 e: the voice of the child), how a case closes and what a performance review says.

Every name here is made up, as the demo's young people are; places are the demo's localities.
Templates fill `{name}` (the young person's first name), `{carer}` and `{Carer}` (who they live
with, inside and at the start of a sentence) and `{place}` (their locality).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .wolverhampton import Referred


def fill(template: str, referred: Referred) -> str:
    """The template with the young person's name, who they live with and where."""
    person = referred.person
    carer, at_start = referred.carer
    return template.format(
        name=person.first_name, carer=carer, Carer=at_start, place=person.locality
    )


# -- Referrals ------------------------------------------------------------------------------

# Section 3.5.1: "the majority of referrals ... will be for children and young people supported
# with a child in need or child protection plan".
SOURCE_WEIGHTS = {
    "child_in_need": 34,
    "child_protection": 22,
    "early_help": 16,
    "looked_after_assessment_unit": 8,
    "looked_after_instability": 14,
    "looked_after_step_down": 6,
}
LOOKED_AFTER_SOURCES = (
    "looked_after_assessment_unit",
    "looked_after_instability",
    "looked_after_step_down",
)

# Section 3.2.1 a) to g): how often each is the first worry, and which worries come with it
# (missing episodes with exploitation, gangs with offending, and so on).
CONCERN_WEIGHTS = {
    "missing": 24,
    "sexual_exploitation": 13,
    "gang_exploitation": 15,
    "substance_misuse": 12,
    "school_exclusion": 16,
    "violence_at_home": 12,
    "criminal_behaviour": 14,
}
CONCERNS_THAT_GO_WITH = {
    "missing": ["sexual_exploitation", "gang_exploitation", "substance_misuse"],
    "sexual_exploitation": ["missing", "substance_misuse"],
    "gang_exploitation": ["criminal_behaviour", "missing", "school_exclusion"],
    "substance_misuse": ["criminal_behaviour", "school_exclusion", "missing"],
    "school_exclusion": ["criminal_behaviour", "violence_at_home", "substance_misuse"],
    "violence_at_home": ["school_exclusion", "substance_misuse"],
    "criminal_behaviour": ["gang_exploitation", "school_exclusion", "substance_misuse"],
}

REFERRER_NAMES = [
    "Priya Shah",
    "Tom Hadley",
    "Grace Oduya",
    "Karen Whitehouse",
    "Imran Qureshi",
    "Sophie Lane",
    "Daniel Okoro",
    "Rachel Beddows",
    "Jas Sahota",
    "Lee Marsh",
    "Helen Tranter",
    "Michelle Adjei",
    "Craig Pearson",
    "Fatima Begum",
    "Ben Corrigan",
    "Naomi Fisher",
]
# Who refers by each route: their role and team, as a referrer gives them.
REFERRER_ROLES = {
    "child_in_need": [
        "social worker, Children's Services",
        "senior social worker, Children's Services",
        "social worker, Multi-Agency Safeguarding Hub",
    ],
    "child_protection": [
        "social worker, Children's Services",
        "team manager, Children's Services",
        "social worker, Child Protection Team",
    ],
    "early_help": [
        "early help practitioner, Early Help locality team",
        "family support worker, Early Help",
        "designated safeguarding lead, secondary school",
        "head of year, pupil referral unit",
    ],
    "looked_after_assessment_unit": [
        "registered manager, residential assessment unit",
        "social worker, Children in Care Team",
    ],
    "looked_after_instability": [
        "social worker, Children in Care Team",
        "supervising social worker, Fostering Service",
    ],
    "looked_after_step_down": [
        "social worker, Children in Care Team",
        "independent reviewing officer, Children's Services",
    ],
}

DECLINED_NOTES = [
    "The worries are about low mood and self-harm rather than behaviour and risks outside the "
    "home: declined, and the social worker is referring to CAMHS. We will look again if that "
    "changes.",
    "Already has a key worker through the Youth Offending Team working to the same plan; a "
    "second key worker would duplicate it. Agreed with the referrer that YOT will invite us to "
    "the next review if needed.",
    "The young person and their parent both said no to the work when the social worker asked, "
    "and it needs their agreement. The social worker will raise it again at the next core group.",
]
# Where a referral is signposted: to the drug and alcohol service when that is the worry.
SIGNPOSTED_NOTES = {
    "substance_misuse": "Signposted to the young people's drug and alcohol service for a "
    "substance use assessment; the social worker can refer again if exploitation concerns come "
    "up.",
    "": "Signposted to the Early Help locality team: the worries are at school, with no risk "
    "outside the home seen yet. Parent given the team's number and the school told.",
}

# Who a young person lives with, in a note: (inside a sentence, at its start).
FAMILY_CARERS = {
    ("Mum", "Mum"): 52,
    ("Dad", "Dad"): 16,
    ("Nan", "Nan"): 12,
    ("Grandad", "Grandad"): 4,
}
FOSTER_CARER = ("the foster carer", "The foster carer")
HOME_STAFF = ("staff at the home", "Staff at the home")

# -- Contacts -------------------------------------------------------------------------------

CONTACT_KIND_WEIGHTS = {
    "visit": 45,
    "phone": 20,
    "text_online": 14,
    "family": 13,
    "multi_agency": 8,
}
MEETINGS_WITH = [
    "Social worker, school, police",
    "Social worker, school, family support worker, {carer}",
    "Social worker, YOT officer, school",
    "Social worker, CAMHS, school, {carer}",
    "Social worker, school nurse, {carer}",
]
# Who is on the phone: the young person, who they live with, or their social worker.
PHONE_NOTES = {
    "young person": [
        "Rang {name} after the school meeting. Said it went 'alright'; back on a reduced "
        "timetable from Monday.",
        "Call with {name} to move Friday's session; talked for ten minutes about the weekend "
        "and a falling-out with a friend.",
    ],
    "carer": [
        "Call with {carer}: {name} came home late on Friday but did not go missing. Went "
        "through the missing-from-home procedure again.",
        "{Carer} rang worried about money going missing from the house. Talked it through and "
        "agreed I would raise it with {name} at the next visit.",
    ],
    "social worker": [
        "Call with the social worker to share how the last two visits went and agree a date "
        "for the plan review.",
    ],
}

CONTACT_NOTES = {
    "visit": [
        "Home visit. {name} was chatty and showed me next week's timetable; went through the "
        "safety plan again and updated the list of trusted adults.",
        "Met {name} at the library in {place}. Talked about the weekend and who {name} was out "
        "with; agreed to text {carer} by 9pm when out.",
        "Walk and a drink at the park. Quiet at first, then talked about falling out with "
        "friends at school. Agreed to meet again on Thursday.",
        "Visit at home. {name} had been up late and was tired: short session on sleep and phone "
        "use. {Carer} reported a calmer week.",
        "Went with {name} to the boxing taster session. Enjoyed it and wants to go again; asked "
        "about joining the Tuesday class.",
        "Worked on a CV and the college application form together. Needs a reference from "
        "school: I will ask the head of year.",
        "Cooked tea together at the youth centre in {place}. Relaxed and open; talked about "
        "what {name} wants the next plan review to say.",
    ],
    # A call's note depends on who was on the phone (see PHONE_NOTES).
    "phone": [],
    "text_online": [
        "Quick texts to check {name} got home from town; replied with a thumbs up by 9pm.",
        "Texts with {name} to move Wednesday's session (dentist). Replied quickly and "
        "suggested Thursday after school instead.",
        "Video call: {name} did not want a visit this week. Checked in on mood and plans for "
        "the weekend; no new worries.",
        "{name} messaged for help with a bus pass. Sent the link; will fill it in together on "
        "the next visit.",
    ],
    "family": [
        "Family session at home with {name} and {carer}, using the family network plan to agree "
        "house rules and what happens when they are broken. Raised voices early on, calmer by "
        "the end.",
        "Met {name} and {carer} together to look back over the month. {Carer} noticed fewer "
        "arguments; {name} wants more time out with friends at weekends. Agreed 9.30pm on "
        "Saturdays.",
        "Family meeting with {carer} and {name}'s older sister. Agreed who collects {name} from "
        "the bus stop on late nights.",
    ],
    "multi_agency": [
        "Strategy meeting with the social worker, school and police. Shared {name}'s views from "
        "the last visit. Actions: school to start the reintegration timetable, police to check "
        "the address named.",
        "Core group meeting: updated on school attendance and contact with the key worker. Plan "
        "reviewed; next meeting in six weeks.",
        "Team around the family meeting at school with the head of year, the family support "
        "worker and {carer}; {name} came for the second half. Attendance up to 78%.",
    ],
}
# What a contact is about when it is about the referral's worry.
CONCERN_NOTES = {
    "missing": "Return home interview after Saturday night's missing episode. {name} stayed at "
    "a friend's flat in {place}; no harm reported. Address shared with the police missing "
    "person coordinator.",
    "sexual_exploitation": "Visit after school raised worries about an older boyfriend. {name} "
    "did not want to talk about it today; kept it light and agreed to meet at the youth centre "
    "next week.",
    "gang_exploitation": "Talked about the group hanging round the shops in {place} and the "
    "money offered for 'running errands'. Went through how exploitation works; {name} listened "
    "and asked questions.",
    "substance_misuse": "Talked about cannabis: {name} says it is weekends only now. Agreed to "
    "meet the drug and alcohol worker together next week.",
    "school_exclusion": "Went with {name} to the reintegration meeting at the pupil referral "
    "unit. Start date agreed; nervous but willing.",
    "violence_at_home": "Visit after last week's incident at home. Talked it through with {name} "
    "and {carer} separately; both agreed to use the time-out plan when arguments start.",
    "criminal_behaviour": "Went with {name} to the Youth Offending Team appointment. Reparation "
    "hours nearly done; talked about keeping away from the group at the retail park.",
}

# -- Support plans --------------------------------------------------------------------------

# Two goals for each worry: the plan takes the first of each of the referral's worries and the
# second of the main one, three at most.
GOALS = {
    "missing": [
        "Stay safe when out: agree a time to be home with {carer} and text if running late; no "
        "missing episodes for a month.",
        "Know who to call: three trusted adults saved in the phone.",
    ],
    "sexual_exploitation": [
        "Understand healthy and unhealthy relationships (six sessions with the key worker).",
        "No contact with the adults named at the strategy meeting; privacy settings set up "
        "together.",
    ],
    "gang_exploitation": [
        "Keep away from the group at the shops; something to do after school instead (boxing "
        "or the youth club).",
        "Understand how young people are drawn into county lines, and how to get out.",
    ],
    "substance_misuse": [
        "Cut cannabis to weekends, then stop: tracked together each week.",
        "Meet the young people's drug and alcohol service and keep going.",
    ],
    "school_exclusion": [
        "Back into education: start the reintegration timetable and attend at least 80%.",
        "A college application in by February.",
    ],
    "violence_at_home": [
        "Fewer arguments at home that end in damage or hitting: use the time-out plan agreed "
        "with {carer}.",
        "Family sessions every fortnight to rebuild trust.",
    ],
    "criminal_behaviour": [
        "No new offences; finish the reparation hours with the Youth Offending Team.",
        "A regular activity on Friday and Saturday evenings.",
    ],
}

# The young person's own words when the plan is agreed: in their voice, about their worry.
WORDS_ABOUT = {
    "missing": [
        "I don't go missing, I just go to my mate's when it kicks off at home. I want everyone "
        "to stop ringing the police every time.",
        "I want to stop running off. I know it scares my nan but sometimes I just need to get out.",
    ],
    "sexual_exploitation": [
        "He's not a bad person, everyone's making it into a big deal. I'll talk to you about it "
        "as long as you don't tell school everything.",
        "I want my phone back and people to stop treating me like a baby. I'll do the sessions "
        "if they're not boring.",
    ],
    "gang_exploitation": [
        "I'm not in a gang. I just know people. I want to do boxing and get fit, that's it.",
        "I want to get out of it but it's not that easy, they know where I live. I just want "
        "to feel safe walking home.",
    ],
    "substance_misuse": [
        "Weed calms me down, it's not a big deal. I'll try cutting down if it gets everyone off "
        "my back.",
        "I want to stop smoking so much cos it's taking all my money and I'm tired all the time.",
    ],
    "school_exclusion": [
        "I want to go back to school and do my GCSEs, I'm not thick. I just need teachers who "
        "don't shout at me.",
        "School isn't for me. I want to do mechanics at college and get a job.",
    ],
    "violence_at_home": [
        "I don't want to keep fighting with my dad. I want us to be in the same room without it "
        "kicking off.",
        "I get so angry and then I feel bad after. I want to learn to walk away before I lose it.",
    ],
    "criminal_behaviour": [
        "I want to keep out of trouble so I don't end up in court again. My little brother looks "
        "up to me.",
        "I want the police to stop stopping me every time I'm in town. I've done my hours.",
    ],
}
WORDS_ANY = [
    "I want someone to actually listen to me and not just write stuff down.",
    "I want to go out with my friends without everyone worrying. I'm not a little kid.",
    "I want to sort my head out and stop feeling angry all the time.",
    "Honestly I don't know what I want yet. Just for things to be less stressful.",
]
WORDS_IN_CARE = "I'd like to move back home one day. I miss my sisters."

# Progress at a plan review: mostly against one of the referral's worries.
REVIEW_PROGRESS = {
    "missing": [
        "Good progress: no missing episodes since the plan was agreed, and home by the agreed "
        "time most nights.",
        "Two missing episodes this period, both overnight at a friend's; return home interviews "
        "done and the safety plan updated with {carer}.",
    ],
    "sexual_exploitation": [
        "Six relationship sessions done; {name} has blocked the adults named at the strategy "
        "meeting and talks more openly about who they meet online.",
    ],
    "gang_exploitation": [
        "Started at the boxing club and going twice a week; not seen with the group at the "
        "shops since the last review.",
    ],
    "substance_misuse": [
        "Cannabis down to weekends by {name}'s own account; first appointment with the drug and "
        "alcohol service kept.",
    ],
    "school_exclusion": [
        "Mixed: back at school three days a week, but one fixed-term exclusion for fighting. "
        "Plan changed to add a session with the head of year.",
        "College application sent and an interview booked; confidence growing.",
    ],
    "violence_at_home": [
        "Family sessions have helped: {carer} reported fewer arguments and no police call-outs "
        "since the last review.",
    ],
    "criminal_behaviour": [
        "Reparation hours finished and no new offences; goes to Friday night football at the "
        "community centre.",
    ],
}
REVIEW_PROGRESS_ANY = [
    "Some progress. Engaging well with weekly visits; two late nights this month, but {name} "
    "rang home both times.",
    "Little progress: {name} missed four of eight sessions. Agreed to meet after school instead "
    "of mornings, and to use texts more.",
]
REVIEW_WORDS = [
    "It's going alright. Boxing is the best bit. I still don't like the curfew.",
    "Better than before. Me and {carer} are talking more.",
    "I've been trying. It's hard when my mates are all out and I have to be in.",
    "I don't really want to do the sessions anymore but I'll keep seeing you.",
    "I'm proud I've stayed in school. Didn't think I would.",
    "Things are calmer. I still get angry but I go to my room now.",
    "I want to keep going with the college stuff. Can you help me with the interview?",
    "Not much has changed, to be honest. But I like that you turn up when you say you will.",
    "I'm doing better. I want the next plan to be about getting a job.",
]

# -- Assessments ----------------------------------------------------------------------------

FIRST_ASSESSMENT = {
    "child_in_need": "Child and family assessment",
    "child_protection": "Child and family assessment",
    "early_help": "Early help assessment",
    "looked_after_assessment_unit": "Residential assessment unit assessment",
    "looked_after_instability": "Placement stability assessment",
    "looked_after_step_down": "Pathway to independence assessment",
}
# The worry's own assessment, and whether the key worker usually leads it.
CONCERN_ASSESSMENT = {
    "missing": ("Return home interview", "lead"),
    "sexual_exploitation": ("Multi-agency risk assessment (exploitation)", "support"),
    "gang_exploitation": ("Multi-agency risk assessment (exploitation)", "support"),
    "substance_misuse": ("Substance use screening", "lead"),
    "school_exclusion": ("Education reintegration assessment", "support"),
    "violence_at_home": ("Family safety assessment", "lead"),
    "criminal_behaviour": ("AssetPlus assessment (Youth Offending Team)", "support"),
}
ASSESSMENT_NOTES = [
    "{name} took part and added their own views to the summary.",
    "Completed with {carer}; shared with the social worker.",
    "Outcome fed into the support plan's goals.",
]

# -- Closing and reviews --------------------------------------------------------------------

# How a case closes, how often, and the outcome that goes with each reason.
CLOSURE_REASON_WEIGHTS = {
    "work_complete": 40,
    "stepped_down": 25,
    "young_person_ended": 10,
    "stepped_up": 10,
    "moved_away": 8,
    "custody": 3,
    "other": 2,
}
# A case closed within the usual 6 months closes for one of these.
EARLY_CLOSURE_REASONS = ["young_person_ended", "moved_away", "stepped_up", "custody"]
OUTCOME_WEIGHTS = {
    "work_complete": {"goals_met": 70, "goals_partly_met": 30},
    "stepped_down": {"goals_met": 50, "goals_partly_met": 50},
    "young_person_ended": {"goals_partly_met": 40, "goals_not_met": 60},
    "stepped_up": {"goals_partly_met": 30, "goals_not_met": 70},
    "moved_away": {"goals_partly_met": 60, "goals_not_met": 40},
    "custody": {"goals_not_met": 100},
    "other": {"goals_partly_met": 100},
}
CLOSURE_NOTES = {
    "work_complete": "Plan reviewed with {name} and {carer}: its goals met or nearly, and "
    "things settled for three months. Closed by agreement; {name} knows how to get back in "
    "touch.",
    "stepped_down": "Stepped down to early help: the family plan is working and the school's "
    "pastoral lead is now the lead professional. Handover meeting held.",
    "young_person_ended": "{name} asked to stop the work and has not engaged since. Discussed "
    "with the social worker, who keeps visiting.",
    "stepped_up": "Risks grew despite the plan: stepped up to the social work team after a "
    "strategy meeting. Key worker went to the handover meeting.",
    "moved_away": "The family moved out of the area; the new council's children's services were "
    "told, with consent.",
    "custody": "Remanded to custody. Handed over to the Youth Offending Team and the "
    "establishment's case worker.",
    "other": "In hospital for a long stay; the social worker will refer again on discharge.",
}

PERFORMANCE_NOTES = {
    True: [
        "Caseload and recording reviewed: records up to date. Trauma-informed practice "
        "training booked.",
        "Good feedback from two families and a social worker. Supervision notes agreed.",
        "Working well across the team; agreed to lead the next group work block.",
    ],
    False: [
        "Five contacts written up late this quarter: weekly recording check-ins with the team "
        "manager for a month.",
        "Two plan reviews missed; agreed a diary system and a follow-up review in six weeks.",
    ],
}

ACTIVITY_TITLES = [
    "Group work",
    "Family network meeting",
    "Strategy meeting",
    "School liaison",
    "Return home interview",
]
