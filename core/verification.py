"""Verification: a coordinator's entry counts in public figures only after an official checks it.

One mechanism for every record coordinators enter (interventions with their funding lines,
progress updates, area records, assessments, collaboration evidence). A model opts in by
inheriting ``Verifiable`` (and ``VerifiableQuerySetMixin`` in its QuerySet); it must carry a
``version`` (optimistic locking, ``core.concurrency``) and be tracked by simple-history, so every
transition lands in the audit history with its actor, time and note (``history_change_reason``).

States and transitions::

    draft ──submit──▶ submitted ──verify──▶ verified ──reopen (note)──▶ returned
      │                  │                                               │
      └──verify (official)└──return (note)──▶ returned ──submit──────────┘

Coordinators submit records inside their write scope; officials verify, return and reopen.
A verified record is locked against coordinators (``ensure_editable``) until an official reopens it.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import roles
from core.concurrency import Conflict, claim_version


class State(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    VERIFIED = "verified", _("Terverifikasi")
    RETURNED = "returned", _("Dikembalikan")


PENDING = (State.SUBMITTED,)
SEED_NOTE = "Data awal dari makalah (Ismail dkk.): diverifikasi dengan makalah sebagai sumbernya."
# the values every seed loader gives the records it loads: the paper is their verified source
SEEDED = {"verification": "verified", "verification_note": SEED_NOTE}

SUBMIT, VERIFY, RETURN, REOPEN = "submit", "verify", "return", "reopen"
ACTIONS = (SUBMIT, VERIFY, RETURN, REOPEN)

# action -> (states it may start from, the state it leads to)
TRANSITIONS = {
    SUBMIT: ((State.DRAFT, State.RETURNED), State.SUBMITTED),
    VERIFY: ((State.DRAFT, State.SUBMITTED), State.VERIFIED),
    RETURN: ((State.SUBMITTED,), State.RETURNED),
    REOPEN: ((State.VERIFIED,), State.RETURNED),
}
NOTE_REQUIRED = (RETURN, REOPEN)
OFFICIAL_ONLY = (VERIFY, RETURN, REOPEN)


def action_label(action: str) -> str:
    return {
        SUBMIT: gettext("diajukan"),
        VERIFY: gettext("diverifikasi"),
        RETURN: gettext("dikembalikan"),
        REOPEN: gettext("dibuka kembali"),
    }[action]


COUNTED = (State.VERIFIED,)
WITH_SUBMITTED = (State.VERIFIED, *PENDING)
_counted_states: ContextVar[tuple] = ContextVar("kotaku_counted_states", default=COUNTED)


def counted_states() -> tuple:
    """The states the figures being built count: verified, unless a page was switched (by an
    official or coordinator, see ``including_submitted``) to include submitted records too.

    Selectors, dashboards and reports read it when they build a queryset, so one switch in the
    view reaches every figure of the page without threading a flag through each helper.
    """
    return _counted_states.get()


@contextmanager
def including_submitted(include: bool = True):
    token = _counted_states.set(WITH_SUBMITTED if include else COUNTED)
    try:
        yield
    finally:
        _counted_states.reset(token)


class VerifiableQuerySetMixin:
    """Chainable filters on the verification state; mix into the model's own QuerySet."""

    def verified(self):
        return self.filter(verification=State.VERIFIED)

    def pending(self):
        return self.filter(verification__in=PENDING)

    def counted(self):
        """The rows figures rest on: verified ones, plus the submitted ones on a switched page."""
        return self.filter(verification__in=counted_states())


class VerifiableQuerySet(VerifiableQuerySetMixin, models.QuerySet):
    pass


