"""Which pages the audit writes down: the one place that says so.

Every named page of Tamar is in exactly one of `AUDITED` (or under a namespace of
`AUDITED_NAMESPACES`) or `NO_PERSONAL_DATA`; tests/audit/test_pages.py fails when a page is
added to the URLconf and left out of both, and when a page shows a young person's or a mentor's
name without being audited. A signed-in user's successful GET of an audited page is one row of
its kind; a 403 or 404 on it (any method) is a "refused" row. A page that only takes a POST is
listed by what it acts on, so a refused attempt is written too.
"""

from __future__ import annotations

from .models import Kind

VIEW, EXPORT, DOWNLOAD = Kind.VIEW, Kind.EXPORT, Kind.DOWNLOAD

AUDITED: dict[str, Kind] = {
    # A contract's young people, each young person's page and their records.
    "contracts:young_people": VIEW,
    "contracts:young_person_detail": VIEW,
    "contracts:young_person_edit": VIEW,
    "contracts:care_status_add": VIEW,
    "contracts:care_status_edit": VIEW,
    "contracts:placement_add": VIEW,
    "contracts:placement_edit": VIEW,
    "contracts:outcome_assessment_add": VIEW,
    "contracts:outcome_assessment_edit": VIEW,
    "contracts:feedback_add": VIEW,
    "contracts:feedback_edit": VIEW,
    "contracts:information_add": VIEW,
    "contracts:information_edit": VIEW,
    "contracts:accreditation_add": VIEW,
    "contracts:accreditation_edit": VIEW,
    # A session's register lists who attended.
    "contracts:session_register": VIEW,
    # Every casework page: referrals, cases and their records, caseloads, the key workers,
    # their performance reviews and activities.
    "contracts:caseloads": VIEW,
    "contracts:my_cases": VIEW,
    "contracts:referrals": VIEW,
    "contracts:referral_add": VIEW,
    "contracts:referral_detail": VIEW,
    "contracts:referral_allocate": VIEW,
    "contracts:case_detail": VIEW,
    "contracts:contact_add": VIEW,
    "contracts:contact_edit": VIEW,
    "contracts:planned_contact_add": VIEW,
    "contracts:assessment_add": VIEW,
    "contracts:assessment_edit": VIEW,
    "contracts:plan_add": VIEW,
    "contracts:plan_review_add": VIEW,
    "contracts:case_close": VIEW,
    "contracts:key_workers": VIEW,
    "contracts:key_worker_add": VIEW,
    "contracts:key_worker_edit": VIEW,
    "contracts:performance_reviews": VIEW,
    "contracts:performance_review_add": VIEW,
    "contracts:performance_review_edit": VIEW,
    "contracts:activities": VIEW,
    "contracts:activity_add": VIEW,
    "contracts:activity_edit": VIEW,
    # The records behind a KPI figure (drill-downs), and a Funds4 Care round's report.
    "kpis:records": VIEW,
    "kpis:f4c_round_report": VIEW,
    "kpis:f4c_round_report_csv": EXPORT,
    # Funds4 Care: the applications (and their files), and young people's roles.
    "funds4care:home": VIEW,
    "funds4care:application_add": VIEW,
    "funds4care:application": VIEW,
    "funds4care:application_edit": VIEW,
    "funds4care:withdraw": VIEW,
    "funds4care:decide": VIEW,
    "funds4care:payment": VIEW,
    "funds4care:onward_support": VIEW,
    "funds4care:file_add": VIEW,
    "funds4care:file": DOWNLOAD,
    "funds4care:file_remove": VIEW,
    "funds4care:role_add": VIEW,
    "funds4care:role_end": VIEW,
    # The grant panel's pseudonymised applications, and the chair's moderation.
    "f4c_panel:round": VIEW,
    "f4c_panel:application": VIEW,
    "f4c_panel:moderation": VIEW,
    "f4c_panel:decide": VIEW,
    # Files that leave Tamar: a return as Excel and PDF, the board report; a return's
    # attachments.
    "reports:return_xlsx": EXPORT,
    "reports:return_pdf": EXPORT,
    "reports:board_report": EXPORT,
    "returns:attachment": DOWNLOAD,
    # Who saw a young person (this app), and its CSV.
    "audit:young_person": VIEW,
    "audit:young_person_csv": EXPORT,
    # A young person's privacy page (privacy/): their export, legal holds and erasure.
    "privacy:young_person": VIEW,
    "privacy:export": Kind.SUBJECT_ACCESS,
    "privacy:hold": VIEW,
    "privacy:lift": VIEW,
    "privacy:erase": VIEW,
}

