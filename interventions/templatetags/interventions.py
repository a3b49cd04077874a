from django import template

from interventions.selectors import area_label

register = template.Library()


@register.filter
def rt_rw(area):
    """ "RW 006 / RT 002" for an RT whose parent the selector joined in; never queries."""
    return area_label(area) if area is not None else ""
