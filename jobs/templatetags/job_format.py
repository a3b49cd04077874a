from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def durasi(seconds):
    """Seconds as ``1 j 5 mnt``, ``3 mnt 20 dtk`` or ``45 dtk``; empty for None."""
    if seconds is None:
        return ""
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return _("%(h)d j %(m)d mnt") % {"h": hours, "m": minutes}
    if minutes:
        return _("%(m)d mnt %(s)d dtk") % {"m": minutes, "s": secs}
    return _("%(s)d dtk") % {"s": secs}
