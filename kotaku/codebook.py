"""The API codebook: every field of every ``/api/v1/`` endpoint, generated from the URL resolver.

Every routed view (each app's router registry, plus plain API views) is found by walking the URL
patterns, so a new endpoint appears here without anyone editing this module. Labels and
descriptions come from the serializer field, else from the model field it reads
(``verbose_name``, ``help_text``); units from the view set's ``codebook_units`` (``{"volume":
"lihat kolom unit"}``), else from the field name (``*_ha`` → Ha, ``budget``/``amount``/``*_rp`` →
Rp, ...).
"""

import re

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.generators import EndpointEnumerator, SchemaGenerator
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.test import APIRequestFactory

from core.exports import columns_for
from core.viewsets import ComputedExportMixin, ExportMixin

API_PREFIX = "/api/v1/"
SKIPPED_PATHS = {"/api/v1/codebook/"}

# (needles, unit): a needle with an underscore or "percent" must end the name; a bare word may
# appear anywhere in it ("total_budget").
UNIT_RULES = [
    (("_ha", "hectares", "hektar"), "Ha"),
    (("_rp", "_idr", "rupiah", "budget", "amount", "anggaran", "biaya"), "Rp"),
    (("_m2", "_sqm"), "m²"),
    (("_km",), "km"),
    (("_m", "_meters", "_length"), "m"),
    (("percent", "_pct", "persen"), "%"),
]
ANYWHERE = {"hectares", "hektar", "rupiah", "budget", "amount", "anggaran", "biaya"}
LABEL_UNIT = re.compile(r"\((Ha|Rp|m|m²|km|%)\)\s*$")


def unit_for_name(name: str) -> str:
    leaf = name.rsplit(".", 1)[-1].lower()
    for needles, unit in UNIT_RULES:
        if any(leaf.endswith(needle) or (needle in ANYWHERE and needle in leaf) for needle in needles):
            return unit
    return ""


def unit_for(name: str, label: str) -> str:
    """The unit a label states ("Luas kumuh (Ha)"), else the one the field name implies."""
    stated = LABEL_UNIT.search(label)
    return stated.group(1) if stated else unit_for_name(name)


def _type(field) -> tuple[str, str]:
    """(machine type, human label) of a serializer field."""
    checks = [
        (serializers.DecimalField, "decimal-string", _('desimal, ditulis sebagai teks agar tepat (mis. "18.92")')),
        (serializers.BooleanField, "boolean", _("benar/salah")),
        (serializers.IntegerField, "integer", _("bilangan bulat")),
        (serializers.FloatField, "number", _("bilangan")),
        (
            serializers.DateTimeField,
            "datetime",
            _("tanggal-waktu ISO 8601 dengan zona waktu (mis. 2018-03-05T09:30:00+07:00)"),
        ),
        (serializers.DateField, "date", _("tanggal ISO 8601 (YYYY-MM-DD)")),
        (serializers.TimeField, "time", _("jam ISO 8601")),
        (serializers.ChoiceField, "choice", _("salah satu kode pilihan")),
        (serializers.UUIDField, "uuid", _("UUID")),
        (serializers.URLField, "url", _("URL")),
        (serializers.FileField, "url", _("URL berkas")),
        (serializers.JSONField | serializers.DictField | serializers.HStoreField, "json", _("objek JSON")),
        (serializers.ListField | serializers.ManyRelatedField, "list", _("daftar")),
        (serializers.PrimaryKeyRelatedField, "integer", _("id rekaman terkait")),
        (serializers.RelatedField, "string", _("rekaman terkait")),
        (serializers.SerializerMethodField, "computed", _("nilai terhitung")),
    ]
    for field_class, machine, label in checks:
        if isinstance(field, field_class):
            return machine, label
    return "string", _("teks")


def _model_field(model, source: str):
    """The model field a serializer ``source`` reads, following relations; ``None`` when not a field."""
    field = None
    for part in source.split("."):
        if model is None:
            return None
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        model = field.related_model if field.is_relation else None
    return field


def _serializer_model(serializer):
    meta = getattr(serializer, "Meta", None)
    return getattr(meta, "model", None)


def _describe(serializer, model, prefix: str, units: dict) -> list[dict]:
    model = _serializer_model(serializer) or model
    rows = []
    for name, field in serializer.fields.items():
        if field.write_only:
            continue
        dotted = f"{prefix}{name}"
        model_field = _model_field(model, field.source) if model and field.source != "*" else None
        label = field.label or getattr(model_field, "verbose_name", "") or ""
        help_text = field.help_text or getattr(model_field, "help_text", "") or ""
        if isinstance(field, serializers.ListSerializer):
            machine, type_label = "list", _("daftar objek")
        elif isinstance(field, serializers.BaseSerializer):
            machine, type_label = "object", _("objek")
        else:
            machine, type_label = _type(field)
        choices = []
        if isinstance(field, serializers.ChoiceField):
            choices = [{"value": str(value), "label": str(text)} for value, text in field.choices.items()]
        rows.append(
            {
                "name": dotted,
                "type": machine,
                "type_label": str(type_label),
                "unit": str(units.get(dotted, "")) or (unit_for(dotted, str(label)) if machine in NUMERIC else ""),
                "label": capfirst(str(label)),
                "description": str(help_text),
                "nullable": bool(field.allow_null)
                or bool(model_field is not None and getattr(model_field, "null", False)),
                "choices": choices,
            }
        )
        nested_model = model_field.related_model if model_field is not None and model_field.is_relation else None
        if isinstance(field, serializers.ListSerializer):
            rows.extend(_describe(field.child, nested_model, f"{dotted}[].", units))
        elif isinstance(field, serializers.BaseSerializer):
            rows.extend(_describe(field, nested_model, f"{dotted}.", units))
    return rows


