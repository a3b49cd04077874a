"""Writes of the reference data officials (and, inside their kelurahan, coordinators) manage in
the app: official areas, RW/RT, decrees, slum locations and stakeholders.

Every service is keyword-only, atomic, checks the actor's scope (a parent, location or area outside
it answers "not found", like a missing one), calls ``full_clean()`` and saves through the ORM so the
change is kept in the audit history. Updates claim the record's ``version`` first (stale → 409).
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import limits, roles
from core.concurrency import claim_version
from sites import official_areas, scoping
from sites.models import Area, Decree, SlumLocation, Stakeholder

COMMUNITY_LEVELS = {Area.Level.RW: "RW", Area.Level.RT: "RT"}
COMMUNITY_PARENTS = {
    Area.Level.RW: (Area.Level.KELURAHAN, Area.Level.DESA),
    Area.Level.RT: (Area.Level.RW,),
}


def _not_found(field: str) -> ValidationError:
    return ValidationError({field: _("Wilayah tidak ditemukan.")}, code="does_not_exist")


def _require_official(actor) -> None:
    if not roles.is_official(actor):
        raise PermissionDenied


def _save(instance, *, fields=None):
    instance.full_clean()
    instance.save(update_fields=fields)
    return instance


# --- areas ------------------------------------------------------------------------------------------


def community_number(value) -> str:
    """An RW/RT number as the programme writes it: 1 → "001"."""
    text = str(value).strip()
    if not text.isdigit() or not 1 <= int(text) <= 999:
        raise ValidationError({"name": _("Nomor RW/RT harus angka 1 sampai 999.")}, code="invalid")
    return f"{int(text):03d}"


@transaction.atomic
def community_area_create(*, actor, parent: Area, level: str, number) -> Area:
    """Add an RW under a kelurahan/desa or an RT under an RW inside the actor's scope."""
    if level not in COMMUNITY_LEVELS:
        raise ValidationError({"level": _("Hanya RW dan RT yang dapat ditambahkan tanpa kode resmi.")})
    if not scoping.can_edit_area(actor, parent):
        raise _not_found("parent")
    if parent.level not in COMMUNITY_PARENTS[level]:
        message = (
            _("RT harus berada di bawah sebuah RW.")
            if level == Area.Level.RT
            else _("RW harus berada di bawah sebuah kelurahan atau desa.")
        )
        raise ValidationError({"parent": message}, code="invalid_parent")
    name = community_number(number)
    segment = f"{COMMUNITY_LEVELS[level]}{name}"
    if Area.objects.filter(parent=parent, segment=segment).exists():
        raise ValidationError(
            {
                "name": _("%(label)s %(name)s sudah ada di %(parent)s.")
                % {"label": segment[:2], "name": name, "parent": parent}
            },
            code="unique",
        )
    area = Area(parent=parent, level=level, name=name, segment=segment)
    area.build_path()
    return _save(area)


@transaction.atomic
def community_areas_bulk_create(*, actor, kelurahan: Area, rw_numbers: range, rt_numbers: range) -> tuple[int, int]:
    """RW ``rw_numbers`` under ``kelurahan``, each with RT ``rt_numbers`` ("RW 001–006, each RT
    001–004"); existing ones are kept. Returns (created RW, created RT)."""
    if not scoping.can_edit_area(actor, kelurahan):
        raise _not_found("kelurahan")
    if kelurahan.level not in COMMUNITY_PARENTS[Area.Level.RW]:
        raise ValidationError({"kelurahan": _("RW harus berada di bawah sebuah kelurahan atau desa.")})
    if len(rw_numbers) * max(len(rt_numbers), 1) > limits.COMMUNITY_AREAS_PER_FORM:
        raise ValidationError(
            {"rt_to": _("Paling banyak %(max)s RT sekaligus.") % {"max": limits.COMMUNITY_AREAS_PER_FORM}}
        )
    created_rw = created_rt = 0
    for rw_number in rw_numbers:
        segment = f"RW{rw_number:03d}"
        rw = Area.objects.filter(parent=kelurahan, segment=segment).first()
        if rw is None:
            rw = community_area_create(actor=actor, parent=kelurahan, level=Area.Level.RW, number=rw_number)
            created_rw += 1
        existing = set(Area.objects.filter(parent=rw).values_list("segment", flat=True))
        for rt_number in rt_numbers:
            if f"RT{rt_number:03d}" not in existing:
                community_area_create(actor=actor, parent=rw, level=Area.Level.RT, number=rt_number)
                created_rt += 1
    return created_rw, created_rt


