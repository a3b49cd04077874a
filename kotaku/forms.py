from django import forms
from django.utils.translation import gettext_lazy as _

from core import verification


class VerificationActionForm(forms.Form):
    """The officials' review queue: verify or return the selected items (``items`` are
    ``kind:pk:version`` tokens read by ``kotaku.verification.parse_tokens``)."""

    action = forms.ChoiceField(
        label=_("Tindakan"),
        choices=[(verification.VERIFY, _("Verifikasi")), (verification.RETURN, _("Kembalikan ke koordinator"))],
    )
    note = forms.CharField(
        label=_("Catatan / alasan"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("action") == verification.RETURN and not (data.get("note") or "").strip():
            self.add_error("note", _("Alasan wajib diisi untuk mengembalikan atau membuka kembali data."))
        return data
