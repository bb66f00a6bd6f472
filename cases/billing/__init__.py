"""The billing export: the price per child per month the kommune's billing system must charge (docs/billing.md).

Its own Django app (label ``billing``): the core ``cases`` never imports it. It reads approved vedtak
through ``cases.models`` and writes only its own rows (export runs and their lines, API tokens, the
child references the billing system knows).
"""
