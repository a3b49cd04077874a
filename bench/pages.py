"""Query count and server time of the dashboards and the API, in-process (django.test.Client).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kotaku_scale_national \
        .venv/bin/python bench/pages.py --label pg-national [--repeat 30] [--max-seconds 60]

Each target is requested ``--repeat`` times (after two warm-up requests; at most ``--max-seconds``
per target) and timed from the request to the last byte of the response; a separate request
under ``CaptureQueriesContext`` counts its queries and keeps the slowest ones. The CPU time per
request is measured too, for this process (the app, and SQLite) and for the PostgreSQL server
process of its connection: unlike wall time, it hardly grows when other programs load the
machine, and it bounds the throughput (2 cores ÷ CPU per request). Targets:

- the city dashboard of the paper's city (Tanjungpinang, the seed) and of a synthetic city of
  about ``--city-size`` interventions (the same city-scale city in a city-only database, the
  closest one in a national database), and the dashboard without a chosen decree (the default
  page, the "overview");
- the location dashboard of Kampung Bugis and of the synthetic city's busiest location;
- the API list of interventions (first page, next page via the cursor, filtered by the
  synthetic city's code) and one intervention's detail, with token authentication;
- with ``--all-lists``, the first page of every other API list (found from the URL resolver, as
  the export tests find them), to catch a list that sorts or counts a big table without an index.

The API response cache (core/response_cache.py) is off here (``API_RESPONSE_CACHE_SECONDS=0``):
every request is timed computing its answer; ``load.py`` measures the cache's hit and miss paths.
"""

import argparse
import os
import time

from common import (
    bench_token,
    data_size,
    database_backend_pid,
    database_label,
    machine,
    process_cpu_seconds,
    repeat,
    save,
    setup_django,
    stats,
)


