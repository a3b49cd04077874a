"""Forms for recording collaboration evidence. They validate (the model's own rules included, in
Indonesian) and hand plain values to the services; they never save anything themselves."""

from django import forms
from django.utils.translation import gettext_lazy as _

from collaboration import selectors
from collaboration.fuzzydate import FuzzyDate
from collaboration.models import (
    Agreement,
    ContactPerson,
    DataSharing,
    Meeting,
    Milestone,
    Outcome,
    SharedGoal,
    StageAssessment,
)
from collaboration.services import AttendanceRow
from core.forms import (
    VERSION_UNREADABLE,
    IdsChoiceField,
    IndonesianDecimalField,
    friendly_blank_choices,
    limit_free_text,
    preselect_only_choice,
    version_field,
)
from core.limits import INTEGER_MAX
from interventions.selectors import area_label
from sites.models import Stakeholder

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FUZZY_WIDGETS = {
    "date": DATE_WIDGET,
    "due_date": DATE_WIDGET,
    "done_date": DATE_WIDGET,
    "target_date": DATE_WIDGET,
}
FUZZY_FIELDS = {
    "when": ("date_precision", "date", "year"),
    "due": ("due_precision", "due_date", "due_year"),
    "done": ("done_precision", "done_date", "done_year"),
    "target_when": ("target_precision", "target_date", "target_year"),
}
TEXTAREA = forms.Textarea(attrs={"rows": 3})


class VersionedForm(forms.ModelForm):
    """A model form for a service: ``version`` carries the copy the user edited (optimistic lock),
    ``service_values()`` turns the cleaned data into the service's keyword arguments."""

    version = version_field()
    many_fields: tuple[str, ...] = ()

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        limit_free_text(self)
        friendly_blank_choices(self)
        self.user = user
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
        for name in self.many_fields:
            if name in self.fields and self.fields[name].queryset.model is Stakeholder:
                self.fields[name].queryset = Stakeholder.objects.filter(is_active=True).order_by("name")

    def clean_version(self):
        version = self.cleaned_data.get("version")
        if self.instance.pk and version is None:
            raise forms.ValidationError(VERSION_UNREADABLE)
        return version

    def service_values(self) -> tuple[dict, dict]:
        """``(changes, lists)``: plain field values (fuzzy dates folded into one value each) and the
        many-to-many lists, keyed by the service's argument names."""
        data = self.cleaned_data
        skip = {"version", *self.many_fields}
        changes = {}
        folded = set()
        for name, parts in FUZZY_FIELDS.items():
            if parts[0] in self.fields:
                changes[name] = FuzzyDate(data.get(parts[0]), data.get(parts[1]), data.get(parts[2])).normalised()
                folded.update(parts)
        for name in self._meta.fields:
            if name in self.fields and name not in skip and name not in folded:
                changes[name] = data.get(name)
        lists = {name: list(data.get(name) or []) for name in self.many_fields if name in self.fields}
        return changes, lists