NUMERIC = {"decimal-string", "integer", "number", "computed"}


def _anonymous_view(generator, callback, path: str):
    """The view as drf-spectacular builds it for the schema, with a signed-out request.

    Serializers chosen by role (personal data) are described as a researcher sees them.
    """
    view = generator.create_view(callback, "GET")
    request = APIRequestFactory().get(path)
    request.user = AnonymousUser()
    view.request = view.initialize_request(request)
    view.request.user = AnonymousUser()
    schema = view.schema
    schema.method, schema.path = "GET", path
    return view, schema


def _response_serializer(view, schema):
    """The 200 answer's serializer instance (as the schema documents it), or ``None`` for files."""
    response = schema.get_response_serializers()
    if isinstance(response, dict):
        ok = [value for code, value in response.items() if str(code[0] if isinstance(code, tuple) else code) == "200"]
        response = ok[0] if ok else None
    if isinstance(response, OpenApiResponse):
        response = response.response
    if isinstance(response, type) and issubclass(response, serializers.BaseSerializer):
        response = response(context={"request": view.request, "view": view, "format": None})
    if isinstance(response, serializers.ListSerializer):
        response = response.child
    return response if isinstance(response, serializers.BaseSerializer) else None


def _model_of(view, serializer):
    queryset = getattr(view, "queryset", None)
    if queryset is not None:
        return queryset.model
    return _serializer_model(serializer)


def _endpoint_name(view, path: str, action: str | None) -> str:
    basename = getattr(view, "basename", None) or path.rstrip("/").rsplit("/", 1)[-1]
    return basename if action in (None, "list") else f"{basename}-{action}"


def _first_paragraph(text: str | None) -> str:
    return (text or "").strip().split("\n\n")[0].replace("\n", " ")


def endpoints() -> list[dict]:
    """One entry per readable operation: each list (standing for its detail too), extra action and API view."""
    found = {}
    for path, _regex, method, callback in EndpointEnumerator().get_api_endpoints():
        if method != "GET" or not path.startswith(API_PREFIX) or path in SKIPPED_PATHS:
            continue
        action = (getattr(callback, "actions", None) or {}).get("get")
        key = (callback.cls, "list" if action == "retrieve" else action)
        if key not in found or action == "list":
            found[key] = (path, callback, action)

    result = []
    generator = SchemaGenerator()
    for (cls, _action), (path, callback, action) in found.items():
        view, schema = _anonymous_view(generator, callback, path)
        serializer = _response_serializer(view, schema)
        model = _model_of(view, serializer)
        units = getattr(cls, "codebook_units", {})
        exports = (action == "list" and issubclass(cls, ExportMixin)) or issubclass(cls, ComputedExportMixin)
        export_serializer = view.get_export_serializer() if exports else None
        title = str(model._meta.verbose_name_plural) if model is not None and action in ("list", "retrieve") else ""
        method_doc = getattr(getattr(cls, action, None), "__doc__", None) if action not in (None, "list") else None
        result.append(
            {
                "name": _endpoint_name(view, path, action),
                "path": path,
                "title": title,
                "description": _first_paragraph(method_doc or cls.__doc__),
                "formats": ["json", "csv", "xlsx"] if exports else (["json"] if serializer is not None else ["file"]),
                "fields": _describe(serializer, model, "", units) if serializer is not None else [],
                "export_columns": [column.name for column in columns_for(export_serializer)] if exports else [],
            }
        )
    return sorted(result, key=lambda item: item["path"])


CONVENTION_LABELS = {
    "decimal": gettext_lazy("Desimal"),
    "date": gettext_lazy("Tanggal dan waktu"),
    "pagination": gettext_lazy("Pembagian halaman"),
    "export": gettext_lazy("Ekspor"),
    "null": gettext_lazy("Kosong"),
}


def build() -> dict:
    return {
        "api_version": "v1",
        "conventions": {
            "decimal": _('Rupiah, hektar, meter dan volume: teks desimal dengan titik, mis. "19762620000.00".'),
            "date": _(
                "Tanggal: ISO 8601 (2018-03-05). Tanggal-waktu: ISO 8601 dalam zona waktu %(zone)s dengan "
                "selisihnya, mis. 2018-03-05T09:30:00+07:00 (basis data menyimpan UTC)."
            )
            % {"zone": settings.TIME_ZONE},
            "pagination": _(
                "Daftar: `results` dengan `next`/`previous`; tabel kecil memakai `?page=` dan menyertakan `count`, "
                "tabel besar memakai `?cursor=` (tanpa `count`); `?page_size=` maks 500."
            ),
            "export": _("`?format=csv` atau `?format=xlsx`: seluruh daftar terfilter, tanpa halaman."),
            "null": _("Kosong (`null` di JSON, sel kosong di CSV/XLSX) berarti tidak tercatat di sumber."),
        },
        "endpoints": endpoints(),
    }
