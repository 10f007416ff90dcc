"""Rich renderings for the terminal."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from senim.i18n import translator
from senim.law.engine import Assessment, PackResult
from senim.law.packs import CompiledPack
from senim.reports.text import display_value


def _plain(*cells: str) -> list[Text]:
    """Cells as plain text: law titles and answers like "[owner, holder]" are not Rich markup."""
    return [Text(c) for c in cells]


_STATUS_STYLE = {"met": "green", "unmet": "bold red", "unknown": "yellow", "not_yet_applicable": "cyan"}


def _pack_block(result: PackResult, lang: str) -> RenderableType:
    _ = translator(lang)
    parts: list[RenderableType] = []
    head = Text()
    head.append(f"{result.title} ", style="bold")
    head.append(f"{result.pack}@{result.version}", style="dim")
    parts.append(head)
    if result.in_scope is False:
        parts.append(Text(_("Out of scope."), style="dim"))
        return Group(*parts)
    if result.classification:
        cls = Text(f"{_('Classification')}: ")
        for i, (k, v) in enumerate(result.classification.items()):
            if i:
                cls.append(", ")
            cls.append(f"{k}=")
            cls.append(display_value(v, joiner="/"), style="bold")
        parts.append(cls)
    if result.prohibited:
        t = Table(title=_("Prohibited practices"), box=box.SIMPLE_HEAVY, title_style="bold red", expand=True)
        t.add_column(_("Rule"), no_wrap=True)
        t.add_column(_("Article"), no_wrap=True)
        t.add_column(_("Title"))
        t.add_column(_("Why"))
        for f in result.prohibited:
            t.add_row(*_plain(f.rule, f.article, f.title, f.why))
        parts.append(t)
    if result.obligations:
        t = Table(title=_("Obligations"), box=box.SIMPLE, expand=True)
        t.add_column(_("Rule"), no_wrap=True)
        t.add_column(_("Article"), no_wrap=True)
        t.add_column(_("Title"))
        t.add_column(_("Status"), no_wrap=True)
        t.add_column(_("Due"), no_wrap=True)
        for f in result.obligations:
            status = f.status or ""
            due = f.due.isoformat() if f.due else (f.clock or "")
            t.add_row(
                *_plain(f.rule, f.article, f.title),
                Text(_(status), style=_STATUS_STYLE.get(status, "")),
                Text(due),
            )
        parts.append(t)
    if result.open_questions:
        t = Table(title=_("Open questions"), box=box.SIMPLE, expand=True, title_style="yellow")
        t.add_column(_("Field"), no_wrap=True)
        t.add_column(_("Question"))
        t.add_column(_("Needed by"))
        for q in result.open_questions:
            t.add_row(*_plain(q.field, q.question, ", ".join(q.needed_by)))
        parts.append(t)
    if result.manual_review:
        t = Table(title=_("Manual review"), box=box.SIMPLE, expand=True, title_style="magenta")
        t.add_column(_("Rule"), no_wrap=True)
        t.add_column(_("Article"), no_wrap=True)
        t.add_column(_("Reason"))
        for f in result.manual_review:
            t.add_row(*_plain(f.rule, f.article, f.reason or ""))
        parts.append(t)
    return Group(*parts)


def print_assessments(console: Console, assessments: Sequence[Assessment]) -> None:
    for a in assessments:
        _ = translator(a.lang)
        blocks = [_pack_block(r, a.lang) for r in a.results]
        console.print(
            Panel(
                Group(*blocks),
                title=f"[bold]{a.system}[/bold]",
                subtitle=f"{_('as of')} {a.as_of.isoformat()}",
                expand=True,
            )
        )


def packs_table(packs: Sequence[CompiledPack], lang: str, default_refs: set[str]) -> Table:
    _ = translator(lang)
    t = Table(box=box.SIMPLE, expand=True)
    for col in (_("Pack"), _("Version"), _("Status"), _("Valid"), _("Rules")):
        t.add_column(col, no_wrap=True)
    t.add_column(_("Title"), ratio=1)
    for p in packs:
        valid = f"{p.valid_from.isoformat()} – {p.valid_to.isoformat() if p.valid_to else '…'}"
        status = p.status + (" *" if p.ref in default_refs else "")
        t.add_row(*_plain(p.id, p.version, status, valid, str(len(p.rules)), p.title.get(lang)))
    return t


def rules_table(pack: CompiledPack, lang: str) -> Table:
    _ = translator(lang)
    t = Table(title=f"{pack.title.get(lang)} — {pack.ref}", box=box.SIMPLE, expand=True)
    t.add_column(_("Rule"), no_wrap=True)
    t.add_column(_("Article"), no_wrap=True)
    t.add_column(_("Effect"), no_wrap=True)
    t.add_column(_("Title"))
    t.add_column(_("From"), no_wrap=True)
    t.add_column(_("Mark"), no_wrap=True)
    for r in pack.rules:
        t.add_row(
            r.id, r.article, r.effect, r.title.get(lang), r.effective_from.isoformat(), f"[{r.verification}]"
        )
    return t


def summary_table(assessments: Sequence[Assessment]) -> Table:
    """One line per system: each pack's headline classification and counts of what needs action."""
    lang = assessments[0].lang if assessments else "en"
    _ = translator(lang)
    t = Table(title=_("Summary"), box=box.SIMPLE_HEAVY, expand=True)
    t.add_column(_("System"), no_wrap=True)
    packs = [r.pack for r in assessments[0].results] if assessments else []
    for pack in packs:
        t.add_column(pack)
    for a in assessments:
        cells = [Text(a.system, style="bold")]
        for r in a.results:
            cells.append(_summary_cell(r, _))
        t.add_row(*cells)
    return t


def _summary_cell(r: PackResult, _: Callable[[str], str]) -> Text:
    if r.in_scope is False:
        return Text(_("out of scope"), style="dim")
    head = ", ".join(
        display_value(v, joiner="/") for k, v in r.classification.items() if k in _HEADLINE and v is not None
    )
    text = Text(head or "?")
    unmet = sum(1 for o in r.obligations if o.status == "unmet")
    if r.prohibited:
        text.append(f"\n{len(r.prohibited)} {_('prohibited')}", style="bold red")
    if unmet:
        text.append(f"\n{unmet} {_('unmet')}", style="red")
    if r.open_questions:
        text.append(f"\n{len(r.open_questions)} {_('open questions')}", style="yellow")
    if r.manual_review:
        text.append(f"\n{len(r.manual_review)} {_('to review')}", style="magenta")
    return text


_HEADLINE = {"risk_level", "autonomy_level", "risk_tier", "annex_iii", "operator_size_class"}
