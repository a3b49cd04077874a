"""A cache of the API's rendered JSON lists and details, invalidated by every write.

Why: a page of 50 interventions costs 60–100 ms of serializer CPU plus ~30 ms of PostgreSQL at
national scale; a cached page costs a few milliseconds. The data tracks public money, so a page
that still shows the state from before a write is a bug, not a trade-off: the design below makes
a write visible to the very next request, and keeps a time limit only as a safety net.

Where it sits
    ``core.viewsets`` wraps ``list`` and ``retrieve`` of every API view set. Those run after DRF's
    ``initial()``, so authentication, permissions, throttling and content negotiation happen on
    every request, hit or miss: a cached URL still answers 401, 403 or 429. Only a 200 JSON body
    is stored; CSV/XLSX exports, the browsable API's HTML, other actions (``totals``, photos) and
    anonymous requests are never cached. A view set opts out with ``response_cache = False``.

The key
    A SHA-256 of everything that changes the body: method, scheme and host (``next`` links and
    photo addresses are absolute), path, the query string normalised (parameters sorted by name,
    the values of one name kept in order, percent-encoding decoded), the accepted media type
    (``; indent=4`` changes the bytes), the active language, and the audience: the user's role
    names, whether they may see personal data (``core.roles.can_see_personal_data``: researchers
    never receive an official's contact people) and whatever ``connect(audience=...)`` adds (the
    project adds the coordinator's write scope). Nothing else about the user: view sets whose rows
    depend on *who* asks (API tokens) opt out.

    Two query strings that differ only in the order of their parameters share an entry: their
    pages hold the same rows, and the ``next``/``previous`` links of the stored body carry the
    parameters in the order of the request that filled the entry (equivalent URLs).

Invalidation: one data generation
    The cache holds one *generation* value; every entry records the generation it was computed
    under, and a lookup serves an entry only when that equals the current one. A write replaces
    the generation with a new random value, which makes every entry stale at once, so nothing has
    to know which lists a write affects. The generation is replaced *after the write commits*
    (``transaction.on_commit``; at once outside a transaction) by

    - ``post_save``/``post_delete``/``m2m_changed`` of every model of the apps given to
      ``connect`` (and of the user model, whose usernames the API shows), their history models
      included;
    - ``DataGenerationMiddleware`` after every successful (status < 400) POST/PUT/PATCH/DELETE by a
      signed-in user, since ``queryset.update()`` (the optimistic lock in ``core.concurrency``) and
      bulk writes send no signal;
    - ``post_migrate``, and the management commands that write in bulk or under the ORM
      (``load_seed``, ``generate_demo_data``, ``restore_db``) call ``bump_after_commit()``;
      ``import_xlsx`` writes through the services, so the signals cover it.

    A lookup is one cache round trip (``get_many`` of the generation and the entry); a miss adds
    one ``set`` after rendering; a write costs one ``set`` per changed row, after commit.

Why a read that races a write never stores stale data under the new generation
    A reader reads generation G *before* its first query for the body, and stores what it
    computed tagged G. The writer replaces G only after its commit. So either the reader read the
    generation before the replacement, and its entry is tagged with the old value and can never
    be served once the replacement is done, however late the reader stores it; or it read the
    new value, which exists only after the commit, so every query it runs afterwards sees the
    write. This holds because each statement sees everything committed before it starts:
    PostgreSQL's default READ COMMITTED does so (REPEATABLE READ, whose snapshot may predate the
    generation read, would not), and SQLite's IMMEDIATE transactions (settings) let no write
    commit while a request's transaction is open. A late reader may overwrite a fresh entry with
    one tagged with an old generation: that costs a miss, never a stale answer.

    A generation that vanishes from the cache (eviction, restart) is replaced by a new random
    value, so entries stored before never match again.

Safety nets and limits
    Entries expire after ``API_RESPONSE_CACHE_SECONDS`` (a write made outside this process's view,
    say by SQL in ``psql``, is visible after at most that long). The generation lives in the
    default cache, so every process must share it (Redis): with the per-process ``locmemcache`` a
    write served by one gunicorn worker would not reach the others, which is why the setting
    defaults to 0 there and a system check warns when it is turned on anyway.
"""

import hashlib
import logging
import secrets

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import checks
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpResponse
from django.utils import translation
from rest_framework.renderers import JSONRenderer

from core import roles

logger = logging.getLogger(__name__)

GENERATION_KEY = "kotaku:api-response-cache:generation"
# Change the version when the shape of an entry changes.
ENTRY_KEY_PREFIX = "kotaku:api-response-cache:v1:"
CACHED_ACTIONS = frozenset({"list", "retrieve"})
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
PROCESS_LOCAL_BACKENDS = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)

_audience_parts = ()


def cache_seconds() -> int:
    return getattr(settings, "API_RESPONSE_CACHE_SECONDS", 0)


# --- The generation ---------------------------------------------------------------------------


def _new_generation() -> int:
    # Random rather than incremented: a generation that vanished and is created again can never
    # equal one that entries were stored under, and a bump is one SET (no read first).
    return secrets.randbits(62)


def bump_generation() -> None:
    """Make every cached response stale now. Call only once the write is committed.

    A cache that fails here (Redis restarting) must not turn a committed write into an error:
    the client would retry and write twice. The failure is logged at ERROR instead; entries stored
    before it can be served until they expire (``API_RESPONSE_CACHE_SECONDS``), and none is served
    while the cache stays down, since lookups need it too.
    """
    try:
        cache.set(GENERATION_KEY, _new_generation(), None)
    except Exception:
        logger.exception(
            "The API response cache could not be invalidated after a write; cached API answers may "
            "show the data from before it for up to %s s.",
            cache_seconds(),
        )


