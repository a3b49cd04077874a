"""The application's roles. Each role is a Django group created by a data migration.

Permission decisions in pages, forms and the API call these helpers; none of them hard-codes a
group name of its own.
"""

from django.utils.translation import gettext_lazy as _

CITY_OFFICIAL = "city_official"
COORDINATOR = "coordinator"
RESEARCHER = "researcher"
SUPERUSER = "superuser"

ROLE_GROUPS = {
    CITY_OFFICIAL: _("Pejabat kota"),
    COORDINATOR: _("Koordinator BKM/KSM"),
    RESEARCHER: _("Peneliti"),
}


def user_roles(user) -> frozenset[str]:
    """The role names a user holds, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_kotaku_roles", None)
    if cached is None:
        names = set(user.groups.filter(name__in=ROLE_GROUPS).values_list("name", flat=True))
        if user.is_superuser:
            names.add(SUPERUSER)
        cached = frozenset(names)
        user._kotaku_roles = cached
    return cached


def is_official(user) -> bool:
    """City officials and superusers see and manage everything."""
    return bool(user_roles(user) & {CITY_OFFICIAL, SUPERUSER})


def is_coordinator(user) -> bool:
    return COORDINATOR in user_roles(user)


def is_researcher(user) -> bool:
    return RESEARCHER in user_roles(user)


def can_write(user) -> bool:
    """Whether a user may write at all; coordinators are further limited to their areas."""
    return is_official(user) or is_coordinator(user)


def can_see_personal_data(user) -> bool:
    """Names and phone numbers of people: officials and coordinators only, never researchers."""
    return can_write(user)


def role_label(user) -> str:
    roles = user_roles(user)
    for name in (SUPERUSER, CITY_OFFICIAL, COORDINATOR, RESEARCHER):
        if name in roles:
            return str(ROLE_GROUPS.get(name, _("Superuser")))
    return ""
