"""Statistics for kommune leaders: aggregate figures with SVG charts and a CSV export (docs/statistics.md)."""