# Whole namespaces: every page of peer mentoring (mentors, referrals, matches, supervision;
# commissioners see the overview by reference), and Django's admin, which shows every record.
AUDITED_NAMESPACES: dict[str, Kind] = {"mentoring": VIEW, "admin": VIEW}

# Pages with no young person's personal data: signing in and out, lists of contracts and
# returns, a contract's own settings and its history, sessions, initiatives and funding (no
# names), figures (KPI tables, targets, trends, the dashboard: counts), the return itself (its
# figures and the provider's anonymised narrative; its files are exports, above), funds and
# rounds, the import's upload forms and template (what a preview shows, the person uploaded),
# a panel member's list of rounds.
NO_PERSONAL_DATA: frozenset[str] = frozenset(
    {
        "home",
        "login",
        "logout",
        "password_change",
        # A person's own sessions (accounts): their devices, nobody else's data.
        "account_sessions",
        # Their own two-step verification: whether it is on, their app's key and QR code, their
        # recovery codes (secrets of their account, never a child's data).
        "two_step",
        "two_step_verify",
        "two_step_enrol",
        "two_step_recovery_codes",
        "two_step_remove",
        "password_change_done",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "overdue_returns",
        "dashboard:index",
        "contracts:detail",
        "contracts:edit",
        "contracts:history",
        "contracts:young_person_add",
        "contracts:sessions",
        "contracts:session_add",
        "contracts:session_edit",
        "contracts:initiatives",
        "contracts:initiative_add",
        "contracts:initiative_edit",
        "contracts:additional_funding",
        "contracts:additional_funding_add",
        "contracts:additional_funding_edit",
        "importer:import",
        "importer:import_confirm",
        "importer:import_cancel",
        "importer:ssda903",
        "importer:ssda903_confirm",
        "importer:ssda903_cancel",
        "importer:import_template",
        "kpis:table",
        "kpis:targets",
        "kpis:trend",
        "returns:list",
        "returns:open",
        "returns:detail",
        "returns:edit",
        # A frozen return's figures beside what the records give now: counts, no names.
        "returns:changes",
        "returns:submit",
        "returns:request_changes",
        "returns:approve",
        "returns:reopen",
        "returns:comment",
        "returns:attach",
        "returns:remove_attachment",
        "funds4care:fund_edit",
        "funds4care:fund_open",
        "funds4care:round_add",
        "funds4care:round_edit",
        "f4c_panel:home",
    }
)

# Where a page's URL names a young person: a URL parameter that is their id, or the id of a
# record of theirs (the model and its field naming them), by namespace or by the page's full
# name. Read in the audit's one INSERT (a subquery), never by a query of its own.
YOUNG_PERSON_IDS = frozenset({"young_person_pk"})
YOUNG_PERSON_RECORDS: dict[tuple[str, str], tuple[str, str]] = {
    ("contracts", "case_pk"): ("contracts.Case", "young_person"),
    ("contracts", "referral_pk"): ("contracts.Referral", "young_person"),
    ("mentoring", "referral_pk"): ("mentoring.MenteeReferral", "young_person"),
    ("mentoring", "match_pk"): ("mentoring.Match", "mentee"),
    ("mentoring", "mentor_pk"): ("mentoring.Mentor", "young_person"),
    ("funds4care", "application_id"): ("funds4care.Application", "young_person"),
    ("f4c_panel", "application_pk"): ("funds4care.Application", "young_person"),
    ("admin:contracts_youngperson_change", "object_id"): ("contracts.YoungPerson", "pk"),
}


def kind_of(view_name: str, namespaces: list[str]) -> Kind | None:
    """What a successful GET of this page is, or None if it is not audited."""
    if view_name in AUDITED:
        return AUDITED[view_name]
    for namespace in namespaces:
        if namespace in AUDITED_NAMESPACES:
            return AUDITED_NAMESPACES[namespace]
    return None
