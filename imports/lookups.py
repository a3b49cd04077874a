"""Codes in a spreadsheet turned into records, each table read once per import.

A cell may name a record by its code or by its name (case and spacing ignored); a name that two
records share is refused as ambiguous. RT/RW are written relative to the location
("RW006/RT002", "RT002-RW006", "rt 2 rw 6" are the same RT); where a location spans several
kelurahan, the kelurahan's Kemendagri code goes in front ("21.72.03.1005/RW006/RT002").
"""

import re

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from imports.cells import CellError, key
from interventions.models import FundingSource, Intervention, InterventionKind, Unit
from sites.models import Area, Assessment, RuleSet, SlumLevel, SlumLocation, Stakeholder
from sites.selectors import rule_sets

AMBIGUOUS = object()
TOKEN = re.compile(r"\b(rw|rt)\s*[.:\-]?\s*([0-9a-z]+)")
CODE_PREFIX = re.compile(r"^\s*(\d+(?:\.\d+)+)\s*[/\s]\s*(.*)$")


def location_code(location: SlumLocation) -> str:
    """The natural key of a slum location: its decree's area code, decree number/year, and number."""
    decree = location.decree
    where = decree.area.code or decree.area.path.rstrip("/")
    return f"{where} {decree.number}/{decree.year} #{location.number}"


def _name_key(name: str) -> str:
    name = name.strip().lower()
    return str(int(name)) if name.isdigit() else name


def _canonical(rw: str, rt: str | None) -> str:
    return f"rw{_name_key(rw)}" + (f"/rt{_name_key(rt)}" if rt is not None else "")


def _area_canonical(area: Area) -> str:
    if area.level == Area.Level.RT:
        return _canonical(area.parent.name, area.name)
    return _canonical(area.name, None)


def rt_rw_label(area: Area) -> str:
    """ "RW006/RT002" for an RT (its parent joined in), "RW006" for an RW."""
    if area.level == Area.Level.RT:
        return f"RW{area.parent.name}/RT{area.name}"
    return f"RW{area.name}"


class Choices:
    """Records found by any of their aliases; an alias two records share is ambiguous."""

    def __init__(self, items):
        self.by_alias: dict = {}
        self.by_pk: dict = {}
        for obj, aliases in items:
            self.by_pk[obj.pk] = obj
            for alias in {key(alias) for alias in aliases if alias}:
                found = self.by_alias.get(alias)
                self.by_alias[alias] = obj if found is None or found is obj else AMBIGUOUS

    def find(self, value, *, what: str):
        wanted = key(value)
        found = self.by_alias.get(wanted)
        if found is AMBIGUOUS:
            raise CellError(_("%(what)s “%(value)s” tidak tunggal; pakai kodenya.") % {"what": what, "value": value})
        if found is None:
            raise CellError(
                _("%(what)s “%(value)s” tidak dikenal; lihat daftar di lembar petunjuk.")
                % {"what": what, "value": str(value).strip()}
            )
        return found


class ChoiceList:
    """A TextChoices found by its code or its label."""

    def __init__(self, choices):
        self.by_alias = {}
        for value, label in choices:
            self.by_alias[key(value)] = value
            self.by_alias[key(str(label))] = value

    def find(self, value, *, what: str) -> str:
        found = self.by_alias.get(key(value))
        if found is None:
            raise CellError(
                _("%(what)s “%(value)s” tidak dikenal; lihat daftar di lembar petunjuk.")
                % {"what": what, "value": str(value).strip()}
            )
        return found