class Verifiable(models.Model):
    """Abstract: the verification state of a record, with the note of its last transition."""

    verification = models.CharField(
        _("status verifikasi"),
        max_length=10,
        choices=State.choices,
        default=State.DRAFT,
        db_index=True,
        editable=False,
    )
    verification_note = models.TextField(_("catatan verifikasi"), blank=True, editable=False)
    verification_at = models.DateTimeField(_("waktu status verifikasi"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_verified(self) -> bool:
        return self.verification == State.VERIFIED


def initial_state(actor, *, verify: bool | None = None) -> str:
    """The state a new record starts in: an official's entries are verified in the same step
    (unless ``verify`` is False), everyone else's start as drafts."""
    if roles.is_official(actor) and verify is not False:
        return State.VERIFIED
    return State.DRAFT


def can_edit(actor, instance) -> bool:
    """Verified records are locked against everyone but officials."""
    return roles.is_official(actor) or instance.verification != State.VERIFIED


def available_actions(actor, instance, *, in_scope: bool) -> list[str]:
    """The transitions ``actor`` may apply to ``instance`` now, for the buttons of a page."""
    actions = []
    for action, (sources, _target) in TRANSITIONS.items():
        if instance.verification not in sources or not may_act(actor, action):
            continue
        if action == SUBMIT and not in_scope:
            continue
        actions.append(action)
    return actions


def panel(actor, instance, *, kind: str, in_scope: bool) -> dict:
    """What a record's page shows about its verification: state, note, buttons."""
    return {
        "kind": kind,
        "obj": instance,
        "actions": available_actions(actor, instance, in_scope=in_scope) if roles.can_write(actor) else [],
        "locked": not can_edit(actor, instance),
    }


def ensure_editable(actor, instance) -> None:
    """The services' guard. ``actor=None`` is the system itself (management commands, the seed
    loader), which no lock is meant to stop: the lock keeps coordinators' hands off checked figures."""
    if actor is not None and not can_edit(actor, instance):
        raise PermissionDenied(
            gettext("Data ini sudah diverifikasi dan terkunci. Minta pejabat kota membukanya kembali.")
        )


def may_act(actor, action: str) -> bool:
    if action in OFFICIAL_ONLY:
        return roles.is_official(actor)
    return roles.can_write(actor)


def check_role(actor, action: str) -> None:
    if not may_act(actor, action):
        raise PermissionDenied(gettext("Hanya pejabat kota yang dapat memverifikasi, mengembalikan atau membuka data."))


@transaction.atomic
def verification_transition(*, instance, actor, action: str, expected_version: int | None, note: str = ""):
    """Move ``instance`` by ``action``; raises PermissionDenied (403), ValidationError (400) or
    Conflict (409). The caller has already checked that the record lies in the actor's scope."""
    if action not in TRANSITIONS:
        raise ValueError(action)
    check_role(actor, action)
    note = (note or "").strip()
    if action in NOTE_REQUIRED and not note:
        raise ValidationError({"note": gettext("Alasan wajib diisi untuk mengembalikan atau membuka kembali data.")})
    if expected_version is None:
        raise ValidationError({"version": gettext("Versi wajib dikirim.")})
    if expected_version != instance.version:
        raise Conflict(
            gettext(
                "Data ini sudah diubah orang lain sejak Anda membukanya. Muat ulang halaman, lalu ulangi perubahan."
            ),
            current_version=instance.version,
        )
    sources, target = TRANSITIONS[action]
    if instance.verification not in sources:
        raise ValidationError(
            {
                "verification": gettext("Data berstatus “%(state)s” tidak dapat %(action)s.")
                % {"state": State(instance.verification).label, "action": action_label(action)}
            }
        )
    claim_version(instance, expected_version)
    instance.verification = target
    instance.verification_note = note
    instance.verification_at = timezone.now()
    instance._history_user = actor
    instance._change_reason = f"{action}: {note}" if note else action
    update_fields = ["verification", "verification_note", "verification_at", "version"]
    if hasattr(instance, "updated_at"):
        update_fields.append("updated_at")
    instance.save(update_fields=update_fields)
    return instance


def verification_bulk(*, items, actor, action: str, note: str = "") -> int:
    """Apply one action to several records, each at the version it was shown with; all or nothing.

    ``items`` is a sequence of ``(instance, expected_version)``.
    """
    with transaction.atomic():
        for instance, version in items:
            verification_transition(instance=instance, actor=actor, action=action, expected_version=version, note=note)
    return len(items)
