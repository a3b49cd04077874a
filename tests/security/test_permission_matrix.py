"""The permission matrix: every routed URL (admin aside) × every role.

Roles: a signed-out visitor, an official, a coordinator inside the object's area (Kampung Bugis),
a coordinator outside it (Tanjung Unggat) and a researcher. The test walks the URL resolver and
fails on any route missing from ``MATRIX``. It checks that GET answers what the route's policy
says, that safe methods change no data, and that every write by a role that may not write is
refused (an out-of-scope object answering 404) and changes nothing.
"""

from django.urls import URLResolver, get_resolver, reverse

from tests.security.bad_input import table_counts
from tests.security.conftest import ANON, COORD_IN, COORD_OUT, OFFICIAL, RESEARCHER, ROLES

# GET answers per role, as sets of acceptable status codes.
LOGIN = {302}
# A role that may not do something is refused for its role (403) before any record is looked up;
# 404 is only for a record outside a writer's scope. (Accepting 404 here once hid a write page that
# looked its record up first and answered a researcher 404.)
REFUSED = {403}
POLICIES = {
    # Public pages: dashboards, reports, collaboration overview (no personal data: tested elsewhere).
    "public": dict.fromkeys(ROLES, {200}),
    "signed_in_page": {ANON: LOGIN, OFFICIAL: {200}, COORD_IN: {200}, COORD_OUT: {200}, RESEARCHER: {200}},
    "api_read": {ANON: {401}, OFFICIAL: {200}, COORD_IN: {200}, COORD_OUT: {200}, RESEARCHER: {200}},
    # API reads that need a query parameter (``?location=``): without it, 400 for every signed-in role.
    "api_read_query": {ANON: {401}, OFFICIAL: {400}, COORD_IN: {400}, COORD_OUT: {400}, RESEARCHER: {400}},
    # Forms that name their object: the object's area decides; outside it answers 404.
    "writer_scoped": {ANON: LOGIN, OFFICIAL: {200}, COORD_IN: {200}, COORD_OUT: {404}, RESEARCHER: REFUSED},
    # The edit form of a verified record (the seed's): locked against coordinators until reopened.
    "writer_scoped_verified": {ANON: LOGIN, OFFICIAL: {200}, COORD_IN: {403}, COORD_OUT: {404}, RESEARCHER: REFUSED},
    # Forms without an object yet (create): every writer may open them; choices are scoped.
    "writer_page": {ANON: LOGIN, OFFICIAL: {200}, COORD_IN: {200}, COORD_OUT: {200}, RESEARCHER: REFUSED},
    "official_page": {ANON: LOGIN, OFFICIAL: {200}, COORD_IN: REFUSED, COORD_OUT: REFUSED, RESEARCHER: REFUSED},
    # POST-only endpoints.
    "post_only_scoped": {ANON: LOGIN, OFFICIAL: {405}, COORD_IN: {405}, COORD_OUT: {404}, RESEARCHER: REFUSED},
    "post_only_writer": {ANON: LOGIN, OFFICIAL: {405}, COORD_IN: {405}, COORD_OUT: {404, 405}, RESEARCHER: REFUSED},
    "post_only_official": {ANON: LOGIN, OFFICIAL: {405}, COORD_IN: REFUSED, COORD_OUT: REFUSED, RESEARCHER: REFUSED},
    "post_only_public": dict.fromkeys(ROLES, {405}),
    "api_post_only": {ANON: {401}, OFFICIAL: {405}, COORD_IN: {405}, COORD_OUT: {405}, RESEARCHER: {405}},
    "redirect": dict.fromkeys(ROLES, {302}),
    # A researcher's own token: its owner and officials see it, nobody else.
    "token_owner": {ANON: {401}, OFFICIAL: {200}, COORD_IN: {404}, COORD_OUT: {404}, RESEARCHER: {200}},
    # A researcher's background job: its owner and officials see its pages and file, nobody else.
    "job_owner": {ANON: LOGIN, OFFICIAL: {200}, COORD_IN: {404}, COORD_OUT: {404}, RESEARCHER: {200}},
    "post_only_job_owner": {ANON: LOGIN, OFFICIAL: {405}, COORD_IN: {405}, COORD_OUT: {405}, RESEARCHER: {405}},
    # Accounts: officials only.
    "api_official": {ANON: {401}, OFFICIAL: {200}, COORD_IN: {403}, COORD_OUT: {403}, RESEARCHER: {403}},
}

