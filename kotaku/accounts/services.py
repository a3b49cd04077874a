"""Writes on accounts. Officials manage coordinator and researcher accounts only; officials' and
superusers' accounts stay with the Django admin."""

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import roles
from core.models import OneTimePassword
from sites.models import Area, AreaAssignment

MANAGED_ROLES = (roles.COORDINATOR, roles.RESEARCHER)


def _require_official(actor) -> None:
    if not roles.is_official(actor):
        raise PermissionDenied


def areas_by_code(codes: list[str]) -> list[Area]:
    """The areas of ``codes``; an unknown code is a field error naming it."""
    codes = list(dict.fromkeys(code.strip() for code in codes))
    found = {area.code: area for area in Area.objects.filter(code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise ValidationError(
            {"areas": _("Wilayah berkode %(codes)s tidak tercatat.") % {"codes": ", ".join(unknown)}}, code="unknown"
        )
    return [found[code] for code in codes]


def _check_password(password: str, user) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}, code="password") from None


def _set_one_time_password(*, actor, user, password: str) -> None:
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    OneTimePassword.objects.update_or_create(user=user, defaults={"set_by": actor})


def _set_areas(*, user, role: str, areas: list[Area]) -> None:
    if areas and role != roles.COORDINATOR:
        raise ValidationError({"areas": _("Hanya akun koordinator yang diberi wilayah.")})
    wanted = {area.pk for area in areas}
    for assignment in AreaAssignment.objects.filter(user=user).exclude(area_id__in=wanted):
        assignment.delete()
    have = set(AreaAssignment.objects.filter(user=user).values_list("area_id", flat=True))
    for area in areas:
        if area.pk not in have:
            assignment = AreaAssignment(user=user, area=area)
            assignment.full_clean()
            assignment.save()


def _check_role(role: str) -> None:
    if role not in MANAGED_ROLES:
        raise ValidationError({"role": _("Peran harus koordinator atau peneliti.")})


@transaction.atomic
def account_create(*, actor, username: str, name: str, role: str, areas: list[Area], password: str):
    _require_official(actor)
    _check_role(role)
    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Nama pengguna ini sudah dipakai.")}, code="unique")
    user = User(username=username, first_name=name, is_active=True)
    _check_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.set([Group.objects.get_or_create(name=role)[0]])
    _set_areas(user=user, role=role, areas=areas)
    OneTimePassword.objects.create(user=user, set_by=actor)
    return user


def account_role(user) -> str:
    names = roles.user_roles(user) if user.is_active else set(user.groups.values_list("name", flat=True))
    return next((name for name in MANAGED_ROLES if name in names), "")


@transaction.atomic
def account_update(*, actor, user, data: dict):
    """Rename, change role, assign/withdraw areas (``areas`` replaces the set), (de)activate, or
    set a one-time password."""
    _require_official(actor)
    role = data.get("role") or account_role(user)
    _check_role(role)
    fields = []
    if "name" in data:
        user.first_name = data["name"]
        fields.append("first_name")
    if "is_active" in data:
        if user.pk == actor.pk and not data["is_active"]:
            raise ValidationError({"is_active": _("Anda tidak dapat menonaktifkan akun sendiri.")})
        user.is_active = data["is_active"]
        fields.append("is_active")
    if fields:
        user.full_clean(exclude=["password"])
        user.save(update_fields=fields)
    if "role" in data:
        user.groups.set([Group.objects.get_or_create(name=role)[0]])
    if "areas" in data or "role" in data:
        areas = data.get("areas")
        if areas is None:
            areas = [a.area for a in AreaAssignment.objects.filter(user=user).select_related("area")]
        _set_areas(user=user, role=role, areas=areas)
    if data.get("password"):
        _set_one_time_password(actor=actor, user=user, password=data["password"])
    return user


@transaction.atomic
def password_changed(*, user) -> None:
    """The user chose their own password: the one-time password is no longer due."""
    for due in OneTimePassword.objects.filter(user=user):
        due.delete()
