"""The upload form of the import page."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wenming.imports.selectors import import_regions


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("志愿者表格（.xlsx）"),
        help_text=_("请使用导入模板；上传后先预览，确认后才导入。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    region: forms.ModelChoiceField = forms.ModelChoiceField(label=_("导入到区划"), queryset=None, empty_label=None)  # type: ignore[arg-type]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = import_regions(user=user)  # type: ignore[attr-defined]
