"""Forms for officials and coordinators: area records and assessments.

Forms only collect input; the service decides and computes. An assessment form has one row of
fields per criterion of the chosen rule set and never a field for a score.
"""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from core.access import add_service_errors
from core.forms import AreaField, LengthField, PercentField, VolumeField, version_field
from core.limits import INTEGER_MAX, LONG_TEXT_MAX_LENGTH
from sites import scoring
from sites.models import Area, Assessment, Criterion, RuleSet, SlumLevel
from sites.services import InvalidAssessment
from sites.services.assessments import HEADER_KEYS

YES, NO = "ya", "tidak"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AreaRecordForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=1900, max_value=2100)
    recorded_on = forms.DateField(
        label=_("Tanggal"), required=False, widget=DateInput(), help_text=_("Kosongkan bila hanya tahunnya diketahui.")
    )
    area_ha = AreaField(label=_("Luas kumuh (Ha)"), min_value=0, max_digits=10, decimal_places=2)
    source = forms.CharField(label=_("Sumber"), max_length=255)
    note = forms.CharField(
        label=_("Catatan"), required=False, max_length=LONG_TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )


@dataclass(frozen=True)
class CriterionRow:
    criterion: Criterion
    volume: forms.BoundField
    denominator: forms.BoundField
    percent: forms.BoundField
    note: forms.BoundField
    result: scoring.CriterionScore | None


@dataclass(frozen=True)
class AspectGroup:
    number: int
    name: str
    rows: list[CriterionRow]
    result: scoring.AspectScore | None


