"""HTML reports and SVG charts of `senim.audits.report`: well-formed, accessible, translated, honest."""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from senim.audits.report import (
    LANGS,
    TEMPLATES,
    Series,
    explanation_html,
    fairness_html,
    messages,
    svg_bar_chart,
    svg_calibration_chart,
    svg_hbar_chart,
)

SVG = "{http://www.w3.org/2000/svg}"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "audit"


def parse_html(text: str) -> ET.Element:
    """The reports are XML-well-formed HTML5 (polyglot): parse everything after the doctype."""
    assert text.startswith("<!DOCTYPE html>\n")
    return ET.fromstring(text.split("\n", 1)[1])


def svg_root(text: str) -> ET.Element:
    root = ET.fromstring(text)
    assert root.tag == f"{SVG}svg"
    return root


@cache
def audit() -> Any:
    from senim.audits.data import make_credit_decisions
    from senim.audits.fairness import Thresholds, audit_fairness

    table = make_credit_decisions(3000, seed=7, disparity=1.0, features=False)
    return audit_fairness(
        table,
        target="y_true",
        prediction="y_pred",
        score="score",
        sensitive=["sex", "age_band"],
        thresholds=Thresholds(min_group_size=150, bootstrap=50),
    )


@cache
def explanation() -> Any:
    from senim.audits.data import read_table
    from senim.audits.explain import explain
    from senim.audits.models import load_model

    model = load_model(EXAMPLE / "credit-model.skops")
    data = read_table(str(EXAMPLE / "decisions.parquet"))
    return explain(model, data, rows=[0, 1, 2], global_rows=200)


# --------------------------------------------------------------------------- charts


def test_bar_chart_is_accessible_and_shows_every_figure() -> None:
    text = svg_bar_chart(
        title="Selection by sex",
        desc="Bars of the selection rate per group.",
        categories=["F", "M", "X"],
        series=[Series("selection rate", [0.37, 0.68, math.nan], [(0.35, 0.39), (0.66, 0.70), None])],
        reference_lines=[(0.544, "four-fifths line")],
        flagged=[False, False, True],
        flag_note="small group",
    )
    root = svg_root(text)
    assert root.get("role") == "img"
    ids = root.get("aria-labelledby", "").split()
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and desc is not None and [title.get("id"), desc.get("id")] == ids
    assert title.text == "Selection by sex" and desc.text == "Bars of the selection rate per group."
    texts = [t.text for t in root.iter(f"{SVG}text") if t.text]
    assert {"0.37", "0.68", "n/a", "F", "M", "X", "small group", "four-fifths line"} <= set(texts)
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert len(bars) == 2  # the undefined value is not drawn as a bar
    tips = [b.find(f"{SVG}title").text for b in bars]  # type: ignore[union-attr]
    assert tips[0] == "F — selection rate: 0.370 [0.350, 0.390]"
    # a bar's height is proportional to its value
    heights = [float(b.get("height", 0)) for b in bars]
    assert heights[1] / heights[0] == pytest.approx(0.68 / 0.37, rel=0.01)
    # CI whiskers and the dashed reference line
    assert len([p for p in root.iter(f"{SVG}path") if (p.get("d") or "").count("M") == 3]) == 2
    assert any(line.get("class") == "reference" for line in root.iter(f"{SVG}line"))
    # colour is never the only cue: every series fill is a pattern
    assert root.find(f"{SVG}defs/{SVG}pattern") is not None


def test_bar_chart_output_is_deterministic_and_ids_distinct() -> None:
    args: dict[str, Any] = {"desc": "d", "categories": ["a"], "series": [Series("s", [0.5])]}
    assert svg_bar_chart(title="one", **args) == svg_bar_chart(title="one", **args)
    one, two = svg_root(svg_bar_chart(title="one", **args)), svg_root(svg_bar_chart(title="two", **args))
    assert one.get("aria-labelledby") != two.get("aria-labelledby")


def test_bar_chart_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="one per category"):
        svg_bar_chart(title="t", desc="d", categories=["a", "b"], series=[Series("s", [0.1])])
    with pytest.raises(ValueError, match="at least one"):
        svg_bar_chart(title="t", desc="d", categories=[], series=[])
    with pytest.raises(ValueError, match="y_max"):
        svg_bar_chart(title="t", desc="d", categories=["a"], series=[Series("s", [0.1])], y_max=0)


def test_text_is_escaped() -> None:
    text = svg_bar_chart(title="<b>&", desc="\"'", categories=["<script>"], series=[Series("a&b", [0.5])])
    root = svg_root(text)
    assert "<script>" not in text
    assert "<script>" in [t.text for t in root.iter(f"{SVG}text")]


