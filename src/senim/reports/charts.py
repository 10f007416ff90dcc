"""Small SVG charts for compliance dossiers: counts as horizontal bars and the risk matrix.

The fairness-audit reports (``senim.audits.report``) have their own bar charts, built for rates
(values printed with fixed decimals, an axis from 0 to 1, confidence intervals). Dossiers chart
*counts* (findings per entity, labels per layer, verdicts) and the likelihood × impact matrix of a
risk register, so these two are drawn here.

Both follow the same accessibility practice as the audit charts: ``role="img"`` labelled by a
``<title>`` and a ``<desc>``; every mark has its own ``<title>`` with the exact figure; numbers are
printed as text, so no information is carried by colour alone. Output is deterministic (the same
data gives the same bytes) and standalone-valid XML, usable inline in HTML and by WeasyPrint.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from html import escape

__all__ = ["FONT_FAMILY", "count_chart", "risk_matrix"]

FONT_FAMILY = "'Senim Sans', 'DejaVu Sans', 'Noto Sans', Arial, sans-serif"
_INK = "#1a1a1a"
_BAR = "#0072B2"  # Okabe–Ito blue: dark enough for white text, distinct under colour-vision deficiencies
_GRID = "#d9d9d9"
# Bands of likelihood × impact (1..25): low, moderate, high, critical — lighter to darker, so the
# band also reads in greyscale print; each cell prints its score as well.
_BANDS = ((4, "#f1f7e8"), (9, "#fde9a9"), (15, "#f7b267"), (25, "#e4572e"))


def _uid(prefix: str, *parts: object) -> str:
    digest = hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:10]}"


def _width(text: str, size: float) -> float:
    """A conservative width estimate of ``text`` at ``size`` px (DejaVu Sans is wide)."""
    return len(text) * size * 0.62


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _open(uid: str, width: float, height: float, title: str, desc: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" '
        f'aria-labelledby="{uid}-t {uid}-d" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="{escape(FONT_FAMILY)}">'
        f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>'
    )


def count_chart(*, title: str, desc: str, items: Sequence[tuple[str, int]], max_items: int = 20) -> str:
    """Horizontal bars, one per ``(label, count)``, largest first, each count printed after its bar.

    Raises
    ------
    ValueError
        When there is nothing to draw or a count is negative.
    """
    if not items:
        raise ValueError("a chart needs at least one item")
    if any(v < 0 for _, v in items):
        raise ValueError("counts must not be negative")
    rows = sorted(items, key=lambda kv: (-kv[1], kv[0]))[:max_items]
    uid = _uid("cnt", title, rows)
    labels = [_short(k, 34) for k, _ in rows]
    label_w = max(_width(lbl, 11) for lbl in labels) + 14
    bar_area = 300.0
    row_h = 20.0
    top = 30.0
    width = label_w + bar_area + 60
    height = top + row_h * len(rows) + 10
    vmax = max(v for _, v in rows) or 1
    out = [_open(uid, width, height, title, desc)]
    out.append(f'<text x="4" y="18" font-size="13" font-weight="bold" fill="{_INK}">{escape(title)}</text>')
    for i, ((name, value), label) in enumerate(zip(rows, labels, strict=True)):
        y = top + i * row_h
        w = max(value / vmax * bar_area, 0.8)
        out.append(
            f'<text x="{label_w - 6:.1f}" y="{y + 14:.1f}" font-size="11" text-anchor="end" fill="{_INK}">'
            f"{escape(label)}</text>"
            f'<rect x="{label_w:.1f}" y="{y + 3:.1f}" width="{w:.1f}" height="{row_h - 6:.1f}" fill="{_BAR}">'
            f"<title>{escape(f'{name}: {value}')}</title></rect>"
            f'<text x="{label_w + w + 5:.1f}" y="{y + 14:.1f}" font-size="11" fill="{_INK}">{value}</text>'
        )
    out.append(
        f'<line x1="{label_w:.1f}" x2="{label_w:.1f}" y1="{top:.1f}" y2="{top + row_h * len(rows):.1f}" '
        f'stroke="{_INK}"/>'
    )
    out.append("</svg>")
    return "".join(out)


def _band(score: int) -> str:
    for limit, colour in _BANDS:
        if score <= limit:
            return colour
    return _BANDS[-1][1]


def risk_matrix(
    *,
    title: str,
    desc: str,
    counts: dict[tuple[int, int], int],
    likelihood_label: str,
    impact_label: str,
) -> str:
    """A 5 × 5 likelihood (rows, 5 at the top) × impact (columns) matrix; each cell prints the
    number of risks in it (bold) and its score likelihood × impact."""
    for (lk, im), n in counts.items():
        if not (1 <= lk <= 5 and 1 <= im <= 5) or n < 0:
            raise ValueError(f"cell ({lk}, {im}) = {n} is outside the 5 × 5 matrix")
    uid = _uid("rm", title, sorted(counts.items()))
    cell = 46.0
    left, top = 46.0, 30.0
    width = left + 5 * cell + 12
    height = top + 5 * cell + 40
    out = [_open(uid, width, height, title, desc)]
    out.append(f'<text x="4" y="18" font-size="13" font-weight="bold" fill="{_INK}">{escape(title)}</text>')
    for lk in range(5, 0, -1):
        y = top + (5 - lk) * cell
        out.append(
            f'<text x="{left - 8:.1f}" y="{y + cell / 2 + 4:.1f}" font-size="11" text-anchor="end" '
            f'fill="{_INK}">{lk}</text>'
        )
        for im in range(1, 6):
            x = left + (im - 1) * cell
            score = lk * im
            n = counts.get((lk, im), 0)
            tip = f"{likelihood_label} {lk} × {impact_label} {im} = {score}: {n}"
            out.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{cell:.1f}" height="{cell:.1f}" fill="{_band(score)}" '
                f'stroke="{_GRID}"><title>{escape(tip)}</title></rect>'
                f'<text x="{x + 4:.1f}" y="{y + 12:.1f}" font-size="8" fill="{_INK}">{score}</text>'
            )
            if n:
                out.append(
                    f'<text x="{x + cell / 2:.1f}" y="{y + cell / 2 + 7:.1f}" font-size="17" '
                    f'font-weight="bold" text-anchor="middle" fill="{_INK}">{n}</text>'
                )
    for im in range(1, 6):
        x = left + (im - 1) * cell + cell / 2
        out.append(
            f'<text x="{x:.1f}" y="{top + 5 * cell + 14:.1f}" font-size="11" text-anchor="middle" '
            f'fill="{_INK}">{im}</text>'
        )
    out.append(
        f'<text x="{left + 2.5 * cell:.1f}" y="{top + 5 * cell + 32:.1f}" font-size="11" '
        f'text-anchor="middle" fill="{_INK}">{escape(impact_label)} →</text>'
        f'<text x="12" y="{top + 2.5 * cell:.1f}" font-size="11" text-anchor="middle" fill="{_INK}" '
        f'transform="rotate(-90 12 {top + 2.5 * cell:.1f})">{escape(likelihood_label)} →</text>'
    )
    out.append("</svg>")
    return "".join(out)
