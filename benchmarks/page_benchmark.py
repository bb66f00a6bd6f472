"""Page benchmark: the work queue (``cases:queue``), the case page (``cases:detail``), the statistics
page (``stats:index``, its CSV), the parents' «Mine saker» (``portal:cases``) and the Django admin's case
list on a large database, with the Django test client (whole request: middleware, view, queries,
template), as a user of one kommune and as the vendor's system administrator (member of every kommune).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/skattedeling_pages \
        .venv/bin/python manage.py generate_cases --cases 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/skattedeling_pages \
        .venv/bin/python benchmarks/page_benchmark.py [--user ytelse] [--operator ytelse-drift] [--requests 40]

A vendor's million cases: ``generate_cases --cases 1000000 --kommuner 100 --kommunenummer 9000 --replicate``.
The statistics summary is refreshed for every kommune first (``--no-refresh`` to skip; its time is
printed). For each page variant it prints the median and p95 server time and the number of SQL queries,
and checks that the queue's query count is the same for page sizes 10, 25 and 100. Target: p95 ≤ 100 ms.
Prints figures and a JSON line last (with the load average); asserts nothing about time.
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

from django.conf import settings  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from cases.models import Case, Municipality, User  # noqa: E402
from cases.permissions import municipality_ids  # noqa: E402
from cases.stats.summary import stats_refresh  # noqa: E402
from cases.views.queue import CaseQueueView  # noqa: E402
from portal.models import PortalSettings  # noqa: E402
from portal.sessions import PARENT_KEY  # noqa: E402

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


def staff_pages(client: Client, user, args, rng) -> dict:
    """The case UI's pages as ``user``: queue variants, case pages, statistics."""
    scope = Case.objects.filter(municipality_id__in=municipality_ids(user))
    queue = reverse("cases:queue")
    # the last page from the id order alone (no COUNT over all the user's cases)
    pages = 2000 if args.deep_page is None else args.deep_page
    variants = {
        "queue": queue,
        "queue_status_proposed": f"{queue}?status=proposed",
        "queue_search_name": f"{queue}?q=Hansen",
        "queue_page_2000": f"{queue}?side={pages}",
        # The statistics page (cases.stats): the user needs the godkjenner or administrator role.
        "stats_all": reverse("stats:index"),
        "stats_barnehage_2025": f"{reverse('stats:index')}?service=barnehage&period=2025/26",
        "stats_csv": reverse("stats:csv"),
    }
    results = {name: timed(client, url, args.requests) for name, url in variants.items()
               if name.startswith(args.only)}
    if args.only and not "detail".startswith(args.only):
        return results
    top = scope.order_by("-id").values_list("pk", flat=True)[:1][0]
    ids = [pk for pk in (rng.randrange(1, top + 1) for _ in range(4 * args.cases)) if scope.filter(pk=pk).exists()]
    detail = [timed(client, reverse("cases:detail", args=[pk]), max(5, args.requests // args.cases))
              for pk in ids[:args.cases]]
    results["detail"] = {"median_ms": round(statistics.median(d["median_ms"] for d in detail), 1),
                         "p95_ms": max(d["p95_ms"] for d in detail),
                         "queries": sorted({d["queries"] for d in detail})}
    return results


def parent_pages(args) -> dict:
    """«Mine saker» for a parent (an applicant) of the first kommune with an open portal."""
    portal = PortalSettings.objects.filter(enabled=True).select_related("municipality").order_by("pk").first()
    if portal is None:
        return {}
    kommune = portal.municipality
    pid = (Case.objects.filter(municipality=kommune).order_by("-id")
           .values_list("application__household__applicant__person_id", flat=True)[:1][0])
    store = SessionStore()
    now = time.time()
    store[PARENT_KEY] = {"pid": pid, "kommune": kommune.kommunenummer, "acr": "idporten-loa-substantial",
                         "sid": "bench", "id_token": "", "started": now, "seen": now}
    store.save()
    client = Client()
    client.cookies[settings.PORTAL_SESSION_COOKIE_NAME] = store.session_key
    return {"portal_mine_saker": timed(client, reverse("portal:cases", args=[kommune.kommunenummer]), args.requests)}


def queue_queries_by_size(client: Client) -> dict:
    by_size = {}
    default_size = CaseQueueView.page_size
    for size in (10, 25, 100):
        CaseQueueView.page_size = size
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("cases:queue"))
        by_size[size] = len(queries)
    CaseQueueView.page_size = default_size
    return by_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--user", default="ytelse", help="a user of one kommune")
    parser.add_argument("--operator", default="ytelse-drift",
                        help="the system administrator (member of every kommune, superuser); '' to skip")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--cases", type=int, default=8, help="case pages to sample")
    parser.add_argument("--deep-page", type=int, default=None, help="queue page number to time (default 2000)")
    parser.add_argument("--no-refresh", action="store_true", help="do not recompute the statistics summary first")
    parser.add_argument("--only", default="", help="time only the variants whose name starts with this (e.g. stats)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    out = sys.stdout.write
    load_before = os.getloadavg()[0]

    refresh_s = None
    if not args.no_refresh:
        start = time.perf_counter()
        for municipality_id in Municipality.objects.values_list("pk", flat=True):
            stats_refresh(municipality_id=municipality_id)
        refresh_s = round(time.perf_counter() - start, 1)
        out(f"statistics summary refreshed for every kommune in {refresh_s} s\n")

    rng = random.Random(args.seed)
    report = {"cases_total": Case.objects.count(), "kommuner": Municipality.objects.count(),
              "stats_refresh_all_s": refresh_s, "roles": {}}
    worst = 0.0
    for role, username in (("kommune_user", args.user), ("system_administrator", args.operator)):
        if not username:
            continue
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        results = staff_pages(client, user, args, rng)
        if user.is_superuser and "admin".startswith(args.only):
            results["admin_case_list"] = timed(client, reverse("admin:cases_case_changelist"), args.requests)
        by_size = queue_queries_by_size(client)
        kommuner = len(municipality_ids(user))
        out(f"{role} {username}: {kommuner} kommuner; {args.requests} requests per variant\n")
        for name, figures in results.items():
            out(f"  {name:24} median {figures['median_ms']:7.1f} ms   p95 {figures['p95_ms']:7.1f} ms   "
                f"queries {figures['queries']}\n")
        out(f"  queue queries by page size: {by_size} "
            f"({'constant' if len(set(by_size.values())) == 1 else 'GROWS'})\n")
        report["roles"][role] = {"user": username, "kommuner": kommuner, "pages": results,
                                 "queue_queries_by_page_size": by_size}
        worst = max(worst, *(figures["p95_ms"] for figures in results.values()))
    parents = parent_pages(args) if "portal".startswith(args.only) else {}
    for name, figures in parents.items():
        out(f"parent {name:17} median {figures['median_ms']:7.1f} ms   p95 {figures['p95_ms']:7.1f} ms   "
            f"queries {figures['queries']}\n")
        worst = max(worst, figures["p95_ms"])
    report["parent"] = parents
    out(f"worst p95 {worst:.1f} ms (target ≤ {TARGET_P95_MS} ms)\n")
    report.update(worst_p95_ms=worst, target_p95_ms=TARGET_P95_MS,
                  load_average_1m={"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2),
                                   "cpus": os.cpu_count()})
    out(json.dumps(report) + "\n")


if __name__ == "__main__":
    main()
