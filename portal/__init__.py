"""The parents' own door (issue 14): ID-porten login, the digital application with a price estimate,
«Mine saker», in bokmål, nynorsk and English. See docs/portal.md."""
