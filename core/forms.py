from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from core import roles
from core.concurrency import VERSION_UNREADABLE
from core.limits import BIG_INTEGER_MAX, BIG_INTEGER_MIN, INTEGER_MAX, LONG_TEXT_MAX_LENGTH


def version_field() -> forms.IntegerField:
    """The hidden ``version`` of an edit form: the copy the user edited (optimistic locking). A
    tampered or garbled value is one readable error, never a conflict or a 500."""
    return forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        min_value=1,
        max_value=INTEGER_MAX,
        error_messages={
            "invalid": VERSION_UNREADABLE,
            "min_value": VERSION_UNREADABLE,
            "max_value": VERSION_UNREADABLE,
        },
    )


def limit_free_text(form: forms.BaseForm) -> None:
    """Give every text field that has no length limit (a model ``TextField``) the project's one,
    so that a megabyte pasted into a note is a form error instead of a row."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and field.max_length is None:
            field.max_length = LONG_TEXT_MAX_LENGTH
            field.validators.append(MaxLengthValidator(LONG_TEXT_MAX_LENGTH))
            field.widget.attrs.update(field.widget_attrs(field.widget))


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """A many-to-many choice that refuses ids no integer column can hold before it queries: Django
    sends them in ``pk__in``, which the SQLite driver cannot (a server error, not a form error)."""

    def _check_values(self, value):
        if self.to_field_name is None:
            for pk in value:
                try:
                    in_range = BIG_INTEGER_MIN <= int(str(pk)) <= BIG_INTEGER_MAX
                except ValueError:
                    continue  # not a number: Django's own check names it
                if not in_range:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                    )
        return super()._check_values(value)


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
