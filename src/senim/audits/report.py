"""HTML reports of fairness audits and explanations, with charts drawn as our own SVG.

The reports are evidence: one self-contained HTML file each (inline CSS and SVG, no scripts, no
external fonts, images or style sheets), in Kazakh, Russian or English, that can be attached to a
system's obligations in the registry and read years later without any software but a browser.

Charts
------
:func:`svg_bar_chart` draws grouped bars (groups × metrics) with confidence-interval whiskers and
dashed reference lines for thresholds; :func:`svg_calibration_chart` draws reliability curves
(mean score against observed positive rate, one curve per group); :func:`svg_hbar_chart` draws
horizontal bars, signed when needed (global importance, per-decision attributions).

They follow the usual accessibility practice for data graphics: the ``<svg>`` carries
``role="img"`` and is labelled by its ``<title>`` and a ``<desc>`` that states what the chart
shows; every bar and point has its own ``<title>`` with the exact figure; values are printed as
text next to the marks; and colours come from the Okabe–Ito palette (distinguishable with the
common colour-vision deficiencies) *combined with* fill patterns and marker shapes, so that no
information is carried by colour alone (WCAG 2.1, success criterion 1.4.1).

The texts of the reports live in ``templates/report/messages.json`` (one object per language)
and the page structure in ``templates/report/*.html.j2`` (Jinja2, auto-escaped). The output is
deterministic for a given result: the same audit gives byte-identical HTML, so its SHA-256 can be
recorded as evidence.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

if TYPE_CHECKING:
    from jinja2 import Environment

    from senim.audits.explain import Explanation
    from senim.audits.fairness import Disparity, FairnessResult, GroupMetrics

__all__ = [
    "LANGS",
    "PALETTE",
    "Series",
    "explanation_html",
    "fairness_html",
    "messages",
    "svg_bar_chart",
    "svg_calibration_chart",
    "svg_hbar_chart",
]

LANGS = ("kk", "ru", "en")
TEMPLATES = Path(__file__).with_name("templates") / "report"

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442")
"""Okabe & Ito (2008), *Color Universal Design*: safe for protanopia, deuteranopia and tritanopia."""

_INK = "#1a1a1a"
_GRID = "#d9d9d9"
_FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif"
_MARKERS = ("circle", "square", "triangle", "diamond", "triangle-down", "cross")
MAX_ROW_SECTIONS = 50
"""Per-decision sections shown in an explanation report (the JSON result keeps every row)."""


# --------------------------------------------------------------------------- helpers


def _finite(x: float | None) -> bool:
    return x is not None and isinstance(x, int | float) and math.isfinite(x)


def _num(x: float | None, digits: int = 3) -> str:
    """A figure for display: fixed decimals, an en dash for undefined values."""
    if not _finite(x):
        return "–"
    assert x is not None
    text = f"{x:.{digits}f}"
    return "0." + "0" * digits if text == "-0." + "0" * digits else text


def _uid(prefix: str, *parts: object) -> str:
    """A stable id for SVG elements (deterministic output; distinct charts get distinct ids)."""
    digest = hashlib.sha256(json.dumps([str(p) for p in parts], ensure_ascii=False).encode()).hexdigest()
    return f"{prefix}-{digest[:10]}"


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text_width(text: str, size: float) -> float:
    """A conservative estimate of the rendered width of ``text`` (no font metrics at hand)."""
    return len(text) * size * 0.6


def _pattern_defs(uid: str, count: int) -> str:
    """One fill per series: a palette colour plus a distinct white pattern (stripes, dots, grid …)."""
    shapes = (
        "",
        '<path d="M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2" stroke="#fff" stroke-width="1.4"/>',
        '<circle cx="3" cy="3" r="1.2" fill="#fff"/>',
        '<path d="M0,3 h6 M3,0 v6" stroke="#fff" stroke-width="1.1"/>',
        '<path d="M0,1.5 h6 M0,4.5 h6" stroke="#fff" stroke-width="1"/>',
        '<path d="M-1,5 l2,2 M0,0 l6,6 M5,-1 l2,2" stroke="#fff" stroke-width="1.4"/>',
    )
    out = ["<defs>"]
    for i in range(count):
        colour = PALETTE[i % len(PALETTE)]
        out.append(
            f'<pattern id="{uid}-p{i}" patternUnits="userSpaceOnUse" width="6" height="6">'
            f'<rect width="6" height="6" fill="{colour}"/>{shapes[i % len(shapes)]}</pattern>'
        )
    out.append("</defs>")
    return "".join(out)


def _svg_open(uid: str, width: float, height: float, title: str, desc: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" '
        f'aria-labelledby="{uid}-title {uid}-desc" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" style="{_FONT}">'
        f'<title id="{uid}-title">{escape(title)}</title><desc id="{uid}-desc">{escape(desc)}</desc>'
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="#fff"/>'
    )


def _marker(shape: str, x: float, y: float, colour: str, r: float = 4.5) -> str:
    if shape == "circle":
        return (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{colour}" stroke="{_INK}" stroke-width="0.8"/>'
        )
    if shape == "square":
        return (
            f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" height="{2 * r}" fill="{colour}" '
            f'stroke="{_INK}" stroke-width="0.8"/>'
        )
    if shape == "cross":
        return (
            f'<path d="M{x - r:.1f},{y - r:.1f} L{x + r:.1f},{y + r:.1f} M{x - r:.1f},{y + r:.1f} '
            f'L{x + r:.1f},{y - r:.1f}" stroke="{colour}" stroke-width="2.2"/>'
        )
    points = {
        "triangle": ((0, -1.2), (1.1, 0.8), (-1.1, 0.8)),
        "triangle-down": ((0, 1.2), (1.1, -0.8), (-1.1, -0.8)),
        "diamond": ((0, -1.25), (1.1, 0), (0, 1.25), (-1.1, 0)),
    }[shape]
    pts = " ".join(f"{x + dx * r:.1f},{y + dy * r:.1f}" for dx, dy in points)
    return f'<polygon points="{pts}" fill="{colour}" stroke="{_INK}" stroke-width="0.8"/>'


# --------------------------------------------------------------------------- bar chart


@dataclass(frozen=True)
class Series:
    """One metric across the groups of a bar chart.

    Attributes
    ----------
    name
        Legend text, e.g. "Selection rate".
    values
        One value per category (group); ``nan`` when undefined (drawn as "n/a").
    ci
        Optional ``(low, high)`` interval per category (``None`` where there is none).
    """

    name: str
    values: Sequence[float]
    ci: Sequence[tuple[float, float] | None] | None = None


def svg_bar_chart(
    *,
    title: str,
    desc: str,
    categories: Sequence[str],
    series: Sequence[Series],
    reference_lines: Sequence[tuple[float, str]] = (),
    y_label: str = "",
    y_max: float = 1.0,
    flagged: Sequence[bool] | None = None,
    flag_note: str = "small group",
    na_text: str = "n/a",
    chart_id: str | None = None,
) -> str:
    """Grouped vertical bars (categories × series) with CI whiskers and reference lines, as SVG.

    Parameters
    ----------
    title, desc
        The accessible name and description (``<title>``, ``<desc>``); the title is also drawn.
    categories
        The groups along the x axis.
    series
        One :class:`Series` per metric; each has one value per category.
    reference_lines
        ``(value, label)`` pairs drawn as dashed horizontal lines (thresholds).
    y_label
        Text of the y axis.
    y_max
        Top of the y axis (values are rates: 1.0 by default).
    flagged
        Per category: draw it faded, with ``flag_note`` under its name (e.g. groups below the
        minimum size, which are reported but not compared).
    na_text
        Drawn where a value is undefined.
    chart_id
        Prefix of the element ids (default: derived from the content).

    Returns
    -------
    str
        An ``<svg>`` element, standalone-valid XML.

    Raises
    ------
    ValueError
        When a series does not have one value per category, or there is nothing to draw.
    """
    n_cat, n_ser = len(categories), len(series)
    if n_cat == 0 or n_ser == 0:
        raise ValueError("a bar chart needs at least one category and one series")
    for s in series:
        if len(s.values) != n_cat or (s.ci is not None and len(s.ci) != n_cat):
            raise ValueError(f"series {s.name!r}: expected {n_cat} values (one per category)")
    if not y_max > 0:
        raise ValueError("y_max must be positive")
    uid = chart_id or _uid("bar", title, categories, [(s.name, list(s.values)) for s in series])
    flags = list(flagged) if flagged is not None else [False] * n_cat

    bar_w = 24.0
    group_w = max(64.0, n_ser * bar_w + 22.0)
    labels = [_short(c, 22) for c in categories]
    rotate = n_cat > 1 and max(_text_width(lbl, 11) for lbl in labels) > group_w - 6
    label_h = max(_text_width(lbl, 11) for lbl in labels) * 0.6 + 14 if rotate else 18.0
    refs = [(float(v), lbl) for v, lbl in reference_lines if _finite(v)]
    left, right = 58.0, 24.0
    top = 54.0 + 16.0 * len(refs)  # title, the series legend, one legend line per reference line
    bottom = label_h + (16 if any(flags) else 0) + 14
    plot_h = 200.0
    legend_w = sum(19 + _text_width(s.name, 11) + 18 for s in series)
    text_w = max([_text_width(title, 14) * 1.05, legend_w] + [40 + _text_width(lbl, 11) for _, lbl in refs])
    width = max(left + n_cat * group_w + right, 360.0, left + text_w + right)
    plot_w = width - left - right
    group_w = plot_w / n_cat
    height = top + plot_h + bottom

    def y_of(v: float) -> float:
        return top + plot_h - max(0.0, min(v, y_max)) / y_max * plot_h

    out = [_svg_open(uid, width, height, title, desc), _pattern_defs(uid, n_ser)]
    out.append(
        f'<text x="{left:.0f}" y="18" font-size="14" font-weight="600" fill="{_INK}">{escape(title)}</text>'
    )
    # legend: the series, then one line per reference line
    lx = left
    for j, s in enumerate(series):
        out.append(
            f'<rect x="{lx:.1f}" y="28" width="14" height="14" fill="url(#{uid}-p{j})" stroke="{_INK}" '
            f'stroke-width="0.6"/><text x="{lx + 19:.1f}" y="39.5" font-size="11" fill="{_INK}">'
            f"{escape(s.name)}</text>"
        )
        lx += 19 + _text_width(s.name, 11) + 18
    for k, (_, label) in enumerate(refs):
        y = 51.0 + 16.0 * k
        out.append(
            f'<line x1="{left:.1f}" x2="{left + 30:.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="{_INK}" '
            f'stroke-width="1.4" stroke-dasharray="6 4"/><text x="{left + 36:.1f}" y="{y + 4:.1f}" '
            f'font-size="11" fill="{_INK}">{escape(label)}</text>'
        )
    # axes and grid
    for k in range(5):
        v = y_max * k / 4
        y = y_of(v)
        out.append(
            f'<line x1="{left:.1f}" x2="{left + plot_w:.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="{_GRID}" '
            f'stroke-width="1"/><text x="{left - 6:.1f}" y="{y + 3.5:.1f}" font-size="10" text-anchor="end" '
            f'fill="{_INK}">{_num(v, 2)}</text>'
        )
    out.append(
        f'<line x1="{left:.1f}" x2="{left:.1f}" y1="{top:.1f}" y2="{top + plot_h:.1f}" stroke="{_INK}"/>'
        f'<line x1="{left:.1f}" x2="{left + plot_w:.1f}" y1="{top + plot_h:.1f}" y2="{top + plot_h:.1f}" '
        f'stroke="{_INK}"/>'
    )
    if y_label:
        cy = top + plot_h / 2
        out.append(
            f'<text x="14" y="{cy:.1f}" font-size="11" text-anchor="middle" fill="{_INK}" '
            f'transform="rotate(-90 14 {cy:.1f})">{escape(y_label)}</text>'
        )
    # bars
    inner = n_ser * bar_w
    for i, cat in enumerate(categories):
        gx = left + i * group_w + (group_w - inner) / 2
        opacity = ' opacity="0.45"' if flags[i] else ""
        out.append(f'<g class="group"{opacity}>')
        for j, s in enumerate(series):
            v = float(s.values[i])
            x = gx + j * bar_w + 2
            w = bar_w - 4
            ci = s.ci[i] if s.ci is not None else None
            if not math.isfinite(v):
                out.append(
                    f'<text x="{x + w / 2:.1f}" y="{top + plot_h - 4:.1f}" font-size="9" '
                    f'text-anchor="middle" '
                    f'fill="{_INK}">{escape(na_text)}<title>{escape(f"{cat} — {s.name}: {na_text}")}</title>'
                    "</text>"
                )
                continue
            y = y_of(v)
            tip = f"{cat} — {s.name}: {_num(v)}"
            if ci is not None and _finite(ci[0]) and _finite(ci[1]):
                tip += f" [{_num(ci[0])}, {_num(ci[1])}]"
            out.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{top + plot_h - y:.1f}" '
                f'fill="url(#{uid}-p{j})" stroke="{_INK}" '
                f'stroke-width="0.6"><title>{escape(tip)}</title></rect>'
            )
            label_y = y - 4
            if ci is not None and _finite(ci[0]) and _finite(ci[1]):
                lo, hi = y_of(float(ci[0])), y_of(float(ci[1]))
                cx = x + w / 2
                out.append(
                    f'<path d="M{cx:.1f},{lo:.1f} V{hi:.1f} M{cx - 4:.1f},{lo:.1f} h8 '
                    f'M{cx - 4:.1f},{hi:.1f} h8" '
                    f'stroke="{_INK}" stroke-width="1.2" fill="none"/>'
                )
                label_y = min(label_y, hi - 4)
            out.append(
                f'<text x="{x + w / 2:.1f}" y="{max(label_y, top - 2):.1f}" font-size="9" '
                f'text-anchor="middle" '
                f'fill="{_INK}">{_num(v, 2)}</text>'
            )
        out.append("</g>")
        cx = left + i * group_w + group_w / 2
        ly = top + plot_h + 14
        if rotate:
            out.append(
                f'<text x="{cx:.1f}" y="{ly:.1f}" font-size="11" text-anchor="end" fill="{_INK}" '
                f'transform="rotate(-35 {cx:.1f} {ly:.1f})">{escape(labels[i])}</text>'
            )
        else:
            out.append(
                f'<text x="{cx:.1f}" y="{ly:.1f}" font-size="11" text-anchor="middle" fill="{_INK}">'
                f"{escape(labels[i])}</text>"
            )
        if flags[i]:
            out.append(
                f'<text x="{cx:.1f}" y="{height - 8:.1f}" font-size="9" font-style="italic" '
                f'text-anchor="middle" fill="{_INK}">{escape(flag_note)}</text>'
            )
    # reference lines last, so they stay visible over the bars
    for value, label in refs:
        y = y_of(value)
        out.append(
            f'<line class="reference" x1="{left:.1f}" x2="{left + plot_w:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{_INK}" stroke-width="1.4" stroke-dasharray="6 '
            f'4"><title>{escape(f"{label}: {_num(value)}")}'
            f"</title></line>"
        )
    out.append("</svg>")
    return "".join(out)


# --------------------------------------------------------------------------- calibration


def svg_calibration_chart(
    *,
    title: str,
    desc: str,
    curves: Sequence[tuple[str, Sequence[tuple[float, float, int]]]],
    x_label: str = "mean score",
    y_label: str = "observed positive rate",
    diagonal_label: str = "perfect calibration",
    chart_id: str | None = None,
) -> str:
    """A reliability diagram: per bin, the mean score (x) against the observed positive rate (y).

    A well-calibrated score lies on the diagonal; a group whose curve lies below it gets higher
    scores than its outcomes justify. One curve per group, each with its own colour *and* marker
    shape; every point's ``<title>`` gives the bin's figures and size.

    Parameters
    ----------
    curves
        ``(group, [(mean_score, observed_rate, n), ...])`` per group (``GroupMetrics.calibration``).
    """
    if not curves:
        raise ValueError("a calibration chart needs at least one curve")
    uid = chart_id or _uid("cal", title, [(g, list(p)) for g, p in curves])
    left, top, size = 58.0, 34.0, 240.0
    legend_w = max([_text_width(g, 11) for g, _ in curves] + [_text_width(diagonal_label, 11)]) + 40
    width = left + size + 20 + max(legend_w, 120.0)
    height = top + size + 46

    def px(v: float) -> float:
        return left + max(0.0, min(1.0, v)) * size

    def py(v: float) -> float:
        return top + size - max(0.0, min(1.0, v)) * size

    out = [_svg_open(uid, width, height, title, desc)]
    out.append(
        f'<text x="{left:.0f}" y="18" font-size="14" font-weight="600" fill="{_INK}">{escape(title)}</text>'
    )
    for k in range(5):
        v = k / 4
        out.append(
            f'<line x1="{left:.1f}" x2="{left + size:.1f}" y1="{py(v):.1f}" y2="{py(v):.1f}" '
            f'stroke="{_GRID}"/>'
            f'<line x1="{px(v):.1f}" x2="{px(v):.1f}" y1="{top:.1f}" y2="{top + size:.1f}" stroke="{_GRID}"/>'
            f'<text x="{left - 6:.1f}" y="{py(v) + 3.5:.1f}" font-size="10" text-anchor="end" fill="{_INK}">'
            f"{_num(v, 2)}</text>"
            f'<text x="{px(v):.1f}" y="{top + size + 14:.1f}" font-size="10" text-anchor="middle" '
            f'fill="{_INK}">'
            f"{_num(v, 2)}</text>"
        )
    out.append(
        f'<rect x="{left:.1f}" y="{top:.1f}" width="{size:.1f}" height="{size:.1f}" fill="none" '
        f'stroke="{_INK}"/>'
        f'<line x1="{px(0):.1f}" y1="{py(0):.1f}" x2="{px(1):.1f}" y2="{py(1):.1f}" stroke="{_INK}" '
        f'stroke-dasharray="5 4"><title>{escape(diagonal_label)}</title></line>'
        f'<text x="{left + size / 2:.1f}" y="{top + size + 32:.1f}" font-size="11" text-anchor="middle" '
        f'fill="{_INK}">{escape(x_label)}</text>'
        f'<text x="14" y="{top + size / 2:.1f}" font-size="11" text-anchor="middle" fill="{_INK}" '
        f'transform="rotate(-90 14 {top + size / 2:.1f})">{escape(y_label)}</text>'
    )
    lx, ly = left + size + 20, top + 6
    for i, (group, points) in enumerate(curves):
        colour = PALETTE[i % len(PALETTE)]
        shape = _MARKERS[i % len(_MARKERS)]
        pts = [(float(m), float(o), int(n)) for m, o, n in points if _finite(m) and _finite(o)]
        out.append(f'<g class="curve"><title>{escape(group)}</title>')
        if len(pts) > 1:
            path = " ".join(f"{px(m):.1f},{py(o):.1f}" for m, o, _ in pts)
            out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for m, o, n in pts:
            out.append(
                f"<g>{_marker(shape, px(m), py(o), colour)}"
                f"<title>{escape(f'{group}: {_num(m)} → {_num(o)} (n={n})')}</title></g>"
            )
        out.append("</g>")
        out.append(
            _marker(shape, lx + 6, ly + 5, colour)
            + f'<text x="{lx + 16:.1f}" y="{ly + 9:.1f}" font-size="11" fill="{_INK}">{escape(group)}</text>'
        )
        ly += 18
    out.append(
        f'<line x1="{lx:.1f}" x2="{lx + 12:.1f}" y1="{ly + 5:.1f}" y2="{ly + 5:.1f}" stroke="{_INK}" '
        f'stroke-dasharray="4 3"/><text x="{lx + 16:.1f}" y="{ly + 9:.1f}" font-size="11" fill="{_INK}">'
        f"{escape(diagonal_label)}</text>"
    )
    out.append("</svg>")
    return "".join(out)


# --------------------------------------------------------------------------- horizontal bars


def svg_hbar_chart(
    *,
    title: str,
    desc: str,
    items: Sequence[tuple[str, float]],
    positive_label: str = "",
    negative_label: str = "",
    chart_id: str | None = None,
) -> str:
    """Horizontal bars, one per item, signed when any value is negative (a diverging chart).

    Used for global feature importance (all non-negative) and for one decision's attributions
    (positive values push towards the positive outcome, negative ones away from it). Positive and
    negative bars differ in colour *and* pattern, and each value is printed at the end of its bar.
    """
    if not items:
        raise ValueError("a bar chart needs at least one item")
    uid = chart_id or _uid("hbar", title, list(items))
    vals = [float(v) if _finite(v) else 0.0 for _, v in items]
    signed = any(v < 0 for v in vals)
    labels = [_short(name, 32) for name, _ in items]
    label_w = max(_text_width(lbl, 11) for lbl in labels) + 12
    bar_area = 320.0
    label_x = 12 + label_w - 8
    left = 12 + label_w + (44 if signed else 0)  # signed: room for the values of negative bars
    top = 54.0 if signed and (positive_label or negative_label) else 32.0
    row_h = 20.0
    height = top + row_h * len(items) + 16
    width = left + bar_area + 70
    vmax = max((abs(v) for v in vals), default=0.0) or 1.0
    zero = left + (bar_area / 2 if signed else 0.0)
    scale = (bar_area / 2 if signed else bar_area) / vmax
    out = [_svg_open(uid, width, height, title, desc), _pattern_defs(uid, 2)]
    out.append(f'<text x="12" y="18" font-size="14" font-weight="600" fill="{_INK}">{escape(title)}</text>')
    if signed and (positive_label or negative_label):
        out.append(
            f'<rect x="12" y="28" width="14" height="14" fill="url(#{uid}-p0)" stroke="{_INK}" '
            f'stroke-width="0.6"/>'
            f'<text x="31" y="39.5" font-size="11" fill="{_INK}">{escape(positive_label)}</text>'
        )
        nx = 31 + _text_width(positive_label, 11) + 18
        out.append(
            f'<rect x="{nx:.1f}" y="28" width="14" height="14" fill="url(#{uid}-p1)" stroke="{_INK}" '
            f'stroke-width="0.6"/><text x="{nx + 19:.1f}" y="39.5" font-size="11" fill="{_INK}">'
            f"{escape(negative_label)}</text>"
        )
    for i, ((name, _), v) in enumerate(zip(items, vals, strict=True)):
        y = top + i * row_h
        w = abs(v) * scale
        x = zero if v >= 0 else zero - w
        fill = f"url(#{uid}-p{0 if v >= 0 else 1})"
        out.append(
            f'<text x="{label_x:.1f}" y="{y + 13:.1f}" font-size="11" text-anchor="end" fill="{_INK}">'
            f"{escape(labels[i])}</text>"
            f'<rect x="{x:.1f}" y="{y + 3:.1f}" width="{max(w, 0.5):.1f}" height="{row_h - 6:.1f}" '
            f'fill="{fill}" '
            f'stroke="{_INK}" stroke-width="0.6"><title>{escape(f"{name}: {_num(v, 4)}")}</title></rect>'
        )
        tx = x + w + 4 if v >= 0 else x - 4
        anchor = "start" if v >= 0 else "end"
        out.append(
            f'<text x="{tx:.1f}" y="{y + 13:.1f}" font-size="10" text-anchor="{anchor}" fill="{_INK}">'
            f"{_num(v, 3)}</text>"
        )
    out.append(
        f'<line x1="{zero:.1f}" x2="{zero:.1f}" y1="{top:.1f}" y2="{top + row_h * len(items):.1f}" '
        f'stroke="{_INK}"/>'
    )
    out.append("</svg>")
    return "".join(out)


# --------------------------------------------------------------------------- messages and templates


@cache
def _all_messages() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = json.loads((TEMPLATES / "messages.json").read_text(encoding="utf-8"))
    return data


def messages(lang: str) -> dict[str, str]:
    """The report texts in ``lang`` (``kk``, ``ru`` or ``en``); a missing text falls back to English.

    Raises
    ------
    ValueError
        For any other language.
    """
    if lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r}; use one of {', '.join(LANGS)}")
    data = _all_messages()
    return {**data["en"], **data.get(lang, {})}


@cache
def _env() -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num"] = _num
    return env


def _version() -> str:
    from senim import __version__

    return __version__


def _css() -> str:
    return (TEMPLATES / "report.css").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- fairness report

_GROUP_METRICS = ("base_rate", "selection_rate", "tpr", "fpr", "fnr", "precision", "accuracy")


def _ci_text(ci: tuple[float, float] | None) -> str:
    if ci is None or not (_finite(ci[0]) and _finite(ci[1])):
        return ""
    return f"[{_num(ci[0])}, {_num(ci[1])}]"


def _verdict(passed: bool | None, checked: bool = True) -> str:
    if not checked:
        return "info"
    return "passed" if passed is True else "failed" if passed is False else "not_comparable"


def _attributes(result: FairnessResult) -> list[str]:
    seen: dict[str, None] = dict.fromkeys(getattr(result, "attributes", ()) or ())
    for g in result.groups:
        seen.setdefault(g.attribute, None)
    return list(seen)


def _reference_rate(
    groups: Sequence[GroupMetrics], disparities: Sequence[Disparity], attribute: str, metric: str, attr: str
) -> float | None:
    """The rate of the reference group named by the disparity, else the highest among compared groups."""
    ref = next((d.reference for d in disparities if d.attribute == attribute and d.metric == metric), None)
    by_name = {g.group: g for g in groups}
    if ref is not None and ref in by_name:
        value = float(getattr(by_name[ref], attr))
        return value if math.isfinite(value) else None
    values = [
        float(getattr(g, attr)) for g in groups if not g.small and math.isfinite(float(getattr(g, attr)))
    ]
    return max(values) if values else None


def _attribute_charts(result: FairnessResult, attribute: str, m: Mapping[str, str]) -> list[str]:
    groups = [g for g in result.groups if g.attribute == attribute]
    if not groups:
        return []
    th = result.thresholds
    names = [g.group for g in groups]
    flags = [g.small for g in groups]
    charts: list[str] = []
    refs: list[tuple[float, str]] = []
    top_rate = _reference_rate(groups, result.disparities, attribute, "disparate_impact", "selection_rate")
    if top_rate is not None:
        refs.append(
            (
                top_rate * th.disparate_impact_ratio,
                m["four_fifths_line"].format(ratio=_num(th.disparate_impact_ratio, 2)),
            )
        )
    charts.append(
        svg_bar_chart(
            title=m["chart_selection_title"].format(attribute=attribute),
            desc=m["chart_selection_desc"].format(attribute=attribute, level=_num(th.confidence * 100, 0)),
            categories=names,
            series=[
                Series(
                    m["selection_rate"],
                    [g.selection_rate for g in groups],
                    [g.ci.get("selection_rate") for g in groups],
                ),
                Series(
                    m["base_rate"], [g.base_rate for g in groups], [g.ci.get("base_rate") for g in groups]
                ),
            ],
            reference_lines=refs,
            y_label=m["rate"],
            flagged=flags,
            flag_note=m["small_group_short"],
            na_text=m["na"],
        )
    )
    refs = []
    top_tpr = _reference_rate(groups, result.disparities, attribute, "equal_opportunity", "tpr")
    if top_tpr is not None:
        refs.append(
            (
                top_tpr - th.equal_opportunity_difference,
                m["tpr_line"].format(diff=_num(th.equal_opportunity_difference, 2)),
            )
        )
    charts.append(
        svg_bar_chart(
            title=m["chart_errors_title"].format(attribute=attribute),
            desc=m["chart_errors_desc"].format(attribute=attribute, level=_num(th.confidence * 100, 0)),
            categories=names,
            series=[
                Series(m["tpr"], [g.tpr for g in groups], [g.ci.get("tpr") for g in groups]),
                Series(m["fpr"], [g.fpr for g in groups], [g.ci.get("fpr") for g in groups]),
            ],
            reference_lines=refs,
            y_label=m["rate"],
            flagged=flags,
            flag_note=m["small_group_short"],
            na_text=m["na"],
        )
    )
    curves = [(g.group, g.calibration) for g in groups if g.calibration]
    if result.score is not None and curves:
        charts.append(
            svg_calibration_chart(
                title=m["chart_calibration_title"].format(attribute=attribute),
                desc=m["chart_calibration_desc"].format(attribute=attribute),
                curves=curves,
                x_label=m["mean_score"],
                y_label=m["observed_rate"],
                diagonal_label=m["perfect_calibration"],
            )
        )
    return charts


def fairness_html(result: FairnessResult, *, lang: str = "en") -> str:
    """The fairness audit as one self-contained HTML page (inline CSS and SVG, no scripts).

    Shows the verdict, the data's SHA-256 and size, the columns audited, every disparity with its
    confidence interval, threshold and pass/fail, the small-group and other warnings, a table of
    the groups' metrics per sensitive attribute (and intersection), and charts: selection and base
    rates, true- and false-positive rates with confidence-interval whiskers and the threshold lines,
    and, when the audit had scores, calibration curves.

    Parameters
    ----------
    result
        A :class:`senim.audits.fairness.FairnessResult`.
    lang
        ``kk``, ``ru`` or ``en``: the language of every text (figures, column and group names stay
        as they are in the data).

    Returns
    -------
    str
        The HTML document (UTF-8 text); the same result always gives the same text.

    Raises
    ------
    ValueError
        For an unsupported language.
    """
    m = messages(lang)
    th = result.thresholds
    attributes = _attributes(result)
    sections = []
    for attribute in attributes:
        groups = [g for g in result.groups if g.attribute == attribute]
        has_auc = any(g.auc is not None for g in groups)
        rows = []
        for g in groups:
            cells = [{"value": _num(getattr(g, k)), "ci": _ci_text(g.ci.get(k))} for k in _GROUP_METRICS]
            if has_auc:
                cells.append({"value": _num(g.auc), "ci": _ci_text(g.ci.get("auc"))})
            rows.append({"group": g.group, "count": g.count, "small": g.small, "cells": cells})
        sections.append(
            {
                "attribute": attribute,
                "intersection": attribute not in result.sensitive,
                "columns": [m[k] for k in _GROUP_METRICS] + ([m["auc"]] if has_auc else []),
                "rows": rows,
                "charts": [Markup(c) for c in _attribute_charts(result, attribute, m)],
            }
        )
    disparities = [
        {
            "attribute": d.attribute,
            "metric": m.get(f"metric_{d.metric}", d.metric),
            "kind": m.get(f"kind_{d.kind}", d.kind),
            "value": _num(d.value),
            "ci": _ci_text(d.ci),
            "reference": d.reference or m["reference_extremes"],
            "threshold": (("≥ " if d.kind == "ratio" else "≤ ") + _num(d.threshold, 2))
            if _finite(d.threshold)
            else "–",
            "verdict": _verdict(d.passed, getattr(d, "checked", True)),
            "note": d.note if getattr(d, "checked", True) else "",
        }
        for d in result.disparities
    ]
    small = [g for g in result.groups if g.small]
    context = {
        "lang": lang,
        "m": m,
        "css": Markup(_css()),
        "version": _version(),
        "min_group_size": th.min_group_size,
        "verdict": _verdict(result.passed),
        "rows": result.rows,
        "target": result.target,
        "prediction": result.prediction,
        "score": result.score,
        "sensitive": list(result.sensitive),
        "created_at": result.created_at,
        "data_sha256": result.data_sha256,
        "thresholds": [
            (m["th_min_group_size"], str(th.min_group_size)),
            (m["metric_demographic_parity"], "≤ " + _num(th.demographic_parity_difference, 2)),
            (m["metric_disparate_impact"], "≥ " + _num(th.disparate_impact_ratio, 2)),
            (m["metric_equalized_odds"], "≤ " + _num(th.equalized_odds_difference, 2)),
            (m["metric_equal_opportunity"], "≤ " + _num(th.equal_opportunity_difference, 2)),
            (m["metric_predictive_parity"], "≤ " + _num(th.predictive_parity_difference, 2)),
            *[
                (m[f"metric_{metric}"] + f" ({m['kind_ratio']})", "≥ " + _num(value, 2))
                for metric in (
                    "demographic_parity",
                    "equalized_odds",
                    "equal_opportunity",
                    "predictive_parity",
                )
                if (value := getattr(th, f"{metric}_ratio", None)) is not None
            ],
            (m["th_confidence"], _num(th.confidence, 2)),
            (m["th_bootstrap"], f"{th.bootstrap} (seed {th.seed})"),
        ],
        "disparities": disparities,
        "failed_count": sum(1 for d in result.disparities if d.passed is False),
        "small_groups": [{"attribute": g.attribute, "group": g.group, "count": g.count} for g in small],
        "warnings": list(result.warnings),
        "sections": sections,
    }
    return _env().get_template("fairness.html.j2").render(context)


# --------------------------------------------------------------------------- explanation report


def _value_text(value: Any) -> str:
    """A data value for display: integral floats without decimals, others to 6 significant digits."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return "–"
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.6g}"
    return "–" if value is None else str(value)


