from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms


class ImportUploadForm(forms.Form):
    workbook = forms.FileField(
        label="Workbook (.xlsx)",
        help_text="One sheet per table, named as in the template. Nothing changes until you "
        "have seen what the import would do and confirmed it.",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout("workbook", Submit("check", "Check the workbook"))


class Ssda903UploadForm(forms.Form):
    """A council's SSDA903 Header and Episodes files, as CSV."""

    header = forms.FileField(
        label="Header file (.csv)",
        help_text="One row per child: CHILD, and DOB to check each match.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    episodes = forms.FileField(
        label="Episodes file (.csv)",
        help_text="One row per episode: CHILD, DECOM, LS, PLACE and DEC are used.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.layout = Layout(
            "header", "episodes", Submit("check_ssda903", "Check the council's files")
        )
