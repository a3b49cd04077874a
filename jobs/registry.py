"""Which function runs each kind of job. Apps above ``jobs`` register their handlers in their
``AppConfig.ready()``; a handler takes ``(job, reporter)`` and returns an ``Outcome``."""

from dataclasses import dataclass
from pathlib import Path

HANDLERS = {}


@dataclass
class Outcome:
    message: str = ""
    result_url: str = ""
    file: Path | None = None
    download_name: str = ""
    content_type: str = ""


def register(kind: str):
    def decorator(function):
        HANDLERS[kind] = function
        return function

    return decorator
