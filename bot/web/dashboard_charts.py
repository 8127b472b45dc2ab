"""Charts as inline SVG drawn on the server: no chart library, nothing to download.

Every label is escaped here (the result is marked safe for the template).
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

COLOURS = ("#2563eb", "#16a34a", "#dc2626", "#f59e0b", "#7c3aed", "#0891b2")


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def line_chart(
    x_labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], *,
    width: int = 640, height: int = 220, top: float | None = None,
) -> Markup:
    """Rates (0..1) over time, one line per series; gaps where nothing was measured."""
    left, right, upper, lower = 44, 12, 12, 40
    plot_w, plot_h = width - left - right, height - upper - lower
    measured = [v for _, values in series for v in values if v is not None]
    ceiling = top if top is not None else (1.0 if not measured or max(measured) > 0.25 else 0.25)
    count = max(1, len(x_labels) - 1)

    def x(i: int) -> float:
        return left + plot_w * (i / count if len(x_labels) > 1 else 0.5)

    def y(v: float) -> float:
        return upper + plot_h * (1 - min(v, ceiling) / ceiling)

    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" xmlns="http://www.w3.org/2000/svg">']
    for step in range(5):
        grid = ceiling * step / 4
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(grid):.1f}" y2="{y(grid):.1f}" '
                     f'stroke="#e5e7eb"/><text x="{left - 6}" y="{y(grid) + 4:.1f}" text-anchor="end">'
                     f'{_pct(grid)}</text>')
    every = max(1, len(x_labels) // 8)
    for i, label in enumerate(x_labels):
        if i % every == 0 or i == len(x_labels) - 1:
            parts.append(f'<text x="{x(i):.1f}" y="{height - lower + 16}" text-anchor="middle">{escape(label)}</text>')
    for index, (name, values) in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        run: list[str] = []
        runs: list[list[str]] = [run]
        for i, value in enumerate(values):
            if value is None:
                run = []
                runs.append(run)
                continue
            run.append(f"{x(i):.1f},{y(value):.1f}")
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(value):.1f}" r="3" fill="{colour}">'
                         f'<title>{escape(name)} {escape(x_labels[i])}: {_pct(value)}</title></circle>')
        for points in runs:
            if len(points) > 1:
                parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{" ".join(points)}"/>')
        legend_x = left + index * 150
        parts.append(f'<rect x="{legend_x}" y="{height - 14}" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{legend_x + 14}" y="{height - 5}">{escape(name)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def pareto_chart(items: Sequence[tuple[str, int]], *, width: int = 640, height: int = 260,
                 cumulative_label: str = "") -> Markup:
    """Counts as bars, largest first, with the cumulative share as a line (the 80/20 view)."""
    if not items:
        return Markup("")
    left, right, upper, lower = 40, 44, 12, 70
    plot_w, plot_h = width - left - right, height - upper - lower
    total = sum(c for _, c in items) or 1
    biggest = max(c for _, c in items) or 1
    slot = min(plot_w / len(items), 90.0)
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" xmlns="http://www.w3.org/2000/svg">',
             f'<line x1="{left}" x2="{width - right}" y1="{upper + plot_h}" y2="{upper + plot_h}" stroke="#9ca3af"/>']
    running = 0
    points = []
    for i, (label, count) in enumerate(items):
        bar_h = plot_h * count / biggest
        bx = left + i * slot + slot * 0.15
        parts.append(f'<rect x="{bx:.1f}" y="{upper + plot_h - bar_h:.1f}" width="{slot * 0.7:.1f}" '
                     f'height="{bar_h:.1f}" fill="#2563eb"><title>{escape(label)}: {count}</title></rect>')
        parts.append(f'<text x="{bx + slot * 0.35:.1f}" y="{upper + plot_h - bar_h - 3:.1f}" '
                     f'text-anchor="middle">{count}</text>')
        short = label if len(label) <= 8 else label[:7] + "…"
        cx = left + i * slot + slot / 2
        parts.append(f'<text x="{cx:.1f}" y="{upper + plot_h + 14}" text-anchor="end" '
                     f'transform="rotate(-30 {cx:.1f} {upper + plot_h + 14})">{escape(short)}</text>')
        running += count
        points.append((cx, upper + plot_h * (1 - running / total), running / total))
    parts.append('<polyline fill="none" stroke="#dc2626" stroke-width="2" points="'
                 + " ".join(f"{px:.1f},{py:.1f}" for px, py, _ in points) + '"/>')
    for px, py, share in points:
        parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="#dc2626">'
                     f'<title>{escape(cumulative_label)} {_pct(share)}</title></circle>')
    parts.append(f'<text x="{width - right + 4}" y="{upper + 4}">100%</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