def bump_after_commit(using: str = DEFAULT_DB_ALIAS) -> None:
    """Make every cached response stale once the current transaction commits (at once outside one)."""
    transaction.on_commit(bump_generation, using=using)


def _current_generation(found) -> int | None:
    """The generation read with the entry, else a new one (``None`` only from a cache that keeps nothing)."""
    if found is not None:
        return found
    cache.add(GENERATION_KEY, _new_generation(), None)
    return cache.get(GENERATION_KEY)


# --- Lookup and store -------------------------------------------------------------------------


def _normalised_query(request) -> tuple:
    # Sorted by name; the values of one name keep their order (the last ``ordering`` wins).
    return tuple((name, tuple(values)) for name, values in sorted(request.query_params.lists()))


def _key(view, request) -> str:
    user = request.user
    parts = [
        request.method,
        request.scheme,
        request.get_host(),
        request.path,
        _normalised_query(request),
        request.accepted_media_type,
        translation.get_language(),
        ",".join(sorted(roles.user_roles(user))),
        roles.can_see_personal_data(user),
        *(part(user) for part in _audience_parts),
        *view.get_response_cache_vary(),
    ]
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return ENTRY_KEY_PREFIX + digest


def _cacheable(view, request) -> bool:
    renderer = getattr(request, "accepted_renderer", None)
    return (
        cache_seconds() > 0
        and view.response_cache
        and view.action in CACHED_ACTIONS
        and request.method in ("GET", "HEAD")
        and isinstance(renderer, JSONRenderer)
        and request.user.is_authenticated
    )


class Lookup:
    """One request's cache entry: the stored response if it is current, and how to store one."""

    def __init__(self, key: str, generation: int, entry):
        self.key = key
        self.generation = generation
        self.entry = entry

    def response(self) -> HttpResponse | None:
        if self.generation is None or self.entry is None or self.entry[0] != self.generation:
            return None
        _generation, content_type, body = self.entry
        return HttpResponse(body, content_type=content_type)

    def store_when_rendered(self, response) -> None:
        """Store ``response`` (a DRF Response) tagged with the generation read before it was built."""
        if self.generation is None or response.status_code != 200 or not hasattr(response, "add_post_render_callback"):
            return

        def store(rendered):
            entry = (self.generation, rendered["Content-Type"], rendered.content)
            cache.set(self.key, entry, cache_seconds())

        response.add_post_render_callback(store)


def lookup(view, request) -> Lookup | None:
    """The cache entry for this request, or ``None`` when the request is not one to cache."""
    if not _cacheable(view, request):
        return None
    key = _key(view, request)
    found = cache.get_many([GENERATION_KEY, key])
    return Lookup(key, _current_generation(found.get(GENERATION_KEY)), found.get(key))


def cached(view, request, respond):
    """Answer from the cache, or call ``respond()`` and store its answer."""
    entry = lookup(view, request)
    if entry is None:
        return respond()
    response = entry.response()
    if response is None:
        response = respond()
        entry.store_when_rendered(response)
    return response


# --- What bumps the generation ----------------------------------------------------------------


class DataGenerationMiddleware:
    """Bumps the data generation after every successful unsafe request by a signed-in user.

    Signals miss ``queryset.update()`` and bulk writes, so any request that may have written
    counts as a write. Refused and failed requests (status >= 400) do not: DRF and
    ``ATOMIC_REQUESTS`` roll their transaction back. Anonymous requests write no program data
    (every write needs a role), so a visitor cannot empty the cache by posting a login form.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            request.method in UNSAFE_METHODS
            and response.status_code < 400
            and user is not None
            and user.is_authenticated
        ):
            bump_after_commit()
        return response


def _model_changed(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    bump_after_commit(using)


def _relation_changed(sender, action, using=DEFAULT_DB_ALIAS, **kwargs):
    if action.startswith("post_"):
        bump_after_commit(using)


def _user_saved(sender, update_fields=None, using=DEFAULT_DB_ALIAS, **kwargs):
    # Every sign-in saves last_login, which no API response shows.
    if update_fields is not None and set(update_fields) == {"last_login"}:
        return
    bump_after_commit(using)


def _migrated(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    bump_after_commit(using)


def connect(*, app_labels, audience=()) -> None:
    """Watch every model of ``app_labels`` (and the user model) for writes; ``audience`` adds
    functions of the user whose results become part of every key (e.g. the write scope)."""
    global _audience_parts
    _audience_parts = tuple(audience)
    user_model = get_user_model()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label not in app_labels or model is user_model:
            continue
        uid = f"response-cache:{model._meta.label}"
        post_save.connect(_model_changed, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(_model_changed, sender=model, weak=False, dispatch_uid=uid)
        m2m_changed.connect(_relation_changed, sender=model, weak=False, dispatch_uid=uid)
    uid = f"response-cache:{user_model._meta.label}"
    post_save.connect(_user_saved, sender=user_model, weak=False, dispatch_uid=uid)
    post_delete.connect(_model_changed, sender=user_model, weak=False, dispatch_uid=uid)
    post_migrate.connect(_migrated, weak=False, dispatch_uid="response-cache:migrate")


@checks.register(checks.Tags.caches)
def check_shared_cache(app_configs=None, **kwargs):
    if cache_seconds() > 0 and settings.CACHES["default"]["BACKEND"] in PROCESS_LOCAL_BACKENDS:
        return [
            checks.Warning(
                "API_RESPONSE_CACHE_SECONDS is on with a per-process cache: a write served by one "
                "process would leave the other processes' cached API responses in use.",
                hint="Set CACHE_URL to a shared cache (rediscache://...) or API_RESPONSE_CACHE_SECONDS=0.",
                id="core.W001",
            )
        ]
    return []