def pick_targets(city_size: int) -> list[tuple[str, str, dict]]:
    from django.db.models import Count
    from django.urls import NoReverseMatch, reverse

    from interventions.models import Intervention
    from kotaku.demo_data import SYNTHETIC_PREFIX
    from sites.models import Decree, SlumLocation

    targets: list[tuple[str, str, dict]] = []

    def add(key, name, url_name, args=(), query="", api=False):
        try:
            url = reverse(url_name, args=args)
        except NoReverseMatch:
            targets.append((name, "", {"key": key, "missing": f"URL {url_name} does not exist (yet)"}))
            return
        targets.append((name, f"{url}{query}", {"key": key, "api": api}))

    seed_decree = Decree.objects.filter(area__code="21.72").order_by("pk").first()
    cities = (
        Decree.objects.filter(area__path__startswith=SYNTHETIC_PREFIX)
        .annotate(n=Count("locations__interventions"))
        .values_list("pk", "area__code", "area__name", "n")
    )
    city = min(cities, key=lambda row: (abs(row[3] - city_size), row[0]), default=None)
    add("city-overview", "city dashboard: overview (no decree chosen)", "city-dashboard")
    if seed_decree:
        add("city-seed", "city dashboard: Tanjungpinang (seed)", "city-dashboard", query=f"?decree={seed_decree.pk}")
    if city:
        add(
            "city-synthetic",
            f"city dashboard: {city[2]} ({city[3]} interventions)",
            "city-dashboard",
            query=f"?decree={city[0]}",
        )
    bugis = SlumLocation.objects.filter(area__code="21.72.03.1005").order_by("pk").first()
    if bugis:
        add("location-seed", "location dashboard: Kampung Bugis (seed)", "location-dashboard", args=[bugis.pk])
    if city:
        busiest = (
            SlumLocation.objects.filter(decree_id=city[0])
            .annotate(n=Count("interventions"))
            .order_by("-n", "pk")
            .values_list("pk", "name", "n")
            .first()
        )
        add(
            "location-synthetic",
            f"location dashboard: {busiest[1]} ({busiest[2]} interventions)",
            "location-dashboard",
            args=[busiest[0]],
        )
    add("api-list", "API list: interventions, first page", "interventions-list", api=True)
    add(
        "api-list-next",
        "API list: interventions, next page (cursor)",
        "interventions-list",
        api=True,
        query="?__next__",
    )
    if city:
        add(
            "api-list-city",
            f"API list: interventions in {city[1]}",
            "interventions-list",
            api=True,
            query=f"?area={city[1]}",
        )
    middle = Intervention.objects.order_by("-pk").values_list("pk", flat=True)[Intervention.objects.count() // 2]
    add("api-detail", "API detail: one intervention", "interventions-detail", args=[middle], api=True)
    return targets


def every_list() -> list[tuple[str, str, dict]]:
    from drf_spectacular.generators import EndpointEnumerator

    targets = []
    for path, _regex, method, callback in EndpointEnumerator().get_api_endpoints():
        actions = getattr(callback, "actions", None) or {}
        if method == "GET" and actions.get("get") == "list" and "{" not in path and path != "/api/v1/interventions/":
            targets.append((f"API list: {path}", path, {"key": path, "api": True}))
    return sorted(targets)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--label", required=True, help="Name of the results file, e.g. pg-national.")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--max-seconds", type=float, default=60.0, help="Time budget per target.")
    parser.add_argument("--city-size", type=int, default=400, help="Interventions of the synthetic city to pick.")
    parser.add_argument("--all-lists", action="store_true", help="Also the first page of every other API list.")
    args = parser.parse_args()

    # Repeated requests for one URL would otherwise time the response cache, not the page.
    os.environ["API_RESPONSE_CACHE_SECONDS"] = "0"
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    token = bench_token()
    results = []
    targets = pick_targets(args.city_size) + (every_list() if args.all_lists else [])
    for name, url, meta in targets:
        if meta.get("missing"):
            print(f"{name}: {meta['missing']}")
            results.append({"key": meta["key"], "target": name, "missing": meta["missing"]})
            continue
        headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if meta["api"] else {}
        if url.endswith("?__next__"):
            first = client.get(url.removesuffix("?__next__"), **headers).json()
            url = first["next"].split("testserver", 1)[-1]

        def fetch(url=url, headers=headers):
            response = client.get(url, **headers)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}: {body[:300]!r}")
            return body

        fetch()  # warm-up; also marks the token used, so the counted request does not write last_used_at
        with CaptureQueriesContext(connection) as captured:
            fetch()
        queries = list(captured.captured_queries)  # read now: the next request empties the log
        slowest = sorted(queries, key=lambda q: -float(q["time"]))[:3]
        backend = database_backend_pid()
        cpu_before = time.process_time()
        db_before = process_cpu_seconds(backend) if backend else 0.0
        samples = repeat(fetch, count=args.repeat, max_seconds=args.max_seconds, warmup=0)
        app_cpu = (time.process_time() - cpu_before) / len(samples)
        db_cpu = ((process_cpu_seconds(backend) - db_before) / len(samples)) if backend else 0.0
        row = {
            "key": meta["key"],
            "target": name,
            "url": url,
            "queries": len(queries),
            **stats(samples),
            # CPU per request, which the machine's other load does not inflate as it does wall time
            "app_cpu_ms": round(app_cpu * 1000, 1),
            "db_cpu_ms": round(db_cpu * 1000, 1),
            "slowest_queries": [{"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"][:600]} for q in slowest],
        }
        results.append(row)
        print(
            f"{name}: {row['queries']} queries, median {row['median_ms']} ms, p95 {row['p95_ms']} ms (n={row['n']}), "
            f"CPU {row['app_cpu_ms']} ms app + {row['db_cpu_ms']} ms database"
        )

    save(
        "pages",
        args.label,
        {
            "database": database_label(),
            "data": data_size(),
            "machine": machine(),
            "settings": {
                "repeat": args.repeat,
                "max_seconds": args.max_seconds,
                "all_lists": args.all_lists,
                "response_cache": "off",
            },
            "results": results,
            "finished": time.strftime("%H:%M:%S"),
        },
    )


if __name__ == "__main__":
    main()
