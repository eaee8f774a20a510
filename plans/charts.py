"""Server-rendered SVG charts, for PDFs (no JavaScript there) and anywhere else."""

from django.utils.html import escape

from .exports import STATUS_COLOURS
from .summary import STATUS_ORDER


def status_bars_svg(rows, *, title, width=640, bar=18, gap=12, label_width=220):
    """Horizontal stacked bars, one per (label, StatusSummary). Counts are written in the
    segments and after each bar, so the chart reads without colour too."""
    height = len(rows) * (bar + gap) + gap
    scale_width = width - label_width - 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for index, (label, summary) in enumerate(rows):
        y = gap + index * (bar + gap)
        parts.append(
            f'<text x="0" y="{y + bar - 5}" font-size="10" fill="#1e2b3c">'
            f"{escape(label[:42])}</text>"
        )
        x = label_width
        total = summary.total or 1
        for status in STATUS_ORDER:
            count = summary.counts.get(status, 0)
            if not count:
                continue
            w = scale_width * count / total
            fill, text = STATUS_COLOURS[status]
            stroke = ' stroke="#5b6470"' if status == "not_assessed" else ""
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar}" fill="#{fill}"{stroke}/>'
            )
            if w > 14:
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + bar - 5}" font-size="9" '
                    f'text-anchor="middle" fill="#{text}">{count}</text>'
                )
            x += w
        parts.append(
            f'<text x="{label_width + scale_width + 6}" y="{y + bar - 5}" font-size="10" '
            f'fill="#1e2b3c">{summary.total}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def share_bars_svg(shares, *, title, target_label, width=640, bar=18, gap=16, label_width=200):
    """One bar per share (percent of the allocated money) with a line at its target. Every
    figure is written out too, so the chart needs neither colour nor sight to be read."""
    height = len(shares) * (bar + gap) + gap
    scale = (width - label_width - 150) / 100
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for index, share in enumerate(shares):
        y = gap + index * (bar + gap)
        parts.append(
            f'<text x="0" y="{y + bar - 5}" font-size="11" fill="#1e2b3c">'
            f"{escape(share.label[:34])}</text>"
            f'<rect x="{label_width}" y="{y}" width="{share.percent * scale:.1f}" height="{bar}" '
            f'fill="#0062ba"/>'
        )
        text = f"{share.percent:.1f} %".replace(".", ",")
        if share.target is not None:
            x = label_width + share.target * scale
            parts.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y - 4}" y2="{y + bar + 4}" '
                f'stroke="#1e2b3c" stroke-width="2" stroke-dasharray="3 2"/>'
            )
            text += f" ({escape(target_label)} {share.target} %)"
        parts.append(
            f'<text x="{label_width + 100 * scale + 8}" y="{y + bar - 5}" font-size="11" '
            f'fill="#1e2b3c">{text}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