class Lookups:
    """Caches for one import. Reference tables are read on first use; RT/RW per location subtree."""

    def __init__(self):
        self._cache: dict = {}
        self._indexes: dict[int, dict] = {}
        self.areas_by_pk: dict[int, Area] = {}

    def _cached(self, name, build):
        if name not in self._cache:
            self._cache[name] = build()
        return self._cache[name]

    # --- reference tables -------------------------------------------------------------------

    @property
    def locations(self) -> Choices:
        def build():
            rows = SlumLocation.objects.select_related("area", "decree__area")
            return Choices((row, [location_code(row), row.display_name]) for row in rows)

        return self._cached("locations", build)

    @property
    def kinds(self) -> Choices:
        def build():
            rows = InterventionKind.objects.prefetch_related(Prefetch("units", queryset=Unit.objects.order_by("order")))
            return Choices((row, [row.code, row.name]) for row in rows)

        return self._cached("kinds", build)

    @property
    def units(self) -> Choices:
        return self._cached("units", lambda: Choices((row, [row.code, row.symbol]) for row in Unit.objects.all()))

    @property
    def sources(self) -> Choices:
        return self._cached(
            "sources", lambda: Choices((row, [row.code, row.name]) for row in FundingSource.objects.all())
        )

    @property
    def stakeholders(self) -> Choices:
        return self._cached(
            "stakeholders",
            lambda: Choices((row, [row.name, row.short_name]) for row in Stakeholder.objects.all()),
        )

    @property
    def rule_sets(self) -> Choices:
        return self._cached("rule_sets", lambda: Choices((row, [row.code, row.name]) for row in rule_sets()))

    statuses = ChoiceList(Intervention.Status.choices)
    assessment_sources = ChoiceList(Assessment.Source.choices)
    slum_levels = ChoiceList(SlumLevel.choices)
    regulations = ChoiceList(RuleSet.Regulation.choices)

    # --- RT/RW ------------------------------------------------------------------------------

    def _index(self, root: Area) -> dict:
        if root.pk not in self._indexes:
            index: dict = {}
            areas = (
                Area.objects.in_subtree(root)
                .of_level(Area.Level.RW, Area.Level.RT)
                .select_related("parent__parent")
                .order_by("path")
            )
            for area in areas:
                self.areas_by_pk[area.pk] = area
                name = _area_canonical(area)
                index[name] = area if name not in index else AMBIGUOUS
            self._indexes[root.pk] = index
        return self._indexes[root.pk]

    def area(self, location: SlumLocation, value, *, rt_only: bool = False) -> Area:
        """The RT (or RW) named by ``value`` inside ``location``'s area."""
        raw = str(value).strip()
        root = location.area
        coded = CODE_PREFIX.match(raw)
        if coded:
            root = self._coded_area(coded.group(1), location)
            raw = coded.group(2)
        tokens = dict(TOKEN.findall(raw.lower()))
        if "rw" not in tokens or len(TOKEN.findall(raw.lower())) != len(tokens):
            raise CellError(_("Tulis RT/RW seperti RW006/RT002 (atau RW006 untuk satu RW): %(value)s") % {"value": raw})
        if rt_only and "rt" not in tokens:
            raise CellError(_("Isi sebuah RT, mis. RW006/RT002."))
        found = self._index(root).get(_canonical(tokens["rw"], tokens.get("rt")))
        if found is AMBIGUOUS:
            raise CellError(
                _("%(value)s ada di lebih dari satu kelurahan lokasi ini; tulis kode kelurahan di depannya.")
                % {"value": raw}
            )
        if found is None:
            raise CellError(
                _("%(value)s tidak ada di wilayah lokasi %(location)s.")
                % {"value": str(value).strip(), "location": location.display_name}
            )
        return found

    def _coded_area(self, code: str, location: SlumLocation) -> Area:
        area = Area.objects.filter(code=code).first()
        if area is None or (not location.area.contains(area) and not area.contains(location.area)):
            raise CellError(
                _("Kode wilayah %(code)s tidak berada di lokasi %(location)s.")
                % {"code": code, "location": location.display_name}
            )
        return area if location.area.contains(area) else location.area

    @staticmethod
    def area_label(location: SlumLocation, area: Area) -> str:
        """How the template writes ``area`` for ``location`` so that ``area()`` finds it again.

        Under a kelurahan an RW/RT name is unique; a location drawn at kecamatan level may hold
        several kelurahan, so there the kelurahan's code goes in front (no query either way).
        """
        label = rt_rw_label(area)
        if location.area.level in (Area.Level.KELURAHAN, Area.Level.DESA):
            return label
        kelurahan = area.parent.parent if area.level == Area.Level.RT else area.parent
        return f"{kelurahan.code}/{label}" if kelurahan.code else label
