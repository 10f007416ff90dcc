"""Accessibility smoke checks in the browser: labels, heading order, keyboard use of the language switch.

Checked on the rendered DOM (what assistive technology reads), for the main pages in the three
languages: every form control has an accessible name from a ``label`` (or ``aria-label`` /
``aria-labelledby``), each page has one ``h1`` first and no heading level skipped on the way down,
``<html lang>`` is the page's language, and the language switch and skip link work with Tab and Enter.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from senim.i18n import translator
from senim.web.questionnaire import questionnaire
from tests.e2e.conftest import Server, sign_in

CREDIT = "retail-credit-scoring"

# Controls without an accessible name (label element, wrapping label, aria-label(ledby), title).
UNLABELLED_JS = """() => {
  const named = (el) => {
    if (el.labels && Array.from(el.labels).some(l => l.textContent.trim())) return true;
    if ((el.getAttribute('aria-label') || '').trim()) return true;
    const by = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
    const text = (id) => (document.getElementById(id) || {textContent: ''}).textContent.trim();
    if (by.some(text)) return true;
    return Boolean((el.getAttribute('title') || '').trim());
  };
  const skip = new Set(['hidden', 'submit', 'button', 'reset', 'image']);
  return Array.from(document.querySelectorAll('input, select, textarea'))
    .filter(el => !skip.has((el.getAttribute('type') || '').toLowerCase()))
    .filter(el => !named(el))
    .map(el => el.outerHTML.slice(0, 160));
}"""

HEADINGS_JS = """() => Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'))
  .map(h => [Number(h.tagName[1]), h.innerText.trim().slice(0, 60)])"""


def _pages(server: Server) -> list[str]:
    system = f"/systems/{server.system(CREDIT)}"
    pages = [
        "/",
        "/systems",
        "/systems/new",
        "/account",
        system,
        f"{system}/obligations",
        f"{system}/risks",
        f"{system}/incidents",
        f"{system}/results",
        f"{system}/history",
        f"{system}/ledger",
        "/public",
    ]
    pages += [f"{system}/wizard/{topic.key}" for topic in questionnaire()]
    return pages


def _heading_problems(levels: list[list[Any]]) -> list[str]:
    problems = []
    if not levels:
        return ["no heading"]
    if levels[0][0] != 1:
        problems.append(f"first heading is h{levels[0][0]} ({levels[0][1]!r}), not h1")
    ones = [text for level, text in levels if level == 1]
    if len(ones) != 1:
        problems.append(f"{len(ones)} h1 headings: {ones}")
    for (before, _t), (level, text) in itertools.pairwise(levels):
        if level > before + 1:
            problems.append(f"h{before} followed by h{level} ({text!r})")
    return problems


@pytest.mark.parametrize("lang", ["en", "kk", "ru"])
def test_labels_headings_and_lang_on_main_pages(page: Any, server: Server, lang: str) -> None:
    problems: dict[str, list[str]] = {}

    def check(path: str) -> None:
        response = page.goto(path + ("&" if "?" in path else "?") + f"lang={lang}")
        assert response is not None and response.ok, (path, response and response.status)
        found = [f"no label: {html}" for html in page.evaluate(UNLABELLED_JS)]
        found += _heading_problems(page.evaluate(HEADINGS_JS))
        if page.get_attribute("html", "lang") != lang:
            found.append(f"html lang={page.get_attribute('html', 'lang')!r}")
        if page.locator("main#main").count() != 1:
            found.append("no <main id=main> landmark")
        if found:
            problems[path] = found

    check("/login")  # before signing in
    public = page.locator("main a[href^='/public/']")
    check("/public")
    org_page = public.first.get_attribute("href")
    assert org_page
    check(org_page)
    sign_in(page, server, "compliance_officer")
    for path in _pages(server):
        check(path)
    assert not problems, "\n".join(f"{p}: {'; '.join(v)}" for p, v in problems.items())


def _tab_to(page: Any, selector: str, limit: int = 60) -> int:
    """Press Tab until ``selector`` has the focus; returns the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"{selector} never received the focus with Tab")


def test_keyboard_skip_link_and_language_switch(page: Any, server: Server) -> None:
    sign_in(page, server, "engineer")
    page.goto("/?lang=en")
    # The first Tab stop is the skip link, visible when focused; Enter moves to the main content.
    assert _tab_to(page, "a.skip-link") == 1
    assert page.locator("a.skip-link").is_visible()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "no visible focus outline"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    for lang in ("ru", "kk"):
        page.evaluate("document.activeElement && document.activeElement.blur()")
        page.evaluate("window.scrollTo(0, 0)")
        _tab_to(page, f".lang-nav a[hreflang={lang}]")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.get_attribute("html", "lang") == lang
        _ = translator(lang)
        assert page.inner_text("h1").strip().startswith(_("Dashboard"))
        assert page.get_attribute(f".lang-nav a[hreflang={lang}]", "aria-current") == "true"


def test_the_checks_catch_what_they_look_for(page: Any) -> None:
    """The checks above can fail: an unlabelled control and a skipped heading level are reported."""
    page.set_content(
        "<h1>T</h1><h3>skipped h2</h3><label for=a>A</label><input id=a>"
        "<label>B <input name=b></label><input name=c aria-label=C><input name=d><select name=e></select>"
    )
    unlabelled = page.evaluate(UNLABELLED_JS)
    assert len(unlabelled) == 2 and 'name="d"' in unlabelled[0] and 'name="e"' in unlabelled[1]
    assert _heading_problems(page.evaluate(HEADINGS_JS)) == ["h1 followed by h3 ('skipped h2')"]
    assert _heading_problems([[2, "x"], [1, "y"], [1, "z"]]) == [
        "first heading is h2 ('x'), not h1",
        "2 h1 headings: ['y', 'z']",
    ]
