"""Annual renewal of reduced parental fees: select the households with an active decision, register a
renewal case for each, run the existing fetch → propose pipeline, approve in bulk, print in one file.

Modules: ``eligibility`` (who continues, pure), ``selection`` (which decisions to renew from),
``services`` (start, plan, renew one household, bulk approval), ``progress`` (counts, throughput,
summary), ``tasks`` (Celery), ``views``/``urls`` (the administrator's pages), ``synthetic`` (bulk data
for benchmarks), ``harness`` (processes for ``benchmark_renewal``). See docs/renewal.md.
"""
