"""Optimistic locking: an edit made from a stale copy must never overwrite silently.

``Conflict`` lives here, beside the version check that raises it, so services never import the API
layer; ``core.api.exception_handler`` turns it into a 409. ``parse_version`` reads a version sent as
text (a query parameter, a form field): a garbled one stops the write instead of skipping the check.
"""

import re

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.limits import INTEGER_MAX

VERSION_UNREADABLE = gettext_lazy("Versi data tidak terbaca; muat ulang halaman.")
_VERSION_PATTERN = re.compile(r"[1-9][0-9]{0,9}")


class Conflict(Exception):
    """An edit was made from a stale copy of a record."""

    def __init__(self, message, *, current_version=None):
        super().__init__(message)
        self.message = message
        self.current_version = current_version


def parse_version(raw: str | None) -> int | None:
    """``None`` when no version was sent, else a whole number from 1 up. Anything else (``1abc``,
    ``-1``, ``false``, empty) raises ``ValidationError`` on ``version`` (400 from the API)."""
    if raw is None:
        return None
    if not _VERSION_PATTERN.fullmatch(raw) or int(raw) > INTEGER_MAX:
        raise ValidationError({"version": [VERSION_UNREADABLE]}, code="invalid")
    return int(raw)


def _conflict(instance) -> Conflict:
    current = type(instance).objects.filter(pk=instance.pk).values_list("version", flat=True).first()
    return Conflict(
        _("Data ini sudah diubah orang lain sejak Anda membukanya. Muat ulang halaman, lalu ulangi perubahan."),
        current_version=current,
    )


def check_version(instance, expected_version: int) -> None:
    """Raise Conflict unless the stored row is still at ``expected_version``; changes nothing (for
    an edit that turns out to change nothing, which must not move the version)."""
    if not type(instance).objects.filter(pk=instance.pk, version=expected_version).exists():
        raise _conflict(instance)


def claim_version(instance, expected_version: int) -> None:
    """Atomically move ``instance`` from ``expected_version`` to the next version, or raise Conflict.

    A single conditional UPDATE decides the race on SQLite and PostgreSQL alike: of two edits made
    from the same version, exactly one matches the WHERE clause. The caller then sets its fields
    and saves (inside the same transaction), so the audit history records the change.
    """
    model = type(instance)
    updated = model.objects.filter(pk=instance.pk, version=expected_version).update(version=F("version") + 1)
    if updated != 1:
        raise _conflict(instance)
    instance.version = expected_version + 1
