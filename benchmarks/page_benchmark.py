"""Page benchmark: the work queue (``cases:queue``), the case page (``cases:detail``) and the statistics
page (``stats:index``, its CSV) on a large
database, with the Django test client (whole request: middleware, view, queries, template).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/skattedeling_pages \
        .venv/bin/python manage.py generate_cases --cases 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/skattedeling_pages \
        .venv/bin/python benchmarks/page_benchmark.py [--user ytelse] [--requests 40]

For each page variant it prints the median and p95 server time and the number of SQL queries, and
checks that the queue's query count is the same for page sizes 10, 25 and 100. Target: p95 ≤ 100 ms
at 100 000 cases. Prints figures and a JSON line last; asserts nothing about time.
"""
import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skattedeling.settings.base")
os.environ["DJANGO_DEBUG"] = "false"
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from cases.models import Case, User  # noqa: E402
from cases.permissions import municipality_ids  # noqa: E402
from cases.views.queue import CaseQueueView  # noqa: E402

TARGET_P95_MS = 100


def timed(client: Client, url: str, requests: int) -> dict:
    """Median/p95 wall time of ``requests`` GETs (after two warm-ups) and the queries of one."""
    for _ in range(2):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"GET {url}: HTTP {response.status_code}")
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times.sort()
    return {"median_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1), "queries": len(queries)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--user", default="ytelse")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--cases", type=int, default=8, help="case pages to sample")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    out = sys.stdout.write

    user = User.objects.get(username=args.user)
    scope = Case.objects.filter(municipality_id__in=municipality_ids(user))
    total = scope.count()
    client = Client()
    client.force_login(user)
    queue = reverse("cases:queue")
    pages = max(1, (total + CaseQueueView.page_size - 1) // CaseQueueView.page_size)
    variants = {
        "queue": queue,
        "queue_status_proposed": f"{queue}?status=proposed",
        "queue_search_name": f"{queue}?q=Hansen",
        "queue_middle_page": f"{queue}?side={pages // 2}",
        "queue_last_page": f"{queue}?side={pages}",
        # The statistics page (cases.stats): the user needs the godkjenner or administrator role.
        "stats_all": reverse("stats:index"),
        "stats_barnehage": f"{reverse('stats:index')}?service=barnehage",
        "stats_csv": reverse("stats:csv"),
    }
    results = {name: timed(client, url, args.requests) for name, url in variants.items()}
    rng = random.Random(args.seed)
    ids = list(scope.values_list("pk", flat=True).order_by("pk"))
    detail = [timed(client, reverse("cases:detail", args=[pk]), max(5, args.requests // args.cases))
              for pk in rng.sample(ids, min(args.cases, len(ids)))]
    results["detail"] = {"median_ms": round(statistics.median(d["median_ms"] for d in detail), 1),
                         "p95_ms": max(d["p95_ms"] for d in detail),
                         "queries": sorted({d["queries"] for d in detail})}
    by_size = {}
    default_size = CaseQueueView.page_size
    for size in (10, 25, 100):
        CaseQueueView.page_size = size
        with CaptureQueriesContext(connection) as queries:
            client.get(queue)
        by_size[size] = len(queries)
    CaseQueueView.page_size = default_size

    out(f"{total} cases in the user's municipalities; {args.requests} requests per variant\n")
    for name, figures in results.items():
        out(f"{name:24} median {figures['median_ms']:7.1f} ms   p95 {figures['p95_ms']:7.1f} ms   "
            f"queries {figures['queries']}\n")
    out(f"queue queries by page size: {by_size} ({'constant' if len(set(by_size.values())) == 1 else 'GROWS'})\n")
    worst = max(figures["p95_ms"] for figures in results.values())
    out(f"worst p95 {worst:.1f} ms (target ≤ {TARGET_P95_MS} ms)\n")
    out(json.dumps({"cases": total, "pages": results, "queue_queries_by_page_size": by_size,
                    "worst_p95_ms": worst, "target_p95_ms": TARGET_P95_MS}) + "\n")


if __name__ == "__main__":
    main()
