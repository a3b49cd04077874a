"""Who may change what, by area. The single place pages, forms and the API ask.

Reads: every signed-in role reads program data (personal data has its own rule, see
``core.roles.can_see_personal_data``). Writes: officials everywhere; coordinators only inside the
subtrees of the areas assigned to them; researchers and visitors nowhere. A record outside the
user's write scope is answered with 404, exactly like a missing one.
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from core import roles
from sites.models import Area, AreaAssignment

EVERYWHERE = None


def editable_paths(user) -> list[str] | None:
    """Materialized paths the user may write under; ``None`` means everywhere, ``[]`` nowhere."""
    if roles.is_official(user):
        return EVERYWHERE
    if not roles.is_coordinator(user):
        return []
    cached = getattr(user, "_kotaku_paths", None)
    if cached is None:
        cached = list(
            AreaAssignment.objects.filter(user=user).values_list("area__path", flat=True).order_by("area__path")
        )
        user._kotaku_paths = cached
    return cached


def editable_q(user, path_field: str) -> Q:
    """A Q object that keeps rows whose ``path_field`` (a materialized path) the user may write."""
    paths = editable_paths(user)
    if paths is EVERYWHERE:
        return Q()
    if not paths:
        return Q(pk__in=[])
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{path_field}__startswith": path})
    return condition


def restrict_to_editable(queryset, user, path_field: str):
    """The rows of ``queryset`` the user may write; apps wrap it in ``<entity>_editable(user)``."""
    return queryset.filter(editable_q(user, path_field))


def get_editable(queryset, user, path_field: str, pk):
    """One row the user may write, else 404 (missing and out of scope look the same).

    Apps wrap it in ``<entity>_get_editable(user, pk)`` selectors; views and API view sets call
    those, never this or ``restrict_to_editable`` directly.
    """
    return get_object_or_404(restrict_to_editable(queryset, user, path_field), pk=pk)


def can_edit_area(user, area: Area | None) -> bool:
    if area is None:
        return roles.is_official(user)
    paths = editable_paths(user)
    if paths is EVERYWHERE:
        return True
    return any(area.path.startswith(path) for path in paths)


def editable_areas(user):
    """Areas (with their subtrees) a user may write in, for form choices."""
    return restrict_to_editable(Area.objects.all(), user, "path")
