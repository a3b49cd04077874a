from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q

from core import roles
from sites.models import AreaAssignment


def account_list():
    """Coordinator and researcher accounts (officials' and superusers' are not managed here)."""
    User = get_user_model()
    managed = Q(groups__name__in=[roles.COORDINATOR, roles.RESEARCHER])
    not_managed = Q(groups__name=roles.CITY_OFFICIAL) | Q(is_superuser=True)
    return (
        User.objects.filter(managed)
        .exclude(pk__in=User.objects.filter(not_managed).values("pk"))
        .distinct()
        .prefetch_related(
            "groups",
            Prefetch("area_assignments", queryset=AreaAssignment.objects.select_related("area").order_by("area__path")),
        )
        .select_related("one_time_password")
        .order_by("username")
    )
