"""Server-rendered SVG charts that work without JavaScript: bars (one or more series) and a line.

Each chart is an ``<svg role="img">`` with ``<title>`` and ``<desc>`` referenced by
``aria-labelledby``; the page shows the same numbers in a table beside it. Colours are presentation
attributes (no inline ``style``), so a strict Content-Security-Policy does not block them. Every text
is escaped.
"""
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#1e5a96", "#c2410c", "#15803d", "#7c3aed", "#b45309", "#0e7490")
WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 16, 48


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]


TICKS = 4  # gridlines above zero


def _nice_max(value: float) -> int:
    """The smallest 4 × step ≥ value where step is 1, 2 or 5 × 10ⁿ: whole, round tick values."""
    needed = max(value, 1) / TICKS
    magnitude = 1
    while True:
        for step in (1, 2, 5):
            if step * magnitude >= needed:
                return step * magnitude * TICKS
        magnitude *= 10


def _number(value: float) -> str:
    return f"{value:,.0f}".replace(",", "\u00a0")


def _frame(chart_id: str, title: str, desc: str, body: list[str], legend: list[str]) -> SafeString:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" id="{chart_id}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        *body, *legend, "</svg>",
    ]
    return mark_safe("".join(parts))  # noqa: S308 — every text above is escaped


def _axes(top_value: float) -> list[str]:
    plot_h = HEIGHT - TOP - BOTTOM
    out = []
    for i in range(TICKS + 1):
        value = top_value * i / TICKS
        y = TOP + plot_h - plot_h * i / TICKS
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d0d5dd" '
                   f'stroke-width="1"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="#344054">'
                   f'{_number(value)}</text>')
    return out


def _legend(series: list[Series]) -> list[str]:
    if len(series) < 2:
        return []
    out, x = [], LEFT
    for i, s in enumerate(series):
        colour = PALETTE[i % len(PALETTE)]
        out.append(f'<rect x="{x}" y="{HEIGHT - 14}" width="10" height="10" fill="{colour}"/>')
        out.append(f'<text x="{x + 14}" y="{HEIGHT - 5}" font-size="11" fill="#344054">{escape(s.name)}</text>')
        x += 24 + 7 * len(s.name)
    return out


def _label_every(count: int) -> int:
    return max(1, -(-count // 8))


def bar_chart(chart_id: str, *, title: str, desc: str, labels: list[str], series: list[Series],
              stacked: bool = False) -> SafeString:
    """Grouped (or stacked) vertical bars, one group per label."""
    count = max(1, len(labels))
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))] if stacked else \
        [v for s in series for v in s.values]
    top_value = _nice_max(max(totals, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    group_w = plot_w / count
    bar_w = group_w * 0.7 / (1 if stacked else max(1, len(series)))
    body = _axes(top_value)
    every = _label_every(len(labels))
    for i, label in enumerate(labels):
        x0 = LEFT + group_w * i + group_w * 0.15
        base = 0.0
        for j, s in enumerate(series):
            value = s.values[i]
            h = plot_h * value / top_value
            x = x0 if stacked else x0 + bar_w * j
            y = TOP + plot_h - h - (plot_h * base / top_value if stacked else 0)
            body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                        f'fill="{PALETTE[j % len(PALETTE)]}"><title>{escape(label)}, {escape(s.name)}: '
                        f'{_number(value)}</title></rect>')
            if stacked:
                base += value
        if i % every == 0:
            body.append(f'<text x="{LEFT + group_w * (i + 0.5):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
                        f'font-size="11" fill="#344054">{escape(label)}</text>')
    return _frame(chart_id, title, desc, body, _legend(series))


def line_chart(chart_id: str, *, title: str, desc: str, labels: list[str], series: Series) -> SafeString:
    """One line with a dot per label."""
    top_value = _nice_max(max(series.values, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(1, len(labels))
    points = [(LEFT + step * (i + 0.5), TOP + plot_h - plot_h * v / top_value) for i, v in enumerate(series.values)]
    body = _axes(top_value)
    if points:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        body.append(f'<polyline points="{path}" fill="none" stroke="{PALETTE[0]}" stroke-width="2"/>')
    every = _label_every(len(labels))
    for i, ((x, y), label) in enumerate(zip(points, labels, strict=True)):
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{PALETTE[0]}"><title>{escape(label)}: '
                    f'{_number(series.values[i])}</title></circle>')
        if i % every == 0:
            body.append(f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" font-size="11" '
                        f'fill="#344054">{escape(label)}</text>')
    return _frame(chart_id, title, desc, body, [])