def explanation_html(expl: Explanation, *, lang: str = "en", top: int = 10) -> str:
    """The explanation of a model and of individual decisions as one self-contained HTML page.

    Shows the method (e.g. exact TreeSHAP), the SHA-256 of the model file and of the data, the
    base value (the model's average output over the background data), the global importance of
    each feature (mean absolute SHAP value) as a chart and a table, and for each explained row its
    prediction, outcome and the features that pushed it up or down (SHAP values: the base value
    plus a row's contributions equals its prediction).

    Parameters
    ----------
    expl
        A :class:`senim.audits.explain.Explanation`.
    lang
        ``kk``, ``ru`` or ``en``.
    top
        Features drawn per decision in its chart (the table lists them all).

    Raises
    ------
    ValueError
        For an unsupported language or ``top`` < 1.
    """
    if top < 1:
        raise ValueError("top must be at least 1")
    m = messages(lang)
    importance = list(expl.global_importance)
    global_chart = (
        svg_hbar_chart(
            title=m["chart_importance_title"],
            desc=m["chart_importance_desc"].format(n=len(importance)),
            items=importance[:25],
        )
        if importance
        else ""
    )
    rows = []
    for r in expl.rows[:MAX_ROW_SECTIONS]:
        ordered = sorted(
            r.attributions, key=lambda a: -abs(a.contribution) if _finite(a.contribution) else 0.0
        )
        chart = (
            svg_hbar_chart(
                title=m["chart_row_title"].format(row=r.row),
                desc=m["chart_row_desc"].format(row=r.row, n=min(top, len(ordered))),
                items=[(a.feature, a.contribution) for a in ordered[:top]],
                positive_label=m["pushes_up"],
                negative_label=m["pushes_down"],
            )
            if ordered
            else ""
        )
        rows.append(
            {
                "row": r.row,
                "prediction": _value_text(r.prediction),
                "outcome": _value_text(r.outcome),
                "chart": Markup(chart),
                "attributions": [
                    {
                        "feature": a.feature,
                        "value": _value_text(a.value),
                        "contribution": _num(a.contribution, 4),
                        "direction": m["pushes_up"]
                        if a.contribution > 0
                        else m["pushes_down"]
                        if a.contribution < 0
                        else m["no_effect"],
                    }
                    for a in ordered
                ],
            }
        )
    context = {
        "lang": lang,
        "m": m,
        "css": Markup(_css()),
        "version": _version(),
        "method": expl.method,
        "output": getattr(expl, "output", "") or "",
        "notes": list(getattr(expl, "notes", ()) or ()),
        "base_value": _num(expl.base_value, 4),
        "model_sha256": expl.model_sha256,
        "data_sha256": expl.data_sha256,
        "importance": [(f, _num(v, 4)) for f, v in importance],
        "global_chart": Markup(global_chart),
        "rows": rows,
        "total_rows": len(expl.rows),
        "shown_rows": len(rows),
    }
    return _env().get_template("explanation.html.j2").render(context)