# route name -> (policy, key in the `objects` fixture for the URL's object or None, or a dict of URL
# arguments for a route that takes several)
MATRIX = {
    "home": ("public", None),
    "healthz": ("public", None),
    "favicon": ("public", None),
    "about": ("public", None),
    "city-dashboard": ("public", None),
    "location-dashboard": ("public", "location"),
    "reports": ("public", None),
    "report-detail": ("public", "slug:tabel-2"),
    "report-csv": ("public", "slug:tabel-2"),
    "report-xlsx": ("public", "slug:tabel-2"),
    "set_language": ("redirect", None),
    "login": ("public", None),
    "logout": ("post_only_public", None),
    "password_change": ("signed_in_page", None),
    "password_change_done": ("signed_in_page", None),
    "api-schema": ("public", None),
    "api-docs": ("public", None),
    "api-codebook": ("public", None),
    "api-codebook-page": ("public", None),
    "api-me": ("api_read", None),
    "api-indicator-changes": ("api_read_query", None),
    "api-slum-reduction": ("api_read", None),
    "api-root": ("public", None),
    "sites:location-list": ("signed_in_page", None),
    "sites:location-detail": ("signed_in_page", "location"),
    "sites:area-record-create": ("writer_scoped", "location"),
    "sites:assessment-create": ("writer_scoped", "location"),
    "sites:assessment-preview": ("post_only_scoped", "location"),
    "sites:assessment-detail": ("signed_in_page", "assessment"),
    "sites:assessment-update": ("writer_scoped", "assessment"),
    "sites:rule-set-list": ("signed_in_page", None),
    "sites:kelurahan-list": ("writer_page", None),
    "sites:community-areas": ("writer_scoped", "area"),
    "interventions:intervention-list": ("signed_in_page", None),
    "interventions:intervention-create": ("writer_page", None),
    "interventions:intervention-area-options": ("writer_page", None),
    "interventions:intervention-detail": ("signed_in_page", "intervention"),
    "interventions:intervention-update": ("writer_scoped_verified", "intervention"),
    "interventions:intervention-delete": ("writer_scoped", "intervention"),
    "interventions:progress-update-create": ("writer_scoped", "intervention"),
    "interventions:progress-update-photo": ("signed_in_page", "progress_update"),
    "interventions:funding-source-list": ("signed_in_page", None),
    "interventions:funding-source-create": ("official_page", None),
    "interventions:funding-source-update": ("official_page", "funding_source"),
    "interventions:intervention-kind-list": ("signed_in_page", None),
    "interventions:intervention-kind-create": ("official_page", None),
    "interventions:intervention-kind-update": ("official_page", "kind"),
    "collaboration:location-list": ("public", None),
    "collaboration:location-detail": ("public", "location"),
    "collaboration:stakeholder-list": ("public", None),
    "collaboration:stakeholder-detail": ("public", "stakeholder"),
    "collaboration:contact-person-create": ("writer_scoped", "stakeholder"),
    "collaboration:contact-person-update": ("writer_scoped", "contact"),
    "collaboration:meeting-create": ("writer_page", None),
    "collaboration:meeting-update": ("writer_scoped", "meeting"),
    "collaboration:data-sharing-create": ("writer_page", None),
    "collaboration:data-sharing-update": ("writer_scoped", "data_sharing"),
    "collaboration:agreement-create": ("writer_page", None),
    "collaboration:agreement-update": ("writer_scoped", "agreement"),
    "collaboration:milestone-create": ("writer_scoped", "agreement"),
    "collaboration:milestone-update": ("writer_scoped", "milestone"),
    "collaboration:shared-goal-create": ("writer_page", None),
    "collaboration:shared-goal-update": ("writer_scoped", "shared_goal"),
    "collaboration:outcome-create": ("writer_page", None),
    "collaboration:outcome-update": ("writer_scoped", "outcome"),
    "collaboration:stage-assessment-create": ("writer_page", None),
    "collaboration:stage-assessment-update": ("writer_scoped", "stage_assessment"),
    "imports:importrun-list": ("writer_page", None),
    "imports:importrun-create": ("writer_page", None),
    "imports:importrun-detail": ("writer_scoped", "import_run"),
    "imports:importrun-commit": ("post_only_writer", "import_run"),
    "imports:template-download": ("writer_page", "kind:intervensi"),
    "jobs:job-list": ("signed_in_page", None),
    "jobs:job-detail": ("job_owner", "job"),
    "jobs:job-progress": ("job_owner", "job"),
    "jobs:job-download": ("job_owner", "job"),
    "jobs:job-cancel": ("post_only_job_owner", "job"),
    "jobs:job-retry": ("post_only_job_owner", "job"),
    "jobs:backup": ("official_page", None),
    "job-detail-api": ("token_owner", "job"),
    "job-download-api": ("token_owner", "job"),
    "core:apitoken-list": ("official_page", None),
    "core:apitoken-create": ("official_page", None),
    "core:apitoken-revoke": ("post_only_official", "api_token"),
    "audit:entry-list": ("official_page", None),
    "audit:object-history": ("official_page", {"kind": "interventions.intervention", "pk": "intervention"}),
    "area-list": ("api_read", None),
    "area-detail": ("api_read", "area"),
    "decree-list": ("api_read", None),
    "decree-detail": ("api_read", "decree"),
    "decree-document": ("api_read", "decree"),
    "user-list": ("api_official", None),
    "user-detail": ("api_official", "managed_account"),
    "location-list": ("api_read", None),
    "location-detail": ("api_read", "location"),
    "area-record-list": ("api_read", None),
    "area-record-detail": ("api_read", "area_record"),
    "aspect-list": ("api_read", None),
    "aspect-detail": ("api_read", "aspect"),
    "rule-set-list": ("api_read", None),
    "rule-set-detail": ("api_read", "rule_set"),
    "assessment-list": ("api_read", None),
    "assessment-detail": ("api_read", "assessment"),
    "interventions-list": ("api_read", None),
    "interventions-totals": ("api_read", None),
    "interventions-detail": ("api_read", "intervention"),
    "funding-sources-list": ("api_read", None),
    "funding-sources-detail": ("api_read", "funding_source"),
    "intervention-kinds-list": ("api_read", None),
    "intervention-kinds-detail": ("api_read", "kind"),
    "progress-updates-list": ("api_read", None),
    "progress-updates-detail": ("api_read", "progress_update"),
    "progress-updates-photo": ("api_read", "progress_update"),
    "stakeholder-list": ("api_read", None),
    "stakeholder-detail": ("api_read", "stakeholder"),
    "meeting-list": ("api_read", None),
    "meeting-detail": ("api_read", "meeting"),
    "data-sharing-list": ("api_read", None),
    "data-sharing-detail": ("api_read", "data_sharing"),
    "agreement-list": ("api_read", None),
    "agreement-detail": ("api_read", "agreement"),
    "milestone-list": ("api_read", None),
    "milestone-detail": ("api_read", "milestone"),
    "shared-goal-list": ("api_read", None),
    "shared-goal-detail": ("api_read", "shared_goal"),
    "outcome-list": ("api_read", None),
    "outcome-detail": ("api_read", "outcome"),
    "stage-assessment-list": ("api_read", None),
    "stage-assessment-detail": ("api_read", "stage_assessment"),
    "api-token-list": ("api_read", None),
    "api-token-detail": ("token_owner", "api_token"),
    "data-quality-flag-list": ("api_read", None),
    "data-quality-flag-detail": ("api_read", "flag"),
    "verification-queue": ("official_page", None),
    "verification-count": ("official_page", None),
    "verification-action": ("post_only_writer", {"kind": "interventions", "pk": "intervention", "action": "submit"}),
}
# The verification actions of every verifiable API resource (POST only).
for _basename, _key in {
    "area-record": "area_record",
    "assessment": "assessment",
    "interventions": "intervention",
    "progress-updates": "progress_update",
    "meeting": "meeting",
    "data-sharing": "data_sharing",
    "agreement": "agreement",
    "shared-goal": "shared_goal",
    "outcome": "outcome",
}.items():
    for _action in ("submit", "verify", "return", "reopen"):
        MATRIX[f"{_basename}-{_action}"] = ("api_post_only", _key)


