"""Helpers for idempotent seed loading: a second run must change nothing."""


def upsert(model, *, lookup: dict, values: dict):
    """Get the row matching ``lookup`` or create it; save changed fields only.

    Returns ``(obj, status)`` with status ``"created"``, ``"updated"`` or ``"unchanged"``. Saving
    only on change keeps audit history free of no-op entries.
    """
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        return obj, "created"
    changed = [name for name, value in values.items() if getattr(obj, _attname(model, name)) != _raw(value)]
    if not changed:
        return obj, "unchanged"
    for name in changed:
        setattr(obj, name, values[name])
    obj.full_clean()
    obj.save(update_fields=changed)
    return obj, "updated"


def _attname(model, name):
    field = model._meta.get_field(name)
    return field.attname


def _raw(value):
    return value.pk if hasattr(value, "_meta") else value
