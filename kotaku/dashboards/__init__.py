"""Reads for the city and location dashboards: aggregates computed in the database.

Each dashboard runs a fixed number of queries whatever the amount of data: every figure is an
``aggregate``/``values().annotate()`` or a subquery annotation, and the Python below only reshapes
those small aggregated results (``kotaku.aggregates``). The selectors of the domain apps are reused
where they fit: the locations' current area and latest level (``sites.selectors.location_list``),
the evidence counts (``collaboration.selectors.location_list``), goal progress
(``collaboration.selectors.goal_progress_for``).
"""

from kotaku.dashboards.charts import Chart
from kotaku.dashboards.city import city_dashboard, home_summary
from kotaku.dashboards.common import (
    area_totals,
    area_trend,
    aspect_label,
    decree_choices,
    funding_cube,
    location_rows,
    pick_decree,
    rt_rw_label,
)
from kotaku.dashboards.location import location_dashboard, location_queryset

__all__ = [
    "Chart",
    "area_totals",
    "area_trend",
    "aspect_label",
    "city_dashboard",
    "decree_choices",
    "funding_cube",
    "home_summary",
    "location_dashboard",
    "location_queryset",
    "location_rows",
    "pick_decree",
    "rt_rw_label",
]