def routed_names():
    def walk(resolver, namespace=None):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern, pattern.namespace or namespace)
            elif pattern.name:
                yield (f"{namespace}:" if namespace else "") + pattern.name, pattern

    return {name: pattern for name, pattern in walk(get_resolver()) if not name.startswith("admin:")}


def url_for(name, objects):
    _policy, key = MATRIX[name]
    pattern = routed_names()[name]
    kwarg_names = list(pattern.pattern.regex.groupindex)
    if not kwarg_names:
        return reverse(name)
    if isinstance(key, dict):  # several URL arguments: names of `objects` entries, else literal values
        return reverse(name, kwargs={kwarg: objects.get(value, value) for kwarg, value in key.items()})
    if ":" in (key or ""):
        kwarg, value = key.split(":")
        return reverse(name, kwargs={kwarg: value})
    return reverse(name, kwargs={kwarg_names[0]: objects[key]})


def test_every_route_is_in_the_matrix_and_every_entry_is_routed(db):
    routed = set(routed_names())
    assert sorted(routed - set(MATRIX)) == [], "routes missing from the permission matrix"
    assert sorted(set(MATRIX) - routed) == [], "matrix entries for routes that no longer exist"


def test_get_answers_per_role(objects, as_role):
    """One test over all routes (the seed loads once); the failure lists every wrong answer."""
    wrong = {}
    for name in sorted(MATRIX):
        policy = POLICIES[MATRIX[name][0]]
        url = url_for(name, objects)
        answers = {role: as_role(role).get(url).status_code for role in ROLES}
        bad = {role: code for role, code in answers.items() if code not in policy[role]}
        if bad:
            wrong[url] = bad
    assert wrong == {}