class AssessmentForm(forms.Form):
    """An assessment under ``rule_set``: where, when, header data, one row per criterion,
    non-physical considerations and land legality."""

    rule_set = forms.CharField(widget=forms.HiddenInput)
    area = forms.ModelChoiceField(
        label=_("Wilayah yang dinilai"),
        queryset=Area.objects.none(),
        required=False,
        help_text=_("Satu RT di dalam lokasi, atau seluruh lokasi."),
    )
    assessed_on = forms.DateField(label=_("Tanggal penilaian"), widget=DateInput())
    source = forms.ChoiceField(label=_("Jenis data"), choices=Assessment.Source.choices)
    source_document = forms.CharField(label=_("Dokumen sumber"), max_length=255, required=False)
    regulation_version = forms.ChoiceField(
        label=_("Versi regulasi"),
        choices=[("", _("Sesuai aturan penilaian"))] + list(RuleSet.Regulation.choices),
        required=False,
    )
    verified_area_ha = AreaField(
        label=_("Luas terverifikasi (Ha)"), min_value=0, max_digits=10, decimal_places=2, required=False
    )
    buildings = forms.IntegerField(
        label=_("Jumlah bangunan (unit)"), min_value=0, max_value=INTEGER_MAX, required=False
    )
    population = forms.IntegerField(
        label=_("Jumlah penduduk (jiwa)"), min_value=0, max_value=INTEGER_MAX, required=False
    )
    households = forms.IntegerField(label=_("Jumlah KK"), min_value=0, max_value=INTEGER_MAX, required=False)
    road_length_m = LengthField(
        label=_("Panjang jalan lingkungan ideal (m)"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    drainage_length_m = LengthField(
        label=_("Panjang drainase ideal (m)"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    stated_level = forms.ChoiceField(
        label=_("Tingkat menurut sumber"),
        choices=[("", "—")] + list(SlumLevel.choices),
        required=False,
        help_text=_("Hanya bila sumber menyatakan kelasnya; kelas hasil hitungan dihitung sistem."),
    )
    notes = forms.CharField(
        label=_("Catatan"), required=False, max_length=LONG_TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    allow_incomplete = forms.BooleanField(
        label=_("Simpan walau data belum lengkap"),
        required=False,
        help_text=_("Kriteria tanpa data dibiarkan kosong; total dan tingkat kekumuhan tidak dihitung."),
    )
    version = version_field()

    HEADER_NAMES = HEADER_KEYS

    def __init__(self, *args, rule_set: RuleSet, rts, allow_whole_location: bool, **kwargs):
        super().__init__(*args, **kwargs)
        # not ``self.rule_set``: templates resolve ``form.rule_set`` to the hidden field
        self.scoring_rule_set = rule_set
        self.fields["rule_set"].initial = rule_set.code
        self.fields["area"].queryset = rts
        self.fields["area"].required = not allow_whole_location
        self.fields["area"].empty_label = _("Seluruh lokasi") if allow_whole_location else None
        self.criteria = list(rule_set.criteria.all())
        for criterion in self.criteria:
            unit = criterion.get_unit_display()
            self.fields[f"m_{criterion.code}_volume"] = VolumeField(
                label=_("Volume %(code)s (%(unit)s)") % {"code": criterion.code, "unit": unit},
                required=False,
                max_digits=14,
                decimal_places=2,
            )
            self.fields[f"m_{criterion.code}_denominator"] = VolumeField(
                label=_("Pembagi %(code)s") % {"code": criterion.code},
                required=False,
                max_digits=14,
                decimal_places=2,
            )
            self.fields[f"m_{criterion.code}_percent"] = PercentField(
                label=_("Persen %(code)s") % {"code": criterion.code},
                required=False,
                max_digits=8,
                decimal_places=4,
            )
            self.fields[f"m_{criterion.code}_note"] = forms.CharField(
                label=_("Catatan %(code)s") % {"code": criterion.code}, required=False, max_length=255
            )
        self.factors = list(rule_set.consideration_factors.all())
        for factor in self.factors:
            self.fields[f"c_{factor.code}"] = forms.ChoiceField(
                label=factor.name,
                required=False,
                choices=[("", _("Belum dinilai"))] + [(o.code, f"{o.label} ({o.score})") for o in factor.options.all()],
            )
        self.legality_items = list(rule_set.legality_items.all())
        for item in self.legality_items:
            self.fields[f"l_{item.code}"] = forms.ChoiceField(
                label=item.name,
                required=False,
                help_text=item.description,
                choices=[("", _("Belum diketahui")), (YES, _("Positif")), (NO, _("Negatif"))],
            )

    @classmethod
    def initial_from(cls, assessment: Assessment) -> dict:
        """Initial values for editing ``assessment`` (prefetched by ``assessment_list``)."""
        initial = {
            "area": assessment.area_id,
            "assessed_on": assessment.assessed_on,
            "source": assessment.source,
            "source_document": assessment.source_document,
            "regulation_version": assessment.regulation_version,
            "stated_level": assessment.stated_level,
            "notes": assessment.notes,
            "allow_incomplete": not assessment.is_complete,
            "version": assessment.version,
        }
        for name in HEADER_KEYS:
            initial[name] = getattr(assessment, name)
        for item in assessment.measurements.all():
            code = item.criterion.code
            initial.update(
                {
                    f"m_{code}_volume": item.volume,
                    f"m_{code}_denominator": item.denominator,
                    f"m_{code}_percent": item.given_percent,
                    f"m_{code}_note": item.note,
                }
            )
        for answer in assessment.consideration_answers.all():
            initial[f"c_{answer.factor.code}"] = answer.option.code
        for answer in assessment.legality_answers.all():
            initial[f"l_{answer.item.code}"] = YES if answer.is_positive else NO
        return initial

    def evaluation_input(self) -> dict:
        """What ``services.assessment_evaluate`` takes, from cleaned data."""
        data = self.cleaned_data
        measurements = {}
        for criterion in self.criteria:
            code = criterion.code
            given = {
                "volume": data.get(f"m_{code}_volume"),
                "denominator": data.get(f"m_{code}_denominator"),
                "percent": data.get(f"m_{code}_percent"),
                "note": data.get(f"m_{code}_note") or "",
            }
            if any(value not in (None, "") for value in given.values()):
                measurements[code] = given
        return {
            "rule_set": self.scoring_rule_set,
            "header": {name: data.get(name) for name in HEADER_KEYS},
            "measurements": measurements,
            "considerations": {f.code: data.get(f"c_{f.code}") for f in self.factors if data.get(f"c_{f.code}")},
            "legality": {
                i.code: data.get(f"l_{i.code}") == YES for i in self.legality_items if data.get(f"l_{i.code}")
            },
            "allow_incomplete": bool(data.get("allow_incomplete")),
        }

    def service_input(self) -> dict:
        """What ``services.assessment_create``/``assessment_update`` take (besides actor and place)."""
        data = self.cleaned_data
        return {
            **self.evaluation_input(),
            "area": data.get("area"),
            "assessed_on": data["assessed_on"],
            "source": data["source"],
            "source_document": data.get("source_document") or "",
            "regulation_version": data.get("regulation_version") or "",
            "stated_level": data.get("stated_level") or "",
            "notes": data.get("notes") or "",
        }

    def apply_errors(self, exc: ValidationError) -> None:
        """Put a service's errors on the fields they concern."""
        if not isinstance(exc, InvalidAssessment):
            add_service_errors(self, exc)
            return
        for section, value in exc.detail.items():
            if section == "measurements":
                for code, messages in value.items():
                    name = f"m_{code}_volume"
                    self.add_error(name if name in self.fields else None, [f"{code}: {m}" for m in messages])
            elif section == "header":
                for name, messages in value.items():
                    self.add_error(name if name in self.fields else None, messages)
            elif section in ("considerations", "legality"):
                prefix = "c_" if section == "considerations" else "l_"
                for code, messages in value.items():
                    name = f"{prefix}{code}"
                    self.add_error(name if name in self.fields else None, messages)
            else:
                self.add_error(section if section in self.fields else NON_FIELD_ERRORS, value)

    def aspect_groups(self, result: scoring.Result | None = None) -> list[AspectGroup]:
        """The criterion fields grouped by aspect, with the preview's scores when there is one."""
        groups: dict[int, AspectGroup] = {}
        aspect_results = {item.number: item for item in result.aspects} if result else {}
        for criterion in self.criteria:
            number = criterion.aspect.number
            if number not in groups:
                groups[number] = AspectGroup(number, criterion.aspect.name, [], aspect_results.get(number))
            code = criterion.code
            groups[number].rows.append(
                CriterionRow(
                    criterion=criterion,
                    volume=self[f"m_{code}_volume"],
                    denominator=self[f"m_{code}_denominator"],
                    percent=self[f"m_{code}_percent"],
                    note=self[f"m_{code}_note"],
                    result=result.criterion(code) if result else None,
                )
            )
        return list(groups.values())

    def place_fields(self):
        return [self[name] for name in ("area", "assessed_on", "source", "source_document", "regulation_version")]

    def header_fields(self):
        return [self[name] for name in HEADER_KEYS]

    def consideration_fields(self):
        return [self[f"c_{factor.code}"] for factor in self.factors]

    def legality_fields(self):
        return [self[f"l_{item.code}"] for item in self.legality_items]

    def closing_fields(self):
        return [self[name] for name in ("stated_level", "notes", "allow_incomplete")]


class CommunityAreasForm(forms.Form):
    """RW ``rw_from``–``rw_to``, each with RT ``rt_from``–``rt_to`` ("RW 001–006, each RT 001–004")."""

    rw_from = forms.IntegerField(label=_("RW dari"), min_value=1, max_value=999)
    rw_to = forms.IntegerField(label=_("RW sampai"), min_value=1, max_value=999)
    rt_from = forms.IntegerField(label=_("RT dari"), min_value=1, max_value=999, required=False)
    rt_to = forms.IntegerField(
        label=_("RT sampai"),
        min_value=1,
        max_value=999,
        required=False,
        help_text=_("Kosongkan RT bila hanya menambah RW. RW/RT yang sudah ada tidak diubah."),
    )

    def clean(self):
        data = super().clean()
        if data.get("rw_from") and data.get("rw_to") and data["rw_from"] > data["rw_to"]:
            self.add_error("rw_to", _("Harus sama dengan atau lebih besar dari nomor awal."))
        rt_from, rt_to = data.get("rt_from"), data.get("rt_to")
        if (rt_from is None) != (rt_to is None):
            self.add_error("rt_to", _("Isi kedua nomor RT, atau kosongkan keduanya."))
        elif rt_from and rt_to and rt_from > rt_to:
            self.add_error("rt_to", _("Harus sama dengan atau lebih besar dari nomor awal."))
        return data

    def ranges(self) -> tuple[range, range]:
        data = self.cleaned_data
        rts = range(data["rt_from"], data["rt_to"] + 1) if data.get("rt_from") else range(0)
        return range(data["rw_from"], data["rw_to"] + 1), rts
