"""A text as plain text and JSON (``/texts/<slug>/<slug>.txt``, ``.json``), and the registers
as data (``/data/``). The JSON's shape is ``data/text.schema.json``."""

from __future__ import annotations

import json
from typing import Any

from ..annotate.glossary import Entry
from ..model import PARAGRAPH_KINDS, Document, Inline
from ..sources import Text
from .citation import edition_citation, plain
from .spans import Rich, enriched_inline, pages_of

SCHEMA_URL = "text.schema.json"
DATA_SPANS = ("person", "term", "note", "printed-note", "page", "correction", "supplied", "gap", "emphasis")


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1) + "\n"


def span_data(inline: Inline) -> list[dict]:
    out = []
    for span in inline.spans:
        if span.kind not in DATA_SPANS:
            continue
        item = {"kind": span.kind, "start": span.start, "end": span.end}
        for key in ("id", "n", "inferred", "kind", "raw", "reading", "reason", "line", "first", "last"):
            if key in span.attrs:
                item["correction" if key == "kind" else key] = span.attrs[key]
        if span.kind == "correction":
            item["lines"] = list(span.lines)
        out.append(item)
    return out


def page_label(first: str, last: str) -> str:
    return first if first == last or not last else f"{first}–{last}"


def text_json(text: Text, doc: Document, edition: dict, rel: dict, glossary: list[Entry],
              rich: list[Rich]) -> str:
    """The JSON of one text; `rich` is its blocks with the data's spans (``spans.enriched``,
    made once for the TEI, the JSON and the plain text)."""
    pages = pages_of(rich)
    paragraphs, headings = [], []
    for index, item in enumerate(rich):
        block = item.block
        if block.kind == "heading":
            headings.append(block.text)
            continue
        if block.kind not in PARAGRAPH_KINDS:
            continue
        text_parts = item.parts
        joined, spans, offset = [], [], 0
        for part in text_parts:
            for span in span_data(part):
                spans.append({**span, "start": span["start"] + offset, "end": span["end"] + offset})
            joined.append(part.text)
            offset += len(part.text) + 1
        first, last = pages[index]
        paragraphs.append({
            "id": block.id, "number": block.number, "kind": block.kind,
            "page": page_label(first, last) or None,
            "headings": headings, "text": " ".join(joined), "spans": spans,
        })
        headings = []
    notes = []
    for key, note in doc.notes.items():
        part = enriched_inline(note, glossary)
        notes.append({"id": f"fn:{key}", "n": key, "text": part.text, "spans": span_data(part)})
    cite = edition_citation(text, edition, rel)
    data = {
        "$schema": SCHEMA_URL,
        "slug": text.slug,
        "title": text.meta["title"],
        "creator": text.meta["creator"],
        "date": text.meta["date_display"],
        "rights": plain(text.meta["rights"]),
        "edition": {"name": edition["name"], "version": rel["version"], "date": rel["date"],
                    "url": cite["url"], "citation": plain(cite["note"])},
        "paragraphs": paragraphs,
        "notes": notes,
    }
    return dumps(data)


def text_txt(text: Text, doc: Document, edition: dict, rel: dict, rich: list[Rich]) -> str:
    """One paragraph a block: ``¶ N [p. P]`` and its text; headings as they are; then notes.
    `rich`: as for :func:`text_json` (only its text and pages are read)."""
    pages = pages_of(rich)
    cite = edition_citation(text, edition, rel)
    lines = [text.meta["title"], "", plain(cite["note"]), f"Version {rel['version']}, {rel['date']}.",
             "Each paragraph: its number (¶), the page(s) of the original (numbers in square",
             "brackets are inferred by the editors), its text.", ""]
    if doc.title.text:
        lines += [doc.title.text, ""]
    for index, item in enumerate(rich):
        block = item.block
        body = " ".join(part.text for part in item.parts)
        if block.kind == "heading":
            lines += [body.upper() if block.level <= 2 else body, ""]
        elif block.kind in PARAGRAPH_KINDS:
            first, last = pages[index]
            page = f" [p. {page_label(first, last)}]" if first or last else ""
            lines += [f"¶ {block.number}{page} {body}", ""]
        elif body:
            lines += [body, ""]
    if doc.notes:
        lines += ["NOTES", ""]
        lines += [f"{key}. {note.text}" for key, note in doc.notes.items()]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def people_json(people: list[dict], mentions: list) -> str:
    where: dict[str, dict[str, list[str]]] = {}
    for mention in mentions:
        places = where.setdefault(mention.person, {}).setdefault(mention.slug, [])
        if mention.anchor not in places:
            places.append(mention.anchor)
    return dumps([{**{k: v for k, v in person.items()}, "mentions": where.get(person["id"], {})}
                  for person in people])


def glossary_json(glossary: list[Entry], occurs: dict) -> str:
    return dumps([{"id": e.id, "term": e.term, "kind": e.kind, "gloss": e.gloss, "definition": e.definition,
                   "forms": list(e.forms), "language": e.language, "see": list(e.see),
                   "occurs": occurs.get(e.id, {})} for e in glossary])


def iso(date) -> str | None:
    if date is None:
        return None
    return "-".join(f"{part:02d}" if i else f"{part:04d}" for i, part in enumerate((date.year, date.month, date.day)) if part)


def timeline_json(timeline) -> str:
    return dumps([{"id": e.id, "date": iso(e.date), "end": iso(e.end), "event": e.event,
                   "note": e.note, "passages": [str(p) for p in e.passages]} for e in timeline])


def crossrefs_json(crossrefs) -> str:
    return dumps([{"a": str(c.a), "b": str(c.b), "relation": c.relation, "label": c.label} for c in crossrefs])
