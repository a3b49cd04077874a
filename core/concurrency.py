"""Optimistic locking: an edit made from a stale copy must never overwrite silently.

``Conflict`` lives here, beside the version check that raises it, so services never import the API
layer; ``core.api.exception_handler`` turns it into a 409.
"""

from django.db.models import F
from django.utils.translation import gettext as _


class Conflict(Exception):
    """An edit was made from a stale copy of a record."""

    def __init__(self, message, *, current_version=None):
        super().__init__(message)
        self.message = message
        self.current_version = current_version


def claim_version(instance, expected_version: int) -> None:
    """Atomically move ``instance`` from ``expected_version`` to the next version, or raise Conflict.

    A single conditional UPDATE decides the race on SQLite and PostgreSQL alike: of two edits made
    from the same version, exactly one matches the WHERE clause. The caller then sets its fields
    and saves (inside the same transaction), so the audit history records the change.
    """
    model = type(instance)
    updated = model.objects.filter(pk=instance.pk, version=expected_version).update(version=F("version") + 1)
    if updated != 1:
        current = model.objects.filter(pk=instance.pk).values_list("version", flat=True).first()
        raise Conflict(
            _("Data ini sudah diubah orang lain sejak Anda membukanya. Muat ulang halaman, lalu ulangi perubahan."),
            current_version=current,
        )
    instance.version = expected_version + 1
