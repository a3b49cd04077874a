from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from core.models import ApiToken, DataQualityFlag


@transaction.atomic
def api_token_issue(*, user, name: str, issued_by=None) -> tuple[ApiToken, str]:
    """Create a token for ``user``; returns the row and the raw key, which is never stored."""
    raw = ApiToken.new_key()
    token = ApiToken(user=user, name=name, prefix=raw[:8], key_hash=ApiToken.hash_key(raw), created_by=issued_by)
    token.full_clean()
    token.save()
    return token, raw


def flag_upsert(
    *,
    record,
    code: str,
    kind: str,
    message: str,
    source: str,
    field: str = "",
    recorded_value: str = "",
    other_value: str = "",
    other_source: str = "",
) -> DataQualityFlag:
    """Create or update the flag ``code`` on ``record``; saves only when something changed."""
    values = {
        "kind": kind,
        "message": message,
        "source": source,
        "field": field,
        "recorded_value": recorded_value,
        "other_value": other_value,
        "other_source": other_source,
    }
    flag, created = DataQualityFlag.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        code=code,
        defaults=values,
    )
    if not created:
        changed = [name for name, value in values.items() if getattr(flag, name) != value]
        if changed:
            for name in changed:
                setattr(flag, name, values[name])
            flag.full_clean()
            flag.save(update_fields=changed)
    return flag


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor) -> ApiToken:
    """Revoke ``token`` (the next request with it answers 401); revoking twice changes nothing."""
    if token.revoked_at is None:
        token.revoke()
    return token
