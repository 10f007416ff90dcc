"""Assessments as Markdown (for pull requests, wikis and tickets)."""

from __future__ import annotations

from collections.abc import Sequence

from senim.i18n import translator
from senim.law.engine import Assessment, PackResult
from senim.reports.text import display_value

__all__ = ["assessment_markdown", "assessments_markdown"]


def _cell(text: object) -> str:
    return str(text if text is not None else "—").replace("|", "\\|").replace("\n", " ")


def _classification(result: PackResult, _: object) -> str:
    parts = [f"{k} = **{_cell(display_value(v))}**" for k, v in result.classification.items()]
    return ", ".join(parts)


def _pack_markdown(result: PackResult, lang: str) -> list[str]:
    _ = translator(lang)
    out = [f"### {result.title} (`{result.pack}@{result.version}`)", ""]
    if result.in_scope is False:
        out += [_("Out of scope."), ""]
        return out
    if result.classification:
        out += [f"**{_('Classification')}:** {_classification(result, _)}", ""]
    if result.prohibited:
        out += [
            f"#### {_('Prohibited practices')}",
            "",
            f"| {_('Rule')} | {_('Article')} | {_('Title')} | {_('Why')} |",
            "|---|---|---|---|",
        ]
        out += [
            f"| {f.rule} | {_cell(f.article)} | {_cell(f.title)} | {_cell(f.why)} |"
            for f in result.prohibited
        ]
        out.append("")
    if result.obligations:
        out += [
            f"#### {_('Obligations')}",
            "",
            f"| {_('Rule')} | {_('Article')} | {_('Title')} | {_('Status')} | {_('Due')} | {_('Why')} |",
            "|---|---|---|---|---|---|",
        ]
        out += [
            f"| {f.rule} | {_cell(f.article)} | {_cell(f.title)} | {_(f.status or '')} | "
            f"{_cell(f.due.isoformat() if f.due else (f.clock or None))} | {_cell(f.why)} |"
            for f in result.obligations
        ]
        out.append("")
    if result.open_questions:
        out += [f"#### {_('Open questions')}", ""]
        out += [
            f"- `{q.field}`: {_cell(q.question)} ({', '.join(q.needed_by)})" for q in result.open_questions
        ]
        out.append("")
    if result.manual_review:
        out += [f"#### {_('Manual review')}", ""]
        out += [f"- **{f.rule}** ({f.article}): {_cell(f.reason)}" for f in result.manual_review]
        out.append("")
    return out


def assessment_markdown(assessment: Assessment) -> str:
    """One system's assessment as a Markdown section."""
    _ = translator(assessment.lang)
    out = [f"## {assessment.system}", "", f"{_('Assessed as of')} {assessment.as_of.isoformat()}.", ""]
    for result in assessment.results:
        out += _pack_markdown(result, assessment.lang)
    return "\n".join(out)


def assessments_markdown(assessments: Sequence[Assessment]) -> str:
    """Several assessments as one Markdown document."""
    lang = assessments[0].lang if assessments else "en"
    _ = translator(lang)
    head = [f"# {_('Senim assessment')}", "", f"_{_('A working aid, not legal advice.')}_", ""]
    return "\n".join(head) + "\n" + "\n\n".join(assessment_markdown(a) for a in assessments) + "\n"
