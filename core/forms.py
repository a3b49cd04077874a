from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core import roles


class ApiTokenIssueForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Pemilik token"),
        queryset=get_user_model().objects.none(),
        help_text=_("Biasanya akun peneliti. Token membaca data dengan hak akses pemiliknya."),
    )
    name = forms.CharField(
        label=_("Nama token"),
        max_length=100,
        help_text=_('Untuk apa token ini, mis. "analisis R di laptop kantor".'),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, groups__name__in=roles.ROLE_GROUPS)
            .distinct()
            .order_by("username")
        )
