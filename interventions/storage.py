"""Where progress photos are kept: a folder that no URL maps to.

Photos are only ever streamed by a view that checks the user is signed in (as an attachment), so
the storage has no public URL at all. The folder is ``settings.PRIVATE_MEDIA_ROOT`` when set, else
``MEDIA_ROOT/private``; a deployment must not serve it as static files.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


def private_media_root() -> Path:
    configured = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
    return Path(configured) if configured else Path(settings.MEDIA_ROOT) / "private"


@deconstructible(path="interventions.storage.PrivateMediaStorage")
class PrivateMediaStorage(FileSystemStorage):
    """A file-system storage read from settings on every use (so tests can move it) with no URL."""

    @property
    def base_location(self):
        return str(private_media_root())

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no URL; stream them through a view that checks the user.")


private_storage = PrivateMediaStorage()
