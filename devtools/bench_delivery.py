"""Delivery figures for ``benchmark_renewal``: SvarUt in the loop after the renewal's approvals.

Waits until every forsendelse of the run has left the pending state, then reports the forsendelser
per household, the letters handed to SvarUt per second (from the first approval to the last accepted
forsendelse), and how many references the simulator received more than once (must be 0).
"""
import json
import time
import urllib.request
from collections import Counter

from django.db.models import Max, Min

from cases.models import Decision, Forsendelse


def delivery_figures(run, *, simulator_url: str, timeout_s: float) -> dict:
    rows = Forsendelse.objects.filter(case__renewal_item__run=run)
    deadline = time.monotonic() + timeout_s
    while rows.filter(state=Forsendelse.State.PENDING).exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    sent = rows.exclude(svarut_id="")
    window = sent.aggregate(last=Max("sent_at"))
    first_approval = Decision.objects.filter(case__renewal_item__run=run).aggregate(first=Min("approved_at"))
    seconds = ((window["last"] - first_approval["first"]).total_seconds()
               if window["last"] and first_approval["first"] else 0.0)
    with urllib.request.urlopen(f"{simulator_url}/_simulator/svarut/forsendelser", timeout=30) as response:  # noqa: S310
        references = Counter(f["eksternReferanse"] for f in json.loads(response.read())["forsendelser"])
    ours = set(rows.values_list("ekstern_referanse", flat=True))
    households = rows.values("case__application__household").distinct().count()
    return {
        "forsendelser": rows.count(), "forsendelser_sent": sent.count(),
        "forsendelser_per_household": round(rows.count() / households, 2) if households else 0.0,
        "letters_delivered_per_s": round(sent.count() / seconds, 2) if seconds else 0.0,
        "letters_sent_twice": sum(1 for ref in ours if references[ref] > 1),
        "forsendelser_by_state": dict(Counter(rows.values_list("state", flat=True))),
    }
