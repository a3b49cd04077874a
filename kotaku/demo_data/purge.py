"""Delete synthetic data, and only synthetic data.

Synthetic rows are the areas under the reserved path prefix and every row that refers to them,
directly or through other rows (locations, decrees, stakeholders, interventions, meetings, ...),
found by walking the models' foreign keys, so a model another app adds later is covered too.
Rows are deleted with one ``DELETE ... WHERE ... IN (subquery)`` per model and path, children
first; per-row signals (and so audit-history entries) are skipped, as they were on insert, but
the history rows of deleted records are removed. The database checks every foreign key when the
transaction commits, so a reset can never leave a dangling reference: if a real row points at
a synthetic one in a way this walk does not cover, the whole reset is rolled back.
"""

from collections import Counter

from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models

from kotaku.demo_data.generator import SYNTHETIC_PREFIX
from sites.models import Area


def synthetic_areas():
    return Area.objects.filter(path__startswith=SYNTHETIC_PREFIX)


def synthetic_exists() -> bool:
    return synthetic_areas().exists()


def _is_history(model) -> bool:
    return hasattr(model, "instance_type") and hasattr(model, "history_object")


def _dependents(model):
    """(related model, field name) of every foreign key and one-to-one that points at ``model``."""
    for relation in model._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and (relation.one_to_many or relation.one_to_one)):
            continue
        related = relation.related_model
        if related is model or _is_history(related) or related._meta.auto_created:
            continue
        yield related, relation.field.name


def _delete(queryset, counts: Counter) -> None:
    # _raw_delete: one DELETE statement, no per-row signals (see the module docstring).
    deleted = queryset._raw_delete(queryset.db)
    if deleted:
        counts[queryset.model._meta.label] += deleted


def _purge(queryset, counts: Counter) -> None:
    model = queryset.model
    keys = queryset.values("pk")
    for related, name in _dependents(model):
        _purge(related._default_manager.filter(**{f"{name}__in": keys}), counts)
    for field in model._meta.get_fields(include_hidden=True):
        if field.many_to_many and not field.concrete and field.through._meta.auto_created:
            # reverse side of an automatic many-to-many table (e.g. locations covering an area)
            through = field.through
            column = next(f.name for f in through._meta.concrete_fields if f.related_model is model)
            _delete(through.objects.filter(**{f"{column}__in": keys}), counts)
        elif field.many_to_many and field.concrete and field.remote_field.through._meta.auto_created:
            through = field.remote_field.through
            column = field.m2m_field_name()
            _delete(through.objects.filter(**{f"{column}__in": keys}), counts)
        elif isinstance(field, GenericRelation):
            content_type = ContentType.objects.get_for_model(model)
            related = field.related_model
            _delete(related.objects.filter(content_type=content_type, object_id__in=keys), counts)
    history = getattr(model, "history", None)
    if history is not None and isinstance(history, models.Manager):
        _purge(history.model.objects.filter(id__in=keys), counts)
    _delete(queryset, counts)


def purge() -> Counter:
    """Delete every synthetic row; call inside a transaction. Returns rows deleted per model."""
    counts: Counter = Counter()
    _purge(synthetic_areas(), counts)
    return counts
