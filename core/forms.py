from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from core import roles
from core.concurrency import VERSION_UNREADABLE
from core.formatting import number_id
from core.limits import BIG_INTEGER_MAX, BIG_INTEGER_MIN, INTEGER_MAX, LONG_TEXT_MAX_LENGTH
from core.numbers import NumberInputError, parse_decimal


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


class DecimalInput(forms.TextInput):
    """A text box for a decimal typed the Indonesian way: ``inputmode="decimal"`` brings up the
    phone's number keyboard, which (unlike ``type="number"``) keeps the comma and the dots.
    ``static/js/number_input.js`` shows beside it how the typed text was understood."""

    def __init__(self, kind: str = "number", attrs=None):
        defaults = {
            "inputmode": "decimal",
            "autocomplete": "off",
            "data-number-kind": kind,
            "data-number-error-nan": _("Belum terbaca sebagai angka."),
            "data-number-error-english": _("Pakai titik untuk ribuan dan koma untuk desimal, mis. 2.002,38."),
            "data-number-error-ambiguous": _(
                "Ribuan atau pecahan? Tulis 1234 atau 1.234,00 untuk ribuan, 1,234 untuk pecahan."
            ),
            "data-number-error-grouping": _("Titik pemisah ribuan memisahkan tiap tiga angka, mis. 250.000.000."),
        }
        super().__init__(attrs={**defaults, **(attrs or {})})

    def format_value(self, value):
        if value is None or value == "":
            return None
        if not isinstance(value, Decimal):
            try:
                value = parse_decimal(str(value))
            except NumberInputError:
                return str(value)  # shown as typed, beside its error
        return number_id(value, trim=True) if value is not None else None


class IndonesianDecimalField(forms.DecimalField):
    """Every decimal a person types (money, area, length, volume, percent): read by
    ``core.numbers.parse_decimal``, shown again in the Indonesian format. ``kind`` names the
    unit the page echoes (``money`` shows "= Rp 250.000.000")."""

    kind = "number"
    default_error_messages = {
        "max_digits": _("Terlalu panjang: paling banyak %(max)s angka."),
        "max_decimal_places": _("Paling banyak %(max)s angka di belakang koma."),
        "max_whole_digits": _("Terlalu besar: paling banyak %(max)s angka sebelum koma."),
    }

    def __init__(self, *, kind: str | None = None, **kwargs):
        self.kind = kind or self.kind
        kwargs.setdefault("widget", DecimalInput(self.kind))
        kwargs.pop("localize", None)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        # DecimalField adds ``step``/``min``/``max`` for a number input; a text box takes none.
        return forms.Field.widget_attrs(self, widget)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            number = parse_decimal(str(value))
        except NumberInputError as error:
            raise ValidationError(error.message, code="invalid") from None
        return number


class MoneyField(IndonesianDecimalField):
    kind = "money"


class AreaField(IndonesianDecimalField):
    kind = "area"


class LengthField(IndonesianDecimalField):
    kind = "length"


class VolumeField(IndonesianDecimalField):
    kind = "volume"


class PercentField(IndonesianDecimalField):
    kind = "percent"


BLANK_LABEL = _("— pilih —")


def friendly_blank_choices(form: forms.BaseForm) -> None:
    """Say "— pilih —" where Django would show "---------" in a select."""
    for field in form.fields.values():
        if getattr(field, "empty_label", None) == "---------":
            field.empty_label = BLANK_LABEL
        elif isinstance(field, forms.TypedChoiceField | forms.ChoiceField) and not isinstance(
            field, forms.ModelChoiceField
        ):
            choices = list(field.choices)
            if choices and choices[0] == ("", "---------"):
                field.choices = [("", BLANK_LABEL), *choices[1:]]


def preselect_only_choice(form: forms.BaseForm, name: str) -> None:
    """A new record whose user can choose only one value of ``name`` (a coordinator with a single
    location) starts with it chosen."""
    if form.is_bound or form.initial.get(name) or getattr(form.instance, f"{name}_id", None):
        return
    only = list(form.fields[name].queryset.values_list("pk", flat=True)[:2])
    if len(only) == 1:
        form.initial[name] = only[0]


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
