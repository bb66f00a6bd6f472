"""Development-only tools: synthetic data in bulk, the renewal benchmark's harness and driver, PDF timing,
and their management commands (``benchmark_renewal``, ``generate_cases``).

Never part of production: the package is not shipped (pyproject includes only skattedeling, cases and
integrations), the app is installed only when ``SKATTEDELING_DEVTOOLS`` is on (test settings, bin/start),
and an import-linter contract forbids production code to import it.
"""
