import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history import register
from simple_history.models import HistoricalRecords


class DataQualityFlag(models.Model):
    """A note that something on a record disagrees with something else, and per which source.

    One mechanism for every app: attach with a GenericRelation named ``flags`` and prefetch it.
    """

    class Kind(models.TextChoices):
        CONTRADICTION = "contradiction", _("Kontradiksi antarsumber")
        SPELLING = "spelling", _("Ejaan berbeda dari sumber resmi")
        MISSING = "missing", _("Data tidak tersedia di sumber")
        OUT_OF_SCOPE = "out_of_scope", _("Di luar cakupan lokasi")
        OTHER = "other", _("Lainnya")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    field = models.CharField(_("kolom"), max_length=64, blank=True)
    code = models.SlugField(_("kode"), max_length=64, help_text=_("Kunci tetap untuk impor ulang."))
    message = models.TextField(_("keterangan"))
    recorded_value = models.CharField(_("nilai tercatat"), max_length=255, blank=True)
    other_value = models.CharField(_("nilai pembanding"), max_length=255, blank=True)
    source = models.CharField(_("sumber"), max_length=255)
    other_source = models.CharField(_("sumber pembanding"), max_length=255, blank=True)
    resolved = models.BooleanField(_("sudah diselesaikan"), default=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("catatan kualitas data")
        verbose_name_plural = _("catatan kualitas data")
        ordering = ["content_type_id", "object_id", "code"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "code"], name="flag_unique_code_per_record")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.message}"


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A researcher's API token. Only a SHA-256 hash is stored; the key is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nama"), max_length=100)
    prefix = models.CharField(_("awalan"), max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(raw: str) -> str:
        return _hash_token(raw)

    @staticmethod
    def new_key() -> str:
        return secrets.token_urlsafe(32)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def revoke(self):
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])


class OneTimePassword(models.Model):
    """An account whose password an official set: it must be changed at the next sign-in.

    The row exists while the change is due; changing the password deletes it (both kept in history).
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="one_time_password")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    set_at = models.DateTimeField(_("ditetapkan"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kata sandi sekali pakai")
        verbose_name_plural = _("kata sandi sekali pakai")

    def __str__(self):
        return str(self.user)


# Accounts are managed in the app (``kotaku.accounts``): who created, renamed, deactivated an
# account or changed its role is kept like every other tracked record. The password hash and the
# last sign-in are not history.
register(
    get_user_model(),
    app="core",
    table_name="core_historicaluser",
    excluded_fields=["password", "last_login"],
    m2m_fields=["groups"],
)
