from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = "Peer mentoring"

    def ready(self) -> None:
        # Mentors, matches and mentee referrals get references the records' way (M-0001,
        # MA-0001, MR-0001...): registered from here, as contracts sits below this app.
        from contracts.records.refs import REF_SCHEMES, RefScheme

        from .models import Match, MenteeReferral, Mentor

        REF_SCHEMES.setdefault(Mentor, RefScheme("M"))
        REF_SCHEMES.setdefault(Match, RefScheme("MA"))
        REF_SCHEMES.setdefault(MenteeReferral, RefScheme("MR"))
