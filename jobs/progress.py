"""A running job's progress, heartbeat and cancel request, as small files in the jobs folder.

``<id>.progress.json`` holds ``{"done", "total", "step", "steps", "label", "beat"}``, replaced
atomically; ``beat`` (epoch seconds) is refreshed by a thread every ``JOBS_HEARTBEAT_SECONDS``
while the job runs, so a reader can tell a dead worker (stale beat) from a slow step.
``<id>.cancel`` exists once someone asked to cancel. The folder must be shared by the web
servers and the workers, like the result files in it (docs/deployment.md).
"""

import json
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from interventions.storage import private_media_root

DEFAULT_HEARTBEAT_SECONDS = 2
DEFAULT_STALE_SECONDS = 30


class JobCancelled(Exception):
    """Raised inside a job when its owner asked to cancel it; the job's transaction rolls back."""


def folder() -> Path:
    path = private_media_root() / "jobs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def heartbeat_seconds() -> float:
    return float(getattr(settings, "JOBS_HEARTBEAT_SECONDS", DEFAULT_HEARTBEAT_SECONDS))


def stale_seconds() -> float:
    return float(getattr(settings, "JOBS_STALE_SECONDS", DEFAULT_STALE_SECONDS))


def _progress_path(job_id: int) -> Path:
    return folder() / f"{int(job_id)}.progress.json"


def _cancel_path(job_id: int) -> Path:
    return folder() / f"{int(job_id)}.cancel"


@dataclass(frozen=True)
class Snapshot:
    done: int = 0
    total: int = 0
    step: int = 1
    steps: int = 1
    label: str = ""
    beat: float = 0.0

    @property
    def fraction(self) -> float:
        """The whole job's share done: finished steps plus the current step's share."""
        step_share = min(self.done / self.total, 1.0) if self.total else 0.0
        return min(((self.step - 1) + step_share) / max(self.steps, 1), 1.0)


def read(job_id: int) -> Snapshot | None:
    try:
        data = json.loads(_progress_path(job_id).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    fields = Snapshot.__dataclass_fields__
    return Snapshot(**{key: value for key, value in data.items() if key in fields})


def _write(job_id: int, snapshot: Snapshot) -> None:
    path = _progress_path(job_id)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.write_text(json.dumps(snapshot.__dict__), encoding="utf-8")
    os.replace(temporary, path)


def request_cancel(job_id: int) -> None:
    _cancel_path(job_id).touch()


def cancel_requested(job_id: int) -> bool:
    return _cancel_path(job_id).exists()


def clear(job_id: int) -> None:
    _progress_path(job_id).unlink(missing_ok=True)
    _cancel_path(job_id).unlink(missing_ok=True)


class Reporter:
    """Handed to a job's handler: ``update()`` records progress and raises ``JobCancelled`` once a
    cancel was requested; a daemon thread keeps the heartbeat fresh between updates."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.snapshot = Snapshot(beat=time.time())
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"job-{job_id}-heartbeat", daemon=True)

    def start(self) -> "Reporter":
        _write(self.job_id, self.snapshot)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _beat(self) -> None:
        while not self._stop.wait(heartbeat_seconds()):
            self._store(beat=time.time())

    def _store(self, **changes) -> None:
        with self._lock:
            self.snapshot = Snapshot(**{**self.snapshot.__dict__, **changes})
            _write(self.job_id, self.snapshot)

    def update(self, done: int, total: int = 0, *, step: int = 1, steps: int = 1, label: str = "") -> None:
        self._store(done=int(done), total=int(total), step=step, steps=steps, label=str(label), beat=time.time())
        self.check_cancel()

    def check_cancel(self) -> None:
        if cancel_requested(self.job_id):
            raise JobCancelled
