from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.forms import IdsChoiceField, limit_free_text, version_field
from core.limits import LONG_TEXT_MAX_LENGTH
from interventions.filters import AreaChoiceField
from interventions.models import FundingLine, FundingSource, Intervention, InterventionKind, Unit
from interventions.selectors import rt_rw_choices, stakeholder_choices, writable_locations, writable_rt_rw
from interventions.services import EDITABLE_FIELDS, FundingLineInput
from interventions.validators import validate_percent
from sites.models import Criterion

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InterventionForm(forms.ModelForm):
    """Create and edit an intervention. Choices are limited to the user's write scope; ``version``
    is the copy the form was made from (optimistic locking)."""

    version = version_field()

    class Meta:
        model = Intervention
        fields = [
            "location",
            "area",
            "kind",
            "title",
            "fiscal_year",
            "volume",
            "unit",
            "status",
            "start_date",
            "end_date",
            "progress_percent",
            "beneficiary_households",
            "implementer",
            "coordinator",
            "source_document",
            "reference",
            "notes",
        ]
        field_classes = {"area": AreaChoiceField}
        widgets = {
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "title": _("Kosongkan untuk memakai nama jenis kegiatan."),
            "area": _("Pilih lokasi dahulu; daftar ini hanya memuat RT/RW di dalam lokasi itu."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        limit_free_text(self)
        self.fields["location"].queryset = writable_locations(user=user)
        self.fields["location"].widget.attrs.update(
            {
                "hx-get": reverse("interventions:intervention-area-options"),
                "hx-target": "#id_area",
                "hx-trigger": "change",
            }
        )
        self.fields["area"].queryset = writable_rt_rw(user=user)
        self.fields["area"].widget.choices = AreaChoiceField(
            queryset=rt_rw_choices(user=user, location=self._chosen_location())
        ).choices
        kinds = InterventionKind.objects.filter(is_active=True)
        if self.instance.kind_id:
            kinds = InterventionKind.objects.filter(pk=self.instance.kind_id) | kinds
        self.fields["kind"].queryset = kinds.select_related("aspect")
        self.fields["unit"].queryset = Unit.objects.all()
        self.fields["implementer"].queryset = stakeholder_choices()
        self.fields["coordinator"].queryset = stakeholder_choices()
        self.fields["title"].required = False
        if self.instance.pk:
            self.fields["version"].required = True
            self.fields["version"].initial = self.instance.version

    def _chosen_location(self):
        """The location the user picked (or the edited row's), to offer only its RT/RWs."""
        value = self.data.get("location") if self.is_bound else None
        if value:
            try:
                return self.fields["location"].clean(value)
            except ValidationError:
                return None
        return self.instance.location if self.instance.location_id else None

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS if name in self.cleaned_data}


class FundingLineForm(forms.ModelForm):
    class Meta:
        model = FundingLine
        fields = ["source", "fiscal_year", "amount", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sources = FundingSource.objects.filter(is_active=True)
        if self.instance.source_id:
            sources = FundingSource.objects.filter(pk=self.instance.source_id) | sources
        self.fields["source"].queryset = sources


FundingLineFormSet = forms.inlineformset_factory(
    Intervention,
    FundingLine,
    form=FundingLineForm,
    extra=0,
    min_num=1,
    validate_min=True,
    can_delete=True,
)


def funding_line_inputs(formset) -> list[FundingLineInput]:
    """The submitted lines (blank extra rows and rows marked for deletion left out)."""
    inputs = []
    for form in formset.forms:
        if formset.can_delete and formset._should_delete_form(form):
            continue
        if not form.instance.pk and not form.has_changed():
            continue
        data = form.cleaned_data
        inputs.append(
            FundingLineInput(
                source=data["source"],
                fiscal_year=data["fiscal_year"],
                amount=data["amount"],
                note=data.get("note", ""),
                id=form.instance.pk,
            )
        )
    return inputs


class ProgressUpdateForm(forms.Form):
    date = forms.DateField(label=_("Tanggal"), widget=DATE_WIDGET)
    percent = forms.DecimalField(label=_("Kemajuan (%)"), max_digits=5, decimal_places=2, validators=[validate_percent])
    note = forms.CharField(
        label=_("Catatan"), required=False, max_length=LONG_TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    photo = forms.FileField(
        label=_("Foto"),
        required=False,
        help_text=_("Opsional. JPEG, PNG, atau WebP."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )


class FundingSourceForm(forms.ModelForm):
    class Meta:
        model = FundingSource
        fields = ["code", "name", "level", "notes", "is_active", "order"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_free_text(self)


class CriterionChoiceField(IdsChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name} ({obj.rule_set.name})"


class InterventionKindForm(forms.ModelForm):
    class Meta:
        model = InterventionKind
        fields = ["code", "name", "aspect", "units", "default_unit", "criteria", "description", "is_active", "order"]
        field_classes = {"criteria": CriterionChoiceField}
        widgets = {
            "units": forms.CheckboxSelectMultiple,
            "criteria": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_free_text(self)
        self.fields["criteria"].queryset = Criterion.objects.select_related("rule_set").order_by(
            "rule_set__code", "order", "code"
        )
        self.fields["criteria"].required = False

    def service_data(self) -> dict:
        return dict(self.cleaned_data)
