from core import roles
from core.models import ApiToken, DataQualityFlag


def api_token_list(*, user):
    """Officials see every token; anyone else only their own."""
    tokens = ApiToken.objects.select_related("user", "created_by")
    if roles.is_official(user):
        return tokens
    if not user.is_authenticated:
        return tokens.none()
    return tokens.filter(user=user)


def data_quality_flag_list():
    return DataQualityFlag.objects.select_related("content_type").order_by("id")
