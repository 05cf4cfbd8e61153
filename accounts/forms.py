"""The forms of two-step verification: a code, and the password asked again before removing it."""

from __future__ import annotations

from django import forms


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=40,
        strip=True,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autofocus": True,
                "class": "form-control-lg code-input",
                "spellcheck": "false",
            }
        ),
    )

    def __init__(
        self, *args, label: str = "Code", help_text: str = "", numeric: bool = False, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].label = label
        self.fields["code"].help_text = help_text
        if numeric:
            # A phone's number pad; not on the sign-in step, where a recovery code has letters.
            self.fields["code"].widget.attrs["inputmode"] = "numeric"


class PasswordAgainForm(forms.Form):
    """The person's password again: whoever finds a signed-in screen cannot take the second
    factor off it."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password. Try again.")
        return password
