from __future__ import annotations

from django import forms

from .models import REASON_LENGTH


class EraseForm(forms.Form):
    """Typing the young person's reference confirms which record goes."""

    reference = forms.CharField(label="Type the young person's reference to confirm", max_length=50)
    reason = forms.CharField(
        label="Why they are being erased",
        max_length=REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: their request under the UK GDPR, article 17, received "
        "01/12/2026. Do not write their name: this reason is kept.",
    )

    def __init__(self, *args, expected: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected = expected

    def clean_reference(self) -> str:
        typed = self.cleaned_data["reference"].strip()
        if typed != self.expected:
            raise forms.ValidationError(
                f"That is not this young person's reference: type {self.expected} exactly."
            )
        return typed


class HoldForm(forms.Form):
    reason = forms.CharField(
        label="Why their records must be kept",
        max_length=REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: a complaint under investigation, or a court case. Do not "
        "write their name.",
    )
