from rest_framework import permissions

from core import roles


class ReadAuthenticatedWriteScoped(permissions.BasePermission):
    """Every signed-in role reads; only officials and coordinators write.

    Which rows a coordinator may write is decided by the view's scoped queryset (out of scope
    answers 404), not here.
    """

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        return roles.can_write(user)


class OfficialOnly(permissions.BasePermission):
    def has_permission(self, request, view):
        return roles.is_official(request.user)


class ReadAuthenticatedWriteOfficial(permissions.BasePermission):
    """Reference data only officials change: every signed-in role reads, officials write."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in permissions.SAFE_METHODS or roles.is_official(request.user)
