"""Server-rendered SVG charts, for PDFs (no JavaScript there) and pages.

Every chart writes its figures out as text too, so it reads without colour or sight.
"""

from dataclasses import dataclass

from django.utils.html import escape

TEXT_COLOUR = "#1e2b3c"
OUTLINE_COLOUR = "#5b6470"


@dataclass
class Segment:
    """One part of a stacked bar: a count, its fill and the colour its count is written in."""

    count: int
    fill: str
    text_colour: str
    outlined: bool = False


def svg_open(width, height, title):
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>"
    )


def stacked_bars_svg(rows, *, title, width=640, bar=18, gap=12, label_width=220):
    """Horizontal stacked bars, one per (label, [Segment]). Counts are written in the segments
    and the total after each bar."""
    height = len(rows) * (bar + gap) + gap
    scale_width = width - label_width - 60
    parts = [svg_open(width, height, title)]
    for index, (label, segments) in enumerate(rows):
        y = gap + index * (bar + gap)
        baseline = y + bar - 5
        parts.append(
            f'<text x="0" y="{baseline}" font-size="10" fill="{TEXT_COLOUR}">'
            f"{escape(label[:42])}</text>"
        )
        total = sum(segment.count for segment in segments)
        x = label_width
        for segment in segments:
            if not segment.count:
                continue
            segment_width = scale_width * segment.count / total
            stroke = f' stroke="{OUTLINE_COLOUR}"' if segment.outlined else ""
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{segment_width:.1f}" height="{bar}" '
                f'fill="{segment.fill}"{stroke}/>'
            )
            if segment_width > 14:
                parts.append(
                    f'<text x="{x + segment_width / 2:.1f}" y="{baseline}" font-size="9" '
                    f'text-anchor="middle" fill="{segment.text_colour}">{segment.count}</text>'
                )
            x += segment_width
        parts.append(
            f'<text x="{label_width + scale_width + 6}" y="{baseline}" font-size="10" '
            f'fill="{TEXT_COLOUR}">{total}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def share_bars_svg(shares, *, title, target_label, width=640, bar=18, gap=16, label_width=200):
    """One bar per share (`label`, `percent`, optional `target` percent) with a dashed line at
    its target."""
    height = len(shares) * (bar + gap) + gap
    scale = (width - label_width - 150) / 100
    parts = [svg_open(width, height, title)]
    for index, share in enumerate(shares):
        y = gap + index * (bar + gap)
        baseline = y + bar - 5
        parts.append(
            f'<text x="0" y="{baseline}" font-size="11" fill="{TEXT_COLOUR}">'
            f"{escape(share.label[:34])}</text>"
            f'<rect x="{label_width}" y="{y}" width="{share.percent * scale:.1f}" height="{bar}" '
            f'fill="#0062ba"/>'
        )
        text = f"{share.percent:.1f} %".replace(".", ",")
        if share.target is not None:
            x = label_width + share.target * scale
            parts.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y - 4}" y2="{y + bar + 4}" '
                f'stroke="{TEXT_COLOUR}" stroke-width="2" stroke-dasharray="3 2"/>'
            )
            text += f" ({escape(target_label)} {share.target} %)"
        parts.append(
            f'<text x="{label_width + 100 * scale + 8}" y="{baseline}" font-size="11" '
            f'fill="{TEXT_COLOUR}">{text}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def stacked_columns_svg(columns, *, title, height=150, column=34, gap=22, label_height=30):
    """Vertical stacked columns side by side, one per (label, [Segment]), e.g. a plan's
    statuses at each report: counts are written in the segments (where they fit) and the total
    above each column; the label (at most two short lines, "\\n") below it."""
    scale_height = height - label_height - 14
    tallest = max((sum(s.count for s in segments) for _, segments in columns), default=0) or 1
    width = len(columns) * (column + gap) + gap
    parts = [svg_open(width, height, title)]
    baseline = height - label_height
    for index, (label, segments) in enumerate(columns):
        x = gap + index * (column + gap)
        y = baseline
        for segment in segments:
            if not segment.count:
                continue
            segment_height = scale_height * segment.count / tallest
            y -= segment_height
            stroke = f' stroke="{OUTLINE_COLOUR}"' if segment.outlined else ""
            parts.append(
                f'<rect x="{x}" y="{y:.1f}" width="{column}" height="{segment_height:.1f}" '
                f'fill="{segment.fill}"{stroke}/>'
            )
            if segment_height >= 11:
                parts.append(
                    f'<text x="{x + column / 2}" y="{y + segment_height / 2 + 3.5:.1f}" '
                    f'font-size="9" text-anchor="middle" fill="{segment.text_colour}">'
                    f"{segment.count}</text>"
                )
        total = sum(segment.count for segment in segments)
        parts.append(
            f'<text x="{x + column / 2}" y="{y - 3:.1f}" font-size="10" text-anchor="middle" '
            f'fill="{TEXT_COLOUR}">{total}</text>'
        )
        for line_number, line in enumerate(str(label).split("\n")[:2]):
            parts.append(
                f'<text x="{x + column / 2}" y="{baseline + 12 + 11 * line_number}" '
                f'font-size="9" text-anchor="middle" fill="{TEXT_COLOUR}">'
                f"{escape(line[:14])}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)
