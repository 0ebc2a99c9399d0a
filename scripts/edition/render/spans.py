"""The spans the open-data formats (TEI, JSON) write beyond those the pages show.

The document model already holds every recorded correction where its reading stands (a
``correction`` span of each kind, with the ``supplied`` and ``gap`` spans inside a
conjecture's brackets: ``cleanup.corrections``). The data add a ``term`` span (``id``) over
each form of a glossary entry (whole words,
:func:`annotate.glossary.forms_regex`); a term may cross a correction's edge (the TEI writer
splits it there, ``model.split_crossing``).

The pages show the same ``term`` spans as tooltips (:func:`glossed`, :func:`glossed_document`).

Nothing here changes a document: every block's runs are copied, spans and all.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..annotate.glossary import Entry, forms_regex, term_owner
from ..model import Block, Document, Inline, Span, deep_copy, every_inline


@dataclass
class Rich:
    """A block's runs with the data's spans."""

    block: Block
    parts: list[Inline]


def copied(inline: Inline) -> Inline:
    return Inline(inline.text, [replace(span, attrs=dict(span.attrs)) for span in inline.spans], inline.depth)


def overlaps(spans: list[Span], start: int, end: int) -> bool:
    """Whether [start, end) crosses a span with text (a span wholly inside or around is fine)."""
    for span in spans:
        if span.start == span.end:
            continue
        inside = span.start >= start and span.end <= end
        around = span.start <= start and span.end >= end
        if not (inside or around or span.end <= start or span.start >= end):
            return True
    return False


def add_terms(inline: Inline, owner: dict[str, str]) -> None:
    """A ``term`` span over each form of ``owner`` ({form: entry id}) in the run."""
    if not owner:
        return
    others = [s for s in inline.spans if s.kind != "correction"]  # once a run, not once a match
    for match in forms_regex(list(owner)).finditer(inline.text):
        if not overlaps(others, match.start(), match.end()):
            term = Span("term", match.start(), match.end(), {"id": owner[match.group()]})
            inline.spans.append(term)
            others.append(term)


def sort_spans(inline: Inline) -> None:
    inline.spans.sort(key=lambda s: (s.start, s.end > s.start, -s.end))


def enriched(doc: Document, glossary: list[Entry]) -> list[Rich]:
    """Every block of the document with the data's spans (see the module's docstring)."""
    out = []
    owner = term_owner(glossary)  # once a document, not once a run
    for block in doc.blocks:
        parts = [copied(part) for part in block.parts()]
        for part in parts:
            add_terms(part, owner)
            sort_spans(part)
        out.append(Rich(block, parts))
    return out


def enriched_inline(inline: Inline, glossary: list[Entry]) -> Inline:
    part = copied(inline)
    add_terms(part, term_owner(glossary))
    sort_spans(part)
    return part


def glossed(inline: Inline, glossary: list[Entry] | tuple[Entry, ...]) -> Inline:
    """A copy of the run with its ``term`` spans, each carrying its entry's gloss: the page's
    tooltips (``render.inline`` writes them as ``<abbr title>``), found by the one matching
    rule of the data (:func:`add_terms`)."""
    part = copied(inline)
    _gloss_terms(part, *_glossing(glossary))
    return part


def glossed_document(doc: Document, glossary: list[Entry] | tuple[Entry, ...]) -> Document:
    """A copy of the document whose every run (title, blocks, notes, memcon header) has its
    glossed ``term`` spans (:func:`glossed`); the document itself is unchanged."""
    out = deep_copy(doc)
    owner, glosses = _glossing(glossary)
    for run in every_inline(out):  # a block's run shares the block's span list
        _gloss_terms(run, owner, glosses)
    return out


# The last glossary's forms and glosses: a page asks for them once a run of its see-also
# notes (hundreds), and making them was half the time of glossing one.
_last_glossing: list = [None, ({}, {})]


def _glossing(glossary: list[Entry] | tuple[Entry, ...]) -> tuple[dict[str, str], dict[str, str]]:
    """The entry of each form ({form: id}) and the gloss of each entry ({id: gloss}); kept
    for a glossary that cannot change (a tuple of frozen entries, the site's), by identity."""
    if _last_glossing[0] is glossary:
        return _last_glossing[1]
    made = term_owner(glossary), {entry.id: entry.gloss for entry in glossary}
    if isinstance(glossary, tuple):
        _last_glossing[:] = [glossary, made]
    return made


def _gloss_terms(inline: Inline, owner: dict[str, str], glosses: dict[str, str]) -> None:
    add_terms(inline, owner)
    for span in inline.of("term"):
        span.attrs["gloss"] = glosses[span.attrs["id"]]
    sort_spans(inline)


def pages_of(rich: list[Rich]) -> dict[int, tuple[str, str]]:
    """The page each block begins on and the last page it reaches, by block index
    (an inferred number in square brackets): {index: (first, last)}."""
    current, out = "", {}
    for index, item in enumerate(rich):
        first = None
        last = current
        for part in item.parts:
            for span in part.spans:
                if span.kind == "page":
                    label = f"[{span.attrs['n']}]" if span.attrs.get("inferred") else str(span.attrs["n"])
                    if span.start == 0 and first is None and part is item.parts[0]:
                        first = label
                    last = label
        out[index] = (first or current, last)
        current = last
    return out