@transaction.atomic
def official_area_create(*, actor, code: str) -> Area:
    """An area of the official list (its parent must already be recorded); officials only."""
    _require_official(actor)
    official = official_areas.official_area(code)
    if official is None:
        raise ValidationError(
            {"code": _("Kode %(code)s tidak ada di daftar wilayah resmi Kemendagri.") % {"code": code}},
            code="unknown_code",
        )
    if Area.objects.filter(code=code).exists():
        raise ValidationError({"code": _("Wilayah berkode %(code)s sudah tercatat.") % {"code": code}}, code="unique")
    parent = Area.objects.filter(code=official.parent_code).first() if official.parent_code else None
    if official.parent_code and parent is None:
        raise ValidationError(
            {
                "code": _("Induknya (%(parent)s) belum tercatat; muat dulu dengan load_areas.")
                % {"parent": official.parent_code}
            }
        )
    area = Area(parent=parent, level=official.level, name=official.name, code=code, segment=official.segment)
    area.build_path()
    return _save(area)


@transaction.atomic
def area_update(*, actor, area: Area, expected_version: int, data: dict) -> Area:
    """Rename an area or set its BPS code / boundary. Coordinators only their RW and RT."""
    if not scoping.can_edit_area(actor, area) or (not roles.is_official(actor) and area.level not in COMMUNITY_LEVELS):
        raise _not_found("area")
    if "name" in data and area.level in COMMUNITY_LEVELS:
        data = {**data, "name": community_number(data["name"])}
        if data["name"] != area.name:
            raise ValidationError({"name": _("Nomor RW/RT tidak dapat diubah; tambahkan yang baru.")})
    claim_version(area, expected_version)
    for name, value in data.items():
        setattr(area, name, value)
    return _save(area, fields=[*data, "version"])


# --- decrees and locations -----------------------------------------------------------------------