def test_safe_methods_change_no_data(objects, as_role):
    before = table_counts()
    for name in MATRIX:
        url = url_for(name, objects)
        for role in ROLES:
            client = as_role(role)
            client.get(url)
            client.head(url)
            client.options(url)
    assert table_counts() == before


WRITE_METHODS = ("post", "put", "patch", "delete")

# Writes with their own tests, not data writes: sign-in, sign-out, language, password.
NOT_DATA_WRITES = {"set_language", "login", "logout", "password_change"}
READ_ONLY_POLICIES = {"public", "signed_in_page", "redirect", "post_only_public"}


def may_write(policy_name, role):
    """Whether ``role`` may write at a route of this policy (allowed writes have the apps' own tests)."""
    if policy_name in {"job_owner", "post_only_job_owner"}:
        return role in (OFFICIAL, RESEARCHER)  # the job's owner (a researcher) and officials
    if policy_name in READ_ONLY_POLICIES or role in (ANON, RESEARCHER):
        return False
    if policy_name in {"official_page", "post_only_official"}:
        return role == OFFICIAL
    if policy_name in {"writer_scoped", "writer_scoped_verified", "post_only_scoped", "post_only_writer"}:
        return role in (OFFICIAL, COORD_IN)
    if policy_name in {"token_owner", "api_official"}:
        return role == OFFICIAL
    # API routes: writers may create (the payload's area decides), and change objects in scope.
    return role in (OFFICIAL, COORD_IN, COORD_OUT)


def refused(code, policy_name, role, has_object):
    if role == ANON:
        return code in {302, 401, 403, 405}
    if role == COORD_OUT and has_object and policy_name not in READ_ONLY_POLICIES:
        return code in {403, 404, 405}
    if role == RESEARCHER or policy_name in {"official_page", "post_only_official"}:
        # Refused for the role, whatever the record: never a 404 that depends on the record.
        return code in {403, 405}
    return code in {403, 404, 405}


def test_writes_by_roles_that_may_not_write_are_refused_and_change_nothing(objects, as_role):
    before = table_counts()
    wrong = {}
    for name in sorted(set(MATRIX) - NOT_DATA_WRITES):
        policy_name, key = MATRIX[name]
        url = url_for(name, objects)
        has_object = key is not None and ":" not in key
        for role in ROLES:
            allowed = may_write(policy_name, role)
            if policy_name in ("api_read", "api_post_only") and role == COORD_OUT and has_object:
                allowed = False  # a Kampung Bugis object is outside the Tanjung Unggat coordinator's scope
            if allowed:
                continue
            client = as_role(role)
            for method in WRITE_METHODS:
                code = getattr(client, method)(url, data={}, content_type="application/json").status_code
                if not refused(code, policy_name, role, has_object):
                    wrong[(url, role, method)] = code
    assert wrong == {}
    assert table_counts() == before
