from django.db import transaction

from sites.models import Area, AreaAssignment


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