def _check_pdf(document) -> None:
    if document is None:
        return
    if document.size > limits.DECREE_PDF_MAX_BYTES:
        raise ValidationError(
            {
                "document": _("Berkas SK terlalu besar: paling besar %(mb)s MB.")
                % {"mb": limits.DECREE_PDF_MAX_BYTES // 2**20}
            }
        )
    document.seek(0)
    head = document.read(5)
    document.seek(0)
    if head != b"%PDF-" or not document.name.lower().endswith(".pdf"):
        raise ValidationError({"document": _("Berkas SK harus PDF.")}, code="invalid_pdf")


def _check_decree_area(area: Area) -> None:
    if area.level not in (Area.Level.KOTA, Area.Level.KABUPATEN, Area.Level.PROVINSI):
        raise ValidationError({"area": _("SK ditetapkan untuk sebuah kota, kabupaten atau provinsi.")})


def _check_unique_decree(decree: Decree) -> None:
    duplicates = Decree.objects.filter(area=decree.area, number=decree.number, year=decree.year).exclude(pk=decree.pk)
    if duplicates.exists():
        raise ValidationError(
            {"number": _("Nomor SK ini sudah tercatat untuk kota ini pada tahun yang sama.")}, code="unique"
        )


@transaction.atomic
def decree_create(*, actor, document=None, **fields) -> Decree:
    _require_official(actor)
    _check_pdf(document)
    decree = Decree(**fields)
    _check_decree_area(decree.area)
    _check_unique_decree(decree)
    if document is not None:
        decree.document = document
    return _save(decree)


@transaction.atomic
def decree_update(*, actor, decree: Decree, expected_version: int, data: dict) -> Decree:
    _require_official(actor)
    document = data.pop("document", None)
    _check_pdf(document)
    claim_version(decree, expected_version)
    for name, value in data.items():
        setattr(decree, name, value)
    _check_decree_area(decree.area)
    _check_unique_decree(decree)
    fields = [*data, "version"]
    if document is not None:
        decree.document = document
        fields.append("document")
    return _save(decree, fields=fields)


def _check_location(location: SlumLocation, covered: list[Area] | None) -> None:
    ha = location.decreed_area_ha
    if ha is not None:
        if ha < 0:
            raise ValidationError({"decreed_area_ha": _("Luas tidak boleh negatif.")})
        if Decimal(ha) != Decimal(ha).quantize(Decimal("0.01")):
            raise ValidationError({"decreed_area_ha": _("Luas paling banyak dua angka di belakang koma.")})
    if not location.decree.area.contains(location.area):
        raise ValidationError({"area": _("Wilayah lokasi harus berada di wilayah SK-nya.")})
    for area in covered or []:
        if not location.area.contains(area) or area.pk == location.area_id:
            raise ValidationError(
                {"covered_areas": _("%(area)s tidak berada di wilayah lokasi ini.") % {"area": area.label}}
            )
    if SlumLocation.objects.filter(decree=location.decree, number=location.number).exclude(pk=location.pk).exists():
        raise ValidationError({"number": _("Nomor urut ini sudah dipakai di SK yang sama.")}, code="unique")


@transaction.atomic
def location_create(*, actor, covered_areas: list[Area] | None = None, **fields) -> SlumLocation:
    _require_official(actor)
    location = SlumLocation(**fields)
    _check_location(location, covered_areas)
    location.decreed_area_ha = Decimal(location.decreed_area_ha).quantize(Decimal("0.01"))
    _save(location)
    if covered_areas:
        location.covered_areas.set(covered_areas)
    return location


@transaction.atomic
def location_update(*, actor, location: SlumLocation, expected_version: int, data: dict) -> SlumLocation:
    _require_official(actor)
    covered = data.pop("covered_areas", None)
    claim_version(location, expected_version)
    for name, value in data.items():
        setattr(location, name, value)
    _check_location(location, covered if covered is not None else list(location.covered_areas.all()))
    location.decreed_area_ha = Decimal(location.decreed_area_ha).quantize(Decimal("0.01"))
    _save(location, fields=[*data, "version"])
    if covered is not None:
        location.covered_areas.set(covered)
    return location


# --- stakeholders ----------------------------------------------------------------------------------


def _check_stakeholder_scope(actor, stakeholder: Stakeholder) -> None:
    if roles.is_official(actor):
        return
    if stakeholder.area is None or not scoping.can_edit_area(actor, stakeholder.area):
        raise _not_found("area")


def _check_unique_stakeholder(stakeholder: Stakeholder) -> None:
    if Stakeholder.objects.filter(name__iexact=stakeholder.name).exclude(pk=stakeholder.pk).exists():
        raise ValidationError({"name": _("Pemangku kepentingan dengan nama ini sudah ada.")}, code="unique")


@transaction.atomic
def stakeholder_create(*, actor, **fields) -> Stakeholder:
    """Officials anywhere; coordinators only with a working area inside their own."""
    stakeholder = Stakeholder(**fields)
    _check_stakeholder_scope(actor, stakeholder)
    _check_unique_stakeholder(stakeholder)
    return _save(stakeholder)


@transaction.atomic
def stakeholder_update(*, actor, stakeholder: Stakeholder, expected_version: int, data: dict) -> Stakeholder:
    _check_stakeholder_scope(actor, stakeholder)
    claim_version(stakeholder, expected_version)
    for name, value in data.items():
        setattr(stakeholder, name, value)
    _check_stakeholder_scope(actor, stakeholder)
    _check_unique_stakeholder(stakeholder)
    return _save(stakeholder, fields=[*data, "version"])
