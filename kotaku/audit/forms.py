from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kotaku.audit import selectors

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditFilterForm(forms.Form):
    """The audit log's filters; ``filters()`` turns whichever of them are valid into a query."""

    kind = forms.ChoiceField(label=_("Jenis rekaman"), required=False)
    user = forms.ModelChoiceField(
        label=_("Pengguna"), queryset=get_user_model().objects.none(), required=False, empty_label=_("Semua")
    )
    change = forms.ChoiceField(
        label=_("Perubahan"),
        required=False,
        choices=[
            ("", _("Semua")),
            ("created", _("+ dibuat")),
            ("changed", _("~ diubah")),
            ("deleted", _("- dihapus")),
        ],
    )
    date_from = forms.DateField(label=_("Sejak tanggal"), required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("Sampai tanggal"), required=False, widget=DATE_WIDGET)
    q = forms.CharField(
        label=_("Cari rekaman"),
        required=False,
        max_length=100,
        help_text=_("Nama, judul, kode atau nomor rekaman pada saat perubahan, atau #id."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Semua")), *selectors.model_choices()]
        user_model = get_user_model()
        self.fields["user"].queryset = user_model.objects.order_by(user_model.USERNAME_FIELD)
        self.fields["user"].to_field_name = user_model.USERNAME_FIELD

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise ValidationError(_("Tanggal awal jatuh setelah tanggal akhir."))
        return cleaned

    def filters(self) -> selectors.AuditFilters:
        """The fields that are valid (call after ``is_valid()``); an unbound form filters nothing."""
        data = getattr(self, "cleaned_data", {})
        user = data.get("user")
        return selectors.AuditFilters(
            kind=data.get("kind") or "",
            user_id=user.pk if user else None,
            change_type=data.get("change") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            text=(data.get("q") or "").strip(),
        )
