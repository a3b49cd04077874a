"""Where uploaded files wait between a dry run and its commit: a private folder, server-chosen names.

The folder is ``<private media root>/imports`` (see ``interventions.storage``), which no URL maps
to. A file is named ``<uuid4 hex>``: nothing of the user's file name reaches the file system.
"""

import re
from pathlib import Path
from uuid import uuid4

from interventions.storage import private_media_root

NAME = re.compile(r"^[0-9a-f]{32}$")


def folder() -> Path:
    path = private_media_root() / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def path_of(name: str) -> Path:
    if not NAME.match(name):
        raise ValueError("Not a stored import name")
    return folder() / name


def store(chunks) -> tuple[str, Path]:
    """Write an upload's chunks under a new server-chosen name."""
    name = uuid4().hex
    path = path_of(name)
    with open(path, "xb") as handle:
        for chunk in chunks:
            handle.write(chunk)
    return name, path


def discard(name: str) -> None:
    if name:
        path_of(name).unlink(missing_ok=True)
