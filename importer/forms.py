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
