"""Annual renewal of reduced parental fees: select the households with an active decision, register a
renewal case for each, run the existing fetch → propose pipeline, approve in bulk, print in one file.

Modules: ``eligibility`` (who continues, pure), ``selection`` (which decisions to renew from),
``services`` (start, plan, renew one household, bulk approval), ``progress`` (counts, throughput,
summary), ``tasks`` (Celery), ``selectors`` (the pages' reads), ``views``/``urls`` (the administrator's pages),
``apps`` (plugs the package into the core through ``cases.hooks``). Bulk data and the benchmark live in
the dev-only ``devtools`` package. See docs/renewal.md.
"""
