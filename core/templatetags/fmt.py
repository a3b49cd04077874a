from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.translation import get_language

from core import formatting

register = template.Library()


@register.filter
def code_spans(text):
    """Text whose `backticked` words (Markdown, as the schema writes them) become <code>, escaped."""
    parts = str(text or "").split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: leave the text as it is
        return conditional_escape(text or "")
    pairs = zip(parts[:-1:2], parts[1::2], strict=True)
    return format_html("{}{}", format_html_join("", "{}<code>{}</code>", pairs), parts[-1])


@register.filter
def rupiah(value):
    return formatting.rupiah(value)


@register.filter
def hektar(value):
    return formatting.hectares(value)


@register.filter
def meter(value):
    return formatting.metres(value)


@register.filter
def angka(value, places=None):
    """A plain number the Indonesian way; ``places`` rounds (``|angka:2``)."""
    return formatting.number_id(value, None if places in (None, "") else int(places), trim=places is None)


@register.filter
def volume(value, unit=""):
    return formatting.quantity(value, unit)


@register.filter
def persen(value, places=2):
    return formatting.percent(value, int(places))


@register.filter
def tanggal(value):
    return formatting.date_id(value, (get_language() or "id")[:2])
