"""Labels for stored choice keys (levels, classes, legality) that come from annotations, where
``get_FOO_display`` is not available. Display only: no query, no decision."""

from django import template

from sites.models import ConsiderationLevel, Legality, SlumLevel

register = template.Library()


def _label(choices, value) -> str:
    return str(dict(choices.choices).get(value, "")) if value else ""


@register.filter
def tingkat(value) -> str:
    """``sedang`` → "Kumuh sedang"."""
    return _label(SlumLevel, value)


@register.filter
def kelas_pertimbangan(value) -> str:
    return _label(ConsiderationLevel, value)


@register.filter
def legalitas(value) -> str:
    return _label(Legality, value)