def test_calibration_and_hbar_charts() -> None:
    cal = svg_root(
        svg_calibration_chart(
            title="Calibration",
            desc="d",
            curves=[("F", [(0.1, 0.12, 40), (0.5, 0.45, 50)]), ("M", [(0.2, 0.3, 30), (0.8, 0.7, 20)])],
        )
    )
    tips = [t.text for t in cal.iter(f"{SVG}title")]
    assert "F: 0.100 → 0.120 (n=40)" in tips and "M" in tips
    assert len(list(cal.iter(f"{SVG}polyline"))) == 2
    with pytest.raises(ValueError):
        svg_calibration_chart(title="t", desc="d", curves=[])
    hbar = svg_root(
        svg_hbar_chart(
            title="Row 3",
            desc="d",
            items=[("income", 0.2), ("female", -0.1)],
            positive_label="up",
            negative_label="down",
        )
    )
    bars = [r for r in hbar.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert len(bars) == 2
    # the negative bar extends left of the zero line, the positive one right of it
    assert float(bars[1].get("x", 0)) + float(bars[1].get("width", 0)) == pytest.approx(
        float(bars[0].get("x", 0))
    )
    assert {"up", "down", "0.200", "-0.100"} <= {t.text for t in hbar.iter(f"{SVG}text")}
    with pytest.raises(ValueError):
        svg_hbar_chart(title="t", desc="d", items=[])


# --------------------------------------------------------------------------- messages


def test_messages_complete_in_every_language() -> None:
    data = json.loads((TEMPLATES / "messages.json").read_text(encoding="utf-8"))
    assert set(data) == set(LANGS)
    for lang in LANGS:
        assert set(data[lang]) == set(data["en"]), lang
        placeholders = {k: set(re.findall(r"\{(\w+)\}", v)) for k, v in data["en"].items()}
        for key, value in data[lang].items():
            assert set(re.findall(r"\{(\w+)\}", value)) == placeholders[key], (lang, key)
    assert messages("kk")["fairness_title"] != messages("en")["fairness_title"]
    with pytest.raises(ValueError, match="unsupported language"):
        messages("de")


# --------------------------------------------------------------------------- fairness report


@pytest.mark.parametrize("lang", LANGS)
def test_fairness_report(lang: str) -> None:
    result = audit()
    text = fairness_html(result, lang=lang)
    root = parse_html(text)
    m = messages(lang)
    assert root.get("lang") == lang
    assert "<script" not in text and "http://" not in text.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in text and "<link" not in text  # self-contained
    assert result.data_sha256 in text
    assert m["verdict_failed"] in text and result.passed is False
    assert [h.text for h in root.iter("h1")] == [m["fairness_title"]]
    captions = [c.text for c in root.iter("caption")]
    assert m["disparities_caption"] in captions
    assert m["groups_caption"].format(attribute="sex×age_band") in captions
    # one row per disparity, with its verdict
    tables = {t.findtext("caption"): t for t in root.iter("table")}
    rows = tables[m["disparities_caption"]].findall("tbody/tr")
    assert len(rows) == len(result.disparities)
    failed = sum(1 for d in result.disparities if d.passed is False)
    assert sum(1 for r in rows if r[6].get("class") == "failed") == failed
    # small groups are listed as warnings, and charts include calibration (scores were given)
    small = [g for g in result.groups if g.small]
    assert small, "the fixture should produce small intersection groups"
    warnings = [li.text for li in root.iter("li") if li.text and " = " in li.text]
    assert warnings == [
        m["small_group_warning"].format(attribute=g.attribute, group=g.group, count=g.count, minimum=150)
        for g in small
    ]
    svgs = list(root.iter(f"{SVG}svg"))
    assert len(svgs) == 3 * len(result.attributes)
    titles = [s.findtext(f"{SVG}title") for s in svgs]
    assert m["chart_calibration_title"].format(attribute="sex") in titles


def test_fairness_report_is_deterministic_and_names_the_reference_line() -> None:
    result = audit()
    assert fairness_html(result, lang="en") == fairness_html(result, lang="en")
    text = fairness_html(result, lang="en")
    assert "0.80 × reference rate (four-fifths rule)" in text
    with pytest.raises(ValueError):
        fairness_html(result, lang="fr")


# --------------------------------------------------------------------------- explanation report


@pytest.mark.parametrize("lang", LANGS)
def test_explanation_report(lang: str) -> None:
    expl = explanation()
    text = explanation_html(expl, lang=lang)
    root = parse_html(text)
    m = messages(lang)
    assert root.get("lang") == lang
    assert expl.model_sha256 in text and expl.data_sha256 in text
    heads = [h.text for h in root.iter("h3")]
    assert heads == [m["row_heading"].format(row=r) for r in (0, 1, 2)]
    tables = {t.findtext("caption"): t for t in root.iter("table")}
    importance = tables[m["importance_caption"]].findall("tbody/tr")
    assert [r[1].findtext("code") for r in importance] == [f for f, _ in expl.global_importance]
    row0 = tables[m["row_caption"].format(row=0)].findall("tbody/tr")
    assert len(row0) == len(expl.rows[0].attributions)
    # integral values are shown without decimals
    assert row0[0][1].text is not None and not row0[0][1].text.endswith(".0000")
    svgs = list(root.iter(f"{SVG}svg"))
    assert len(svgs) == 1 + 3


def test_explanation_report_bad_top() -> None:
    with pytest.raises(ValueError, match="top"):
        explanation_html(explanation(), top=0)
