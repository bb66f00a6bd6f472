"""A separate fetcher process for tests/integrations/test_async_fetcher.py (run with ``python -m``).

    python -m tests.integrations.fetch_process COUNT PERSON_ID START_AT

Waits until ``START_AT`` (epoch seconds) so that two processes start together, runs COUNT lookups of
the person (income year 2024) on this process's asynchronous fetcher, and prints the outcomes as JSON.
The configuration comes from the environment (docs/reference/contracts/integration.md).
"""
import json
import os
import sys
import time

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skattedeling.settings.test")
    django.setup()
    from integrations.service import TaxBasisRequest, get_tax_bases

    count, person, start_at = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
    orgno = os.environ.get("FETCH_ORGNO", "910753614")
    requests = [TaxBasisRequest(orgno=orgno, person_id=person, income_year=2024, purpose="two processes")] * count
    time.sleep(max(0.0, start_at - time.time()))
    outcomes = get_tax_bases(requests)
    print(json.dumps([getattr(o, "outcome", type(o).__name__) for o in outcomes]))


if __name__ == "__main__":
    main()
