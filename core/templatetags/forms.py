from django import template

register = template.Library()

CHECK_TYPES = {"checkbox", "radio"}


@register.filter
def bs(bound_field):
    """Render a bound field's widget with Bootstrap classes and ``aria-invalid`` on error."""
    widget = bound_field.field.widget
    input_type = getattr(widget, "input_type", "")
    if input_type in CHECK_TYPES:
        css = "form-check-input"
    elif input_type == "select" or widget.__class__.__name__.endswith("Select"):
        css = "form-select"
    else:
        css = "form-control"
    existing = widget.attrs.get("class", "")
    attrs = {"class": f"{css} {existing}".strip()}
    if bound_field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
    return bound_field.as_widget(attrs=attrs)
