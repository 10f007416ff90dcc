"""Tests of the perceivable AI warning: texts, badges, banners, PDF stamps and the chime."""

from __future__ import annotations

import json
import math
import time
from io import BytesIO
from typing import Any, get_args

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject
from reportlab.lib.pagesizes import A4, landscape, letter
from reportlab.pdfgen.canvas import Canvas

from senim.provenance import visible as v
from senim.provenance.errors import CorruptMediaError, ProvenanceError, UnsupportedFormatError
from senim.provenance.types import Kind

LANGS: tuple[v.Lang, ...] = ("kk", "ru", "en")
KINDS: tuple[Kind, ...] = get_args(Kind)
POSITIONS = ("top-left", "top-right", "bottom-left", "bottom-right")
KAZAKH_LETTERS = "ӘәҒғҚқҢңӨөҰұҮүҺһІі"


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


def _relative_luminance(rgb: tuple[int, int, int]) -> float:
    def lin(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _natural_like(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    """1/f-spectrum colour noise with shapes, dark corners and other text: a stand-in for photos."""
    fy = np.fft.fftfreq(h)[:, None]
    fx = np.fft.rfftfreq(w)[None, :]
    f = np.sqrt(fx * fx + fy * fy)
    f[0, 0] = 1.0
    alpha = rng.uniform(0.8, 1.6)
    img = np.empty((h, w, 3))
    base = rng.standard_normal((h, w // 2 + 1)) + 1j * rng.standard_normal((h, w // 2 + 1))
    for c in range(3):
        noise = rng.standard_normal((h, w // 2 + 1)) + 1j * rng.standard_normal((h, w // 2 + 1))
        field = np.fft.irfft2((0.8 * base + 0.4 * noise) / f**alpha, s=(h, w))
        field = (field - field.mean()) / (field.std() + 1e-9)
        img[..., c] = 128 + rng.uniform(20, 60) * field + rng.uniform(-60, 60)
    pil = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(pil)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", max(8, h // 12))
    for _ in range(rng.integers(2, 8)):
        x0, y0 = int(rng.integers(0, w)), int(rng.integers(0, h))
        x1, y1 = x0 + int(rng.integers(5, w // 2 + 6)), y0 + int(rng.integers(5, h // 2 + 6))
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        if rng.random() < 0.5:
            draw.rectangle((x0, y0, x1, y1), fill=colour)
        else:
            draw.ellipse((x0, y0, x1, y1), fill=colour)
    # near misses: a dark navy rounded box in a corner, sometimes with other white words
    if rng.random() < 0.6:
        bh = int(rng.integers(10, max(11, h // 4)))
        bw = int(bh * rng.uniform(1.2, 3.0))
        m = max(2, round(0.3 * bh))
        corner = int(rng.integers(0, 4))
        x = m if corner in (0, 2) else w - m - bw
        y = m if corner in (0, 1) else h - m - bh
        draw.rounded_rectangle((x, y, x + bw, y + bh), radius=bh // 4, fill=v.BADGE_COLOUR)
        if rng.random() < 0.7:
            word = str(rng.choice(["OK", "TV", "HD", "NEW", "4K", "Ok"]))
            draw.text((x + bw // 5, y + bh // 8), word, fill=(255, 255, 255), font=font)
    return np.asarray(pil)


def _jpeg(rgb: np.ndarray, quality: int) -> np.ndarray:
    buf = BytesIO()
    Image.fromarray(rgb).save(buf, "JPEG", quality=quality)
    return np.asarray(Image.open(BytesIO(buf.getvalue())).convert("RGB"))


def _make_pdf(sizes: list[tuple[float, float]], rotations: list[int] | None = None) -> bytes:
    buf = BytesIO()
    canvas = Canvas(buf, invariant=1)
    for i, size in enumerate(sizes):
        canvas.setPageSize(size)
        canvas.setFont("Helvetica", 12)
        canvas.drawString(40, size[1] / 2, f"Page {i} body text")
        canvas.showPage()
    canvas.save()
    data = buf.getvalue()
    if rotations:
        writer = PdfWriter(clone_from=PdfReader(BytesIO(data)))
        for page, rot in zip(writer.pages, rotations, strict=True):
            if rot:
                page.rotation = rot
        out = BytesIO()
        writer.write(out)
        data = out.getvalue()
    return data


def _page_texts(data: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(BytesIO(data)).pages]


def _stamp_runs(page: Any, needle: str) -> list[tuple[float, float, float, float]]:
    """(dx, dy) of the text direction as displayed (after /Rotate) and (x, y) in user space."""
    rot = math.radians(page.rotation)
    runs: list[tuple[float, float, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], _fd: Any, _fs: Any) -> None:
        if needle in text:
            a = tm[0] * cm[0] + tm[1] * cm[2]
            b = tm[0] * cm[1] + tm[1] * cm[3]
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            norm = math.hypot(a, b)
            dx = (a * math.cos(rot) + b * math.sin(rot)) / norm
            dy = (-a * math.sin(rot) + b * math.cos(rot)) / norm
            runs.append((round(dx, 3), round(dy, 3), x, y))

    page.extract_text(visitor_text=visit)
    return runs


# --------------------------------------------------------------------------------------------
# texts
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS)
def test_warning_text_every_language_and_kind(lang: v.Lang, kind: Kind) -> None:
    text = v.warning_text(lang, kind=kind)
    assert text and text == text.strip() and not text.endswith(".")
    assert {"kk": "жасанды интеллект", "ru": "искусственным интеллектом", "en": "artificial intelligence"}[
        lang
    ] in text
    assert v.find_visible_text(text) == text
    assert v.warning_text(lang, kind=kind, short=True) == {"kk": "ЖИ", "ru": "ИИ", "en": "AI"}[lang]


def test_warning_texts_name_the_kind_and_are_distinct() -> None:
    for lang in LANGS:
        texts = [v.warning_text(lang, kind=k) for k in KINDS]
        assert len(set(texts)) == len(KINDS)
    assert v.warning_text("kk", kind="image") == "Бұл суретті жасанды интеллект жасаған"
    assert v.warning_text("ru", kind="video") == "Это видео создано искусственным интеллектом"
    assert v.warning_text("en", kind="pdf") == "This document was generated by artificial intelligence"
    kazakh = set("АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ")
    for kind in KINDS:
        letters = {c.upper() for c in v.warning_text("kk", kind=kind) if c.isalpha()}
        assert letters <= kazakh


def test_warning_table_has_stable_keys() -> None:
    table = json.loads((v.FONT_PATH.parent / "warnings.json").read_text("utf-8"))
    assert set(table["short"]) == set(LANGS) == set(table["full"]) == set(table["expansion"])
    for lang in LANGS:
        assert set(KINDS) <= set(table["full"][lang])


def test_warning_text_rejects_unknown_values() -> None:
    with pytest.raises(ValueError, match="language"):
        v.warning_text("de", kind="image")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="kind"):
        v.warning_text("kk", kind="hologram")  # type: ignore[arg-type]


def test_font_is_packaged_with_its_licence_and_covers_every_warning() -> None:
    from reportlab.pdfbase.ttfonts import TTFont

    assert v.FONT_PATH.is_file() and v.FONT_PATH.name == "DejaVuSans-Bold.ttf"
    licence = (v.FONT_PATH.parent / "DejaVu-LICENSE.txt").read_text("utf-8")
    assert "Bitstream" in licence and "Arev" in licence
    cmap = TTFont("TestDejaVuCoverage", str(v.FONT_PATH)).face.charToGlyph
    chars = set(KAZAKH_LETTERS)
    for lang in LANGS:
        for kind in KINDS:
            chars |= set(v.warning_text(lang, kind=kind)) | set(v.warning_text(lang, kind=kind, short=True))
    assert all(ord(c) in cmap for c in chars if not c.isspace())


# --------------------------------------------------------------------------------------------
# text, Markdown, HTML
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_label_plain_text(lang: v.Lang) -> None:
    out = v.label_text("Hello\nworld\n", fmt="text", lang=lang)
    short, sentence = v.warning_text(lang, kind="text", short=True), v.warning_text(lang, kind="text")
    assert out == f"[{short}] {sentence}.\n\nHello\nworld\n"
    assert v.find_visible_text(out) == sentence
    assert v.label_text(out, fmt="text", lang=lang) == out
    for other in LANGS:  # already labelled: never a second banner
        assert v.label_text(out, fmt="text", lang=other) == out
        assert v.label_text(out, fmt="markdown", lang=other) == out


@pytest.mark.parametrize("lang", LANGS)
def test_label_markdown(lang: v.Lang) -> None:
    out = v.label_text("# Title\n\nBody.\n", fmt="markdown", lang=lang)
    short, sentence = v.warning_text(lang, kind="text", short=True), v.warning_text(lang, kind="text")
    assert out.startswith(f"> **{short}:** {sentence}.\n\n# Title")
    assert v.label_text(out, fmt="markdown", lang=lang) == out
    assert v.find_visible_text(out) == sentence


def test_markdown_front_matter_stays_first() -> None:
    src = "---\ntitle: Есеп\ntags: [a]\n---\n# Есеп\n"
    out = v.label_text(src, fmt="markdown", lang="kk")
    assert out.startswith("---\ntitle: Есеп\ntags: [a]\n---\n> **ЖИ:** Бұл мәтінді")
    assert out.endswith("\n\n# Есеп\n")
    assert v.label_text(out, fmt="markdown", lang="kk") == out


def test_bom_and_crlf_are_kept() -> None:
    out = v.label_text("\ufeffline one\r\nline two\r\n", fmt="text", lang="ru")
    assert out.startswith("\ufeff[ИИ] Этот текст создан искусственным интеллектом.\r\n\r\nline one\r\n")
    assert v.label_text(out, fmt="text", lang="ru") == out


def test_empty_and_whitespace_text() -> None:
    out = v.label_text("", fmt="text", lang="en")
    assert out.startswith("[AI] This text was generated") and v.label_text(out, fmt="text", lang="en") == out
    assert v.label_text("\n\n", fmt="markdown", lang="kk").startswith("> **ЖИ:**")


@pytest.mark.parametrize("lang", LANGS)
def test_label_html_document(lang: v.Lang) -> None:
    src = (
        "<!DOCTYPE html>\n<html lang='x'>\n<head>\n<meta charset='utf-8'><title>T</title>\n</head>\n"
        "<!-- <body> in a comment -->\n<BODY class=\"a>b\" data-x='1'>\n<p>Hi</p>\n</BODY>\n</html>\n"
    )
    out = v.label_text(src, fmt="html", lang=lang)
    body_tag = "<BODY class=\"a>b\" data-x='1'>"
    after_body = out.split(body_tag, 1)[1]
    assert after_body.lstrip().startswith('<div role="note"')
    assert f'lang="{lang}"' in after_body.split(">", 1)[0]
    assert 'style="' in after_body.split(">", 1)[0] and "<link" not in out
    assert out.count('<meta name="ai-generated" content="true">') == 1
    assert out.index('<meta name="ai-generated"') < out.index("</head>")
    assert "<!-- <body> in a comment -->\n<BODY" in out
    assert v.find_visible_text(out) == v.warning_text(lang, kind="text")
    for other in LANGS:
        assert v.label_text(out, fmt="html", lang=other) == out
    assert (
        out.replace(out[out.index("\n<div role") : out.index("</div>") + 6], "").replace(
            '\n<meta name="ai-generated" content="true">', ""
        )
        == src
    )


def test_html_without_head_or_body() -> None:
    fragment = v.label_text("<p>фрагмент</p>", fmt="html", lang="kk")
    assert fragment.startswith('<div role="note" lang="kk"') and fragment.endswith("</div>\n<p>фрагмент</p>")
    assert "ai-generated" not in fragment.split("<div", 1)[0]
    doctype = v.label_text("<!doctype html><p>x</p>", fmt="html", lang="en")
    assert doctype.startswith('<!doctype html>\n<div role="note"')
    html_only = v.label_text("<html><p>x</p></html>", fmt="html", lang="ru")
    assert html_only.startswith('<html>\n<div role="note" lang="ru"')
    head_only = v.label_text("<html><head><title>t</title></head><p>x</p></html>", fmt="html", lang="ru")
    assert '</head>\n<div role="note"' in head_only
    assert head_only.startswith('<html><head>\n<meta name="ai-generated" content="true">')
    already_meta = "<head><meta name='ai-generated' content='true'></head><body></body>"
    assert v.label_text(already_meta, fmt="html", lang="kk").count("ai-generated") == 1
    assert v.label_text("", fmt="html", lang="kk").startswith('<div role="note"')


def test_html_with_unclosed_comment_and_script_is_safe() -> None:
    hostile = "<html><head><script>var s='<body>';</script></head><!-- never closed <body>" + "x" * 10_000
    out = v.label_text(hostile, fmt="html", lang="en")
    assert out.count('role="note"') == 1
    assert out.index('role="note"') > out.index("</head>")
    many = "<!--" * 20_000
    start = time.perf_counter()
    assert v.label_text(many, fmt="html", lang="en").count('role="note"') == 1
    assert time.perf_counter() - start < 2.0


def test_label_text_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="format"):
        v.label_text("x", fmt="rtf", lang="kk")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="language"):
        v.label_text("x", fmt="text", lang="fr")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        v.label_text(b"x", fmt="text", lang="kk")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Note: this picture is AI-generated.", "AI-generated"),
        ("Summary written by AI.", "written by AI"),
        ("Created using artificial intelligence", "Created using artificial intelligence"),
        ("Изображение создано с помощью ИИ.", "создано с помощью ИИ"),
        ("Текст сгенерирован нейросетью", "сгенерирован нейросетью"),
        ("Видео создано искусственным интеллектом", "создано искусственным интеллектом"),
        ("Сурет жасанды интеллект арқылы жасалған.", "жасанды интеллект арқылы жасалған"),
        ("Бұл бейнені ЖИ жасаған", "ЖИ жасаған"),
        ("Мәтін жасанды интеллектпен жасалған", "жасанды интеллектпен жасалған"),
    ],
)
def test_find_visible_text_generic_phrases(text: str, found: str) -> None:
    assert v.find_visible_text(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "",
        "I love AI research and artificial intelligence conferences.",
        "Искусственный интеллект меняет мир. Генерал создан для войны.",
        "Жасанды интеллект туралы заң қабылданды.",
        "Said by Aisha: made with care.",
        "ЖИДЕК жасады",
    ],
)
def test_find_visible_text_ignores_ordinary_text(text: str) -> None:
    assert v.find_visible_text(text) is None


def test_find_visible_text_sees_through_markup_and_invisible_characters() -> None:
    sentence = v.warning_text("kk", kind="text")
    marked = "\ufe01".join(sentence)  # as if a text-marking tail were interleaved
    assert v.find_visible_text("[ЖИ] " + marked) == sentence
    escaped = "".join(f"&#{ord(c)};" if c.isalpha() else c for c in v.warning_text("ru", kind="text"))
    assert v.find_visible_text(f"<p>{escaped}</p>") == v.warning_text("ru", kind="text")
    wrapped = v.warning_text("en", kind="image").upper().replace(" ", "\n   ")
    assert v.find_visible_text(wrapped) == v.warning_text("en", kind="image")
    with pytest.raises(TypeError):
        v.find_visible_text(None)  # type: ignore[arg-type]


def test_huge_text_is_fine() -> None:
    big = ("Lorem ipsum dolor sit amet, Қазақстан 2026. " * 120_000) + "\n"  # ~5 MB
    start = time.perf_counter()
    out = v.label_text(big, fmt="text", lang="kk")
    assert v.label_text(out, fmt="text", lang="kk") is out
    assert v.find_visible_text(out) == v.warning_text("kk", kind="text")
    assert v.find_visible_text(big) is None
    html_big = v.label_text("<html><body>" + big + "</body></html>", fmt="html", lang="en")
    assert html_big.count('role="note"') == 1
    assert time.perf_counter() - start < 10.0


# --------------------------------------------------------------------------------------------
# image badge
# --------------------------------------------------------------------------------------------


def test_badge_contrast_meets_wcag_aa() -> None:
    fill = _relative_luminance(v.BADGE_COLOUR)
    ratio = (1.0 + 0.05) / (fill + 0.05)
    assert ratio >= 4.5 and ratio > 15


@pytest.mark.parametrize("position", POSITIONS)
def test_badge_sits_in_its_corner_and_leaves_the_input_alone(position: str) -> None:
    rng = np.random.default_rng(1)
    img = rng.integers(0, 256, (300, 400, 3), dtype=np.uint8)
    before = img.copy()
    out = v.badge_image(img, lang="kk", position=position)  # type: ignore[arg-type]
    assert np.array_equal(img, before) and out is not img and out.shape == img.shape and out.dtype == np.uint8
    changed = np.argwhere((out != img).any(axis=2))
    (y0, x0), (y1, x1) = changed.min(axis=0), changed.max(axis=0)
    h = y1 - y0 + 1
    assert h == 18  # 6 % of 300 px
    m = round(0.3 * h)
    top, left = position.startswith("top"), position.endswith("left")
    assert (y0 == m) if top else (y1 == 300 - m - 1)
    assert (x0 == m) if left else (x1 == 400 - m - 1)
    # opaque: the centre row's padding has exactly the badge colour, whatever was below it
    mid = (y0 + y1) // 2
    assert tuple(out[mid, x0 + 3]) == v.BADGE_COLOUR or tuple(out[mid, x1 - 3]) == v.BADGE_COLOUR
    # nothing outside the badge box changed
    mask = np.zeros(img.shape[:2], bool)
    mask[y0 : y1 + 1, x0 : x1 + 1] = True
    assert np.array_equal(out[~mask], img[~mask])
    assert v.find_badge(out)
    assert not v.find_badge(img)


@pytest.mark.parametrize(
    ("shape", "size", "expected"),
    [((1000, 1000), 0.06, 60), ((100, 200), 0.06, 14), ((8000, 6000), 0.06, 256), ((1000, 1500), 0.1, 100)],
)
def test_badge_size_relative_with_limits(shape: tuple[int, int], size: float, expected: int) -> None:
    img = np.full((*shape, 3), 200, np.uint8)
    out = v.badge_image(img, lang="en", size=size)
    rows = np.flatnonzero((out != img).any(axis=(1, 2)))
    assert rows.max() - rows.min() + 1 == expected


@pytest.mark.parametrize("side", [32, 33, 40, 64])
def test_badge_on_tiny_images(side: int) -> None:
    for lang in LANGS:
        img = np.full((side, side, 3), 90, np.uint8)
        out = v.badge_image(img, lang=lang)
        assert (out != img).any()
        assert v.find_badge(out)


def test_badge_rejects_bad_input() -> None:
    with pytest.raises(ProvenanceError, match="too small"):
        v.badge_image(np.zeros((31, 100, 3), np.uint8), lang="kk")
    with pytest.raises(ProvenanceError, match="too small"):
        v.badge_image(np.zeros((200, 40, 3), np.uint8), lang="kk", text="Generated by AI")
    with pytest.raises(ValueError, match="HxWx3"):
        v.badge_image(np.zeros((64, 64), np.uint8), lang="kk")
    with pytest.raises(ValueError, match="HxWx3"):
        v.badge_image(np.zeros((64, 64, 3), np.float32), lang="kk")
    with pytest.raises(ValueError, match="position"):
        v.badge_image(np.zeros((64, 64, 3), np.uint8), lang="kk", position="centre")  # type: ignore[arg-type]
    for size in (0.0, -1.0, 0.7, float("nan")):
        with pytest.raises(ValueError, match="size"):
            v.badge_image(np.zeros((64, 64, 3), np.uint8), lang="kk", size=size)
    with pytest.raises(ValueError, match="language"):
        v.badge_image(np.zeros((64, 64, 3), np.uint8), lang="xx")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="badge text"):
        v.badge_image(np.zeros((64, 64, 3), np.uint8), lang="kk", text="   ")


def test_caption_strip_when_wide_enough() -> None:
    wide = np.full((720, 1280, 3), 180, np.uint8)
    out = v.badge_image(wide, lang="kk", kind="video", caption=True)
    changed_rows = np.flatnonzero((out != wide).any(axis=(1, 2)))
    strip_h = 43 + 2 * 13  # badge 43 px, margins 13 px
    assert changed_rows.min() == 720 - strip_h and changed_rows.max() == 719
    assert (out[720 - strip_h :, :] != wide[720 - strip_h :, :]).any(axis=2).all(axis=1).all()
    assert (out[:, :, :][720 - strip_h :].reshape(-1, 3) == np.asarray(v.BADGE_COLOUR)).all(
        axis=1
    ).mean() > 0.6
    assert v.find_badge(out)
    top = v.badge_image(wide, lang="ru", position="top-left", caption=True)
    assert np.flatnonzero((top != wide).any(axis=(1, 2))).min() == 0
    assert v.find_badge(top)
    narrow = np.full((400, 60, 3), 180, np.uint8)
    assert np.array_equal(v.badge_image(narrow, lang="kk", caption=True), v.badge_image(narrow, lang="kk"))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("shape", [(64, 96), (240, 320), (1080, 1920)])
def test_find_badge_survives_jpeg_q75(lang: v.Lang, shape: tuple[int, int]) -> None:
    rng = np.random.default_rng(hash((lang, shape)) % 2**32)
    img = (
        _natural_like(rng, *shape)
        if shape[0] <= 240
        else np.asarray(Image.fromarray(_natural_like(rng, 270, 480)).resize(shape[::-1]))
    )
    for position in POSITIONS:
        out = v.badge_image(img, lang=lang, position=position)  # type: ignore[arg-type]
        assert v.find_badge(_jpeg(out, 75)), (lang, shape, position)


def test_find_badge_custom_text_and_sizes() -> None:
    rng = np.random.default_rng(5)
    img = _natural_like(rng, 400, 600)
    custom = v.badge_image(img, lang="en", text="AI-generated", size=0.1)
    assert not v.find_badge(custom)
    assert v.find_badge(custom, texts=["AI-generated"])
    for size in (0.03, 0.2, 0.5):
        assert v.find_badge(v.badge_image(img, lang="kk", size=size, position="top-right"))


def test_find_badge_no_false_positives_on_natural_like_images() -> None:
    rng = np.random.default_rng(2026)
    false_positives = 0
    start = time.perf_counter()
    for i in range(50):
        h = int(rng.integers(48, 360))
        w = int(rng.integers(48, 480))
        img = _natural_like(rng, h, w)
        if i % 3 == 0:
            img = _jpeg(img, 75)
        false_positives += v.find_badge(img)
    assert false_positives == 0
    assert time.perf_counter() - start < 15.0
    assert not v.find_badge(np.full((200, 200, 3), v.BADGE_COLOUR, np.uint8))
    assert not v.find_badge(np.zeros((16, 16, 3), np.uint8))
    with pytest.raises(ValueError):
        v.find_badge(np.zeros((64, 64, 4), np.uint8))


def test_badge_is_fast_for_video_frames() -> None:
    frame = np.zeros((720, 1280, 3), np.uint8)
    v.badge_image(frame, lang="kk", caption=True)
    start = time.perf_counter()
    for _ in range(50):
        v.badge_image(frame, lang="kk", caption=True)
    assert (time.perf_counter() - start) / 50 < 0.05


# --------------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_label_pdf_every_page(lang: v.Lang) -> None:
    src = _make_pdf([A4, landscape(letter), (200, 300), A4])
    out = v.label_pdf(src, lang=lang)
    sentence = v.warning_text(lang, kind="pdf")
    texts = _page_texts(out)
    assert len(texts) == 4
    for i, text in enumerate(texts):
        assert f"Page {i} body text" in text
        assert text.count(sentence) == (2 if i == 0 else 1)  # header on the first page only
        assert v.warning_text(lang, kind="pdf", short=True) in text
    assert v.find_visible_pdf(out) == sentence
    assert v.find_visible_pdf(src) is None


def test_label_pdf_is_idempotent() -> None:
    src = _make_pdf([A4, A4])
    once = v.label_pdf(src, lang="kk")
    assert v.label_pdf(once, lang="kk") == once
    assert v.label_pdf(once, lang="en") == once


def test_kazakh_glyphs_are_embedded_and_extractable() -> None:
    sentence = "Әә Ғғ Ққ Ңң Өө Ұұ Үү Һһ Іі — " + v.warning_text("kk", kind="pdf")
    out = v.label_pdf(_make_pdf([A4, (300, 200)]), lang="kk", text=sentence)
    for text in _page_texts(out):
        assert sentence in text
        assert all(c in text for c in KAZAKH_LETTERS)
    reader = PdfReader(BytesIO(out))
    fonts: Any = reader.pages[1]["/Resources"]
    ours = [f.get_object() for name, f in fonts["/Font"].items() if name.startswith("/SenimAI")]
    embedded = [f for f in ours if "/FontDescriptor" in f and "/FontFile2" in f["/FontDescriptor"]]
    assert embedded, "the DejaVu subset must be embedded"
    assert all("DejaVuSans-Bold" in str(f["/BaseFont"]) for f in embedded)


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_pdf_stamp_is_upright_at_the_visual_bottom(rotation: int) -> None:
    width, height = 400.0, 600.0
    out = v.label_pdf(_make_pdf([(width, height), (width, height)], [rotation, rotation]), lang="en")
    page = PdfReader(BytesIO(out)).pages[1]
    runs = _stamp_runs(page, "document was generated")
    assert runs and all((dx, dy) == (1.0, 0.0) for dx, dy, _, _ in runs)
    _, _, x, y = runs[0]
    # the footer's baseline lies near the page edge that is displayed at the bottom
    distance = {0: y, 90: width - x, 180: height - y, 270: x}[rotation]
    assert 0 < distance < 30


def test_pdf_crop_box_offset_and_inherited_resources() -> None:
    src = _make_pdf([A4])
    writer = PdfWriter(clone_from=PdfReader(BytesIO(src)))
    page = writer.pages[0]
    page.cropbox.lower_left = (100, 200)
    page.cropbox.upper_right = (500, 700)
    # move the page's resources to its parent /Pages node (inherited, as older producers do)
    resources = page["/Resources"]
    del page[NameObject("/Resources")]
    parent: Any = page["/Parent"]
    parent.get_object()[NameObject("/Resources")] = resources
    buf = BytesIO()
    writer.write(buf)
    out = v.label_pdf(buf.getvalue(), lang="ru")
    text = _page_texts(out)[0]
    assert "Page 0 body text" in text and v.warning_text("ru", kind="pdf") in text
    runs = _stamp_runs(PdfReader(BytesIO(out)).pages[0], "документ")
    ys = sorted(y for _, _, _, y in runs)
    assert 200 < ys[0] < 230 and 670 < ys[-1] < 700  # footer and header inside the crop box


def test_pdf_without_content_stream() -> None:
    writer = PdfWriter()
    writer.add_blank_page(300, 300)
    buf = BytesIO()
    writer.write(buf)
    out = v.label_pdf(buf.getvalue(), lang="kk")
    assert v.find_visible_pdf(out) == v.warning_text("kk", kind="pdf")


def test_encrypted_pdf_is_unsupported() -> None:
    writer = PdfWriter(clone_from=PdfReader(BytesIO(_make_pdf([A4]))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    buf = BytesIO()
    writer.write(buf)
    with pytest.raises(UnsupportedFormatError, match="encrypted"):
        v.label_pdf(buf.getvalue(), lang="kk")
    with pytest.raises(UnsupportedFormatError, match="encrypted"):
        v.find_visible_pdf(buf.getvalue())


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d[: len(d) // 3],
        lambda d: d[:200],
        lambda d: b"%PDF-1.7\n" + b"\x00garbage" * 100,
        lambda d: d.replace(b"/Type /Pages", b"/Type /Pagez"),
        lambda d: b"%PDF-1.4\n%%EOF",
    ],
)
def test_corrupt_pdf_gives_corrupt_media_error(damage: Any) -> None:
    broken = damage(_make_pdf([A4, A4]))
    with pytest.raises(CorruptMediaError, match="PDF"):
        v.label_pdf(broken, lang="en")


def test_not_a_pdf_and_bad_arguments() -> None:
    with pytest.raises(UnsupportedFormatError, match="not a PDF"):
        v.label_pdf(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, lang="kk")
    with pytest.raises(UnsupportedFormatError, match="not a PDF"):
        v.find_visible_pdf(b"")
    with pytest.raises(ValueError, match="language"):
        v.label_pdf(_make_pdf([A4]), lang="de")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="printable"):
        v.label_pdf(_make_pdf([A4]), lang="kk", text="bad\x00text")


def test_many_pages_are_quick() -> None:
    src = _make_pdf([A4] * 60 + [landscape(A4)] * 20)
    start = time.perf_counter()
    out = v.label_pdf(src, lang="kk")
    assert time.perf_counter() - start < 5.0
    texts = _page_texts(out)
    assert all(v.warning_text("kk", kind="pdf") in t for t in texts[::7])


# --------------------------------------------------------------------------------------------
# audio
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rate", [8000, 16000, 22050, 44100, 48000, 96000])
@pytest.mark.parametrize("channels", [1, 2, 6])
def test_audible_notice_shape_level_and_detection(rate: int, channels: int) -> None:
    notice = v.audible_notice(rate, channels, lang="kk")
    assert notice.dtype == np.float32 and notice.shape == (round(1.2 * rate), channels)
    assert np.array_equal(notice[:, 0], notice[:, -1])
    peak = float(np.abs(notice).max())
    assert 0.2 < peak <= 0.26  # about -12 dBFS: moderate
    assert abs(float(notice[0, 0])) < 1e-3 and abs(float(notice[-1, 0])) < 1e-3  # faded in and out
    rms = float(np.sqrt(np.mean(notice[:, 0].astype(np.float64) ** 2)))
    assert 0.05 < rms < 0.15
    assert v.find_audible_notice(notice, rate)


def test_audible_notice_is_the_same_in_every_language() -> None:
    ref = v.audible_notice(16000, 1, lang="kk")
    assert all(np.array_equal(ref, v.audible_notice(16000, 1, lang=lang)) for lang in LANGS)
    with pytest.raises(ValueError, match="language"):
        v.audible_notice(16000, 1, lang="uz")  # type: ignore[arg-type]


def test_find_audible_notice_in_a_recording() -> None:
    rate = 44100
    rng = np.random.default_rng(3)
    notice = v.audible_notice(rate, 2, lang="en")
    speech_like = (
        rng.standard_normal((rate * 3, 2)) * np.abs(np.sin(np.arange(rate * 3) / 2000))[:, None] * 0.2
    )
    delayed = np.concatenate([np.zeros((2112, 2)), notice, speech_like]).astype(np.float32)
    assert v.find_audible_notice(delayed, rate)
    assert v.find_audible_notice(delayed * 0.05, rate)  # quieter
    as_int16 = (np.clip(delayed, -1, 1) * 32767).astype(np.int16)
    assert v.find_audible_notice(as_int16, rate)
    noisy = delayed + (rng.standard_normal(delayed.shape) * 0.01).astype(np.float32)
    assert v.find_audible_notice(noisy, rate)
    assert v.find_audible_notice(delayed[:, 0], rate)  # mono view


def test_find_audible_notice_false_positives() -> None:
    rate = 16000
    rng = np.random.default_rng(4)
    t = np.arange(rate * 3) / rate
    f1, f2, f3 = v.NOTICE_FREQUENCIES
    candidates = [
        np.zeros(rate * 3),
        rng.standard_normal(rate * 3) * 0.1,
        0.3 * np.sin(2 * np.pi * f1 * t),
        0.1 * (np.sin(2 * np.pi * f1 * t) + np.sin(2 * np.pi * f2 * t) + np.sin(2 * np.pi * f3 * t)),
        0.3 * np.sin(2 * np.pi * 440 * t) * np.sin(2 * np.pi * 3 * t),
        np.concatenate([v.audible_notice(rate, 1, lang="kk")[::-1, 0], np.zeros(rate)]),  # reversed
        np.concatenate([np.zeros(rate), v.audible_notice(rate, 1, lang="kk")[:, 0]]),  # not at the start
        v.audible_notice(rate, 1, lang="kk")[: rate // 2, 0],  # too short
    ]
    for _ in range(10):
        tones = rng.uniform(200, 3000, 6)
        melody = np.concatenate([0.2 * np.sin(2 * np.pi * f * t[: rate // 2]) for f in tones])
        candidates.append(melody)
    assert not any(v.find_audible_notice(c, rate) for c in candidates)


def test_audio_bad_arguments() -> None:
    for rate in (0, 3999, 10**6, 44100.0, True):
        with pytest.raises(ValueError, match="sample rate"):
            v.audible_notice(rate, 1, lang="kk")  # type: ignore[arg-type]
    for channels in (0, 65, 1.5):
        with pytest.raises(ValueError, match="channels"):
            v.audible_notice(16000, channels, lang="kk")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="shape"):
        v.find_audible_notice(np.zeros((10, 2, 2)), 16000)
    assert not v.find_audible_notice(np.full(48000, np.nan), 16000)
