"""Synthetic, deterministic demo data at city, province or national scale (``generate_demo_data``).

- ``generator``: plans the area tree in memory and writes every table in batches;
- ``writer``: batched inserts (``bulk_create``, or ``COPY`` on PostgreSQL) with keys chosen up front;
- ``purge``: deletes synthetic rows only (the areas under the reserved prefix and all that refers to them);
- ``names``: fictional Indonesian-sounding names.
"""

from kotaku.demo_data.generator import AS_OF, SCALES, SOURCE, SYNTHETIC_PREFIX, Generator, Scale
from kotaku.demo_data.purge import purge, synthetic_areas, synthetic_exists

__all__ = [
    "AS_OF",
    "SCALES",
    "SOURCE",
    "SYNTHETIC_PREFIX",
    "Generator",
    "Scale",
    "purge",
    "synthetic_areas",
    "synthetic_exists",
]