class LocatedForm(VersionedForm):
    """Evidence about a location: only locations inside the user's write scope can be chosen."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = selectors.editable_locations(self.user)
        preselect_only_choice(self, "location")


class MeetingForm(LocatedForm):
    many_fields = ("people",)

    class Meta:
        model = Meeting
        fields = [
            "location",
            "title",
            "forum_type",
            "date_precision",
            "date",
            "year",
            "agenda",
            "minutes",
            "decisions",
            "people",
            "notes",
            "source",
        ]
        widgets = {**FUZZY_WIDGETS, "agenda": TEXTAREA, "minutes": TEXTAREA, "decisions": TEXTAREA, "notes": TEXTAREA}
        field_classes = {"people": IdsChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = selectors.contact_person_list(user=self.user)
        self.fields["people"].help_text = _("Data pribadi: hanya terlihat oleh pejabat dan koordinator.")


class AttendanceForm(forms.Form):
    stakeholder = forms.ModelChoiceField(label=_("Pemangku kepentingan"), queryset=Stakeholder.objects.none())
    participants = forms.IntegerField(label=_("Jumlah peserta"), min_value=0, max_value=INTEGER_MAX, required=False)
    women = forms.IntegerField(label=_("Perempuan"), min_value=0, max_value=INTEGER_MAX, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stakeholder"].queryset = Stakeholder.objects.filter(is_active=True).order_by("name")
        friendly_blank_choices(self)

    def clean(self):
        data = super().clean()
        participants, women = data.get("participants"), data.get("women")
        if participants is not None and women is not None and women > participants:
            self.add_error("women", _("Jumlah peserta perempuan tidak boleh melebihi jumlah peserta."))
        return data


class BaseAttendanceFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            stakeholder = form.cleaned_data.get("stakeholder") if form.has_changed() else None
            if stakeholder is None or form.cleaned_data.get("DELETE"):
                continue
            if stakeholder.pk in seen:
                raise forms.ValidationError(
                    _("%(name)s tercantum lebih dari sekali dalam daftar hadir.") % {"name": stakeholder}
                )
            seen.add(stakeholder.pk)

    def rows(self) -> list[AttendanceRow]:
        return [
            AttendanceRow(
                form.cleaned_data["stakeholder"], form.cleaned_data["participants"], form.cleaned_data["women"]
            )
            for form in self.forms
            if form.has_changed() and form.cleaned_data.get("stakeholder") and not form.cleaned_data.get("DELETE")
        ]


AttendanceFormSet = forms.formset_factory(AttendanceForm, formset=BaseAttendanceFormSet, extra=3, can_delete=True)


def attendance_initial(meeting: Meeting) -> list[dict]:
    return [
        {"stakeholder": row.stakeholder_id, "participants": row.participants, "women": row.women}
        for row in meeting.attendance.all()
    ]


class DataSharingForm(LocatedForm):
    many_fields = ("to_stakeholders",)

    class Meta:
        model = DataSharing
        fields = [
            "location",
            "title",
            "kind",
            "data_shared",
            "is_mutual",
            "from_stakeholder",
            "to_stakeholders",
            "date_precision",
            "date",
            "year",
            "notes",
            "source",
        ]
        widgets = {**FUZZY_WIDGETS, "notes": TEXTAREA}
        field_classes = {"to_stakeholders": IdsChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_stakeholder"].queryset = Stakeholder.objects.filter(is_active=True).order_by("name")


class AgreementForm(LocatedForm):
    many_fields = ("signatories",)

    class Meta:
        model = Agreement
        fields = [
            "location",
            "title",
            "kind",
            "number",
            "date_precision",
            "date",
            "year",
            "signatories",
            "summary",
            "timeline_note",
            "notes",
            "source",
        ]
        widgets = {**FUZZY_WIDGETS, "summary": TEXTAREA, "timeline_note": TEXTAREA, "notes": TEXTAREA}
        field_classes = {"signatories": IdsChoiceField}


class MilestoneForm(VersionedForm):
    class Meta:
        model = Milestone
        fields = [
            "title",
            "order",
            "status",
            "due_precision",
            "due_date",
            "due_year",
            "done_precision",
            "done_date",
            "done_year",
            "note",
        ]
        widgets = {**FUZZY_WIDGETS, "note": TEXTAREA}


class SharedGoalForm(LocatedForm):
    many_fields = ("endorsers",)

    class Meta:
        model = SharedGoal
        fields = [
            "location",
            "title",
            "statement",
            "target_metric",
            "target_value",
            "target_precision",
            "target_date",
            "target_year",
            "endorsers",
            "date_precision",
            "date",
            "year",
            "notes",
            "source",
        ]
        widgets = {**FUZZY_WIDGETS, "statement": TEXTAREA, "notes": TEXTAREA}
        field_classes = {"endorsers": IdsChoiceField, "target_value": IndonesianDecimalField}


class OutcomeForm(LocatedForm):
    many_fields = ("stakeholders", "interventions")

    class Meta:
        model = Outcome
        fields = [
            "location",
            "title",
            "kind",
            "status",
            "date_precision",
            "date",
            "year",
            "stakeholders",
            "interventions",
            "description",
            "notes",
            "source",
        ]
        widgets = {**FUZZY_WIDGETS, "description": TEXTAREA, "notes": TEXTAREA}
        field_classes = {"stakeholders": IdsChoiceField, "interventions": IdsChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interventions"].queryset = selectors.intervention_choices(self.user)
        self.fields["interventions"].label_from_instance = intervention_label
        self.fields["interventions"].help_text = _("Hanya intervensi di lokasi yang sama yang dapat dikaitkan.")


def intervention_label(intervention) -> str:
    return f"{intervention.title} · {area_label(intervention.area)} · {intervention.fiscal_year}"


class StageAssessmentForm(LocatedForm):
    class Meta:
        model = StageAssessment
        fields = [
            "location",
            "stage",
            "level",
            "date_precision",
            "date",
            "year",
            "assessor_name",
            "evidence_note",
            "source",
        ]
        widgets = {**FUZZY_WIDGETS, "evidence_note": TEXTAREA}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            # The service records the signed-in user as assessor unless a name is typed.
            self.instance.assessor_user = self.user
        self.fields["level"].queryset = selectors.rubric_levels()
        self.fields["level"].label_from_instance = lambda level: (
            f"{level.rubric.name} · {level.get_stage_display()} · {level.rank}. {level.label}"
        )


class ContactPersonForm(VersionedForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "position", "phone", "email", "gender"]
