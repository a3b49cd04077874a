from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import verification
from sites import scoping
from sites.models import Area, AreaAssignment, AreaRecord, SlumLocation


@transaction.atomic
def area_create(
    *, parent: Area | None, level: str, name: str, segment: str, code: str | None = None, bps_code: str = ""
) -> Area:
    area = Area(parent=parent, level=level, name=name, segment=segment, code=code, bps_code=bps_code)
    area.build_path()
    area.full_clean()
    area.save()
    return area


@transaction.atomic
def area_assign(*, user, area: Area) -> AreaAssignment:
    assignment, _ = AreaAssignment.objects.get_or_create(user=user, area=area)
    return assignment


def location_not_found() -> ValidationError:
    """The answer for a location outside the user's write scope: the same as for a missing one."""
    return ValidationError({"location": _("Lokasi tidak ditemukan.")}, code="does_not_exist")


@transaction.atomic
def area_record_create(
    *,
    actor,
    location: SlumLocation,
    year: int,
    area_ha: Decimal,
    source: str,
    recorded_on: date | None = None,
    note: str = "",
    verification_state: str | None = None,
) -> AreaRecord:
    """Record the slum area of ``location`` at a year (and date, when known)."""
    if not scoping.can_edit_area(actor, location.area):
        raise location_not_found()
    if AreaRecord.objects.filter(location=location, year=year, source=source).exists():
        raise ValidationError(
            {"year": _("Lokasi ini sudah punya catatan luas dari sumber yang sama untuk tahun itu.")}, code="unique"
        )
    record = AreaRecord(
        location=location,
        year=year,
        recorded_on=recorded_on,
        area_ha=area_ha,
        source=source,
        note=note,
        verification=verification_state or verification.initial_state(actor),
    )
    record._history_user = actor
    record.full_clean()
    record.save()
    return record
