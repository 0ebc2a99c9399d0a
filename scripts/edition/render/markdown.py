"""Write the generated Markdown pages from documents, through Jinja templates.

The markup lives in ``scripts/edition/templates/``; this module only prepares values.
Generated pages carry a comment saying so, and are committed (DESIGN §4).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from html import escape
from itertools import groupby
from pathlib import Path
from typing import Any

import jinja2

from ..annotate.glossary import Entry, abbreviations
from ..annotate.passages import Passage
from ..contexts import Connections, SiteContext
from ..model import PAGE_RE, PARAGRAPH_KINDS, SIC_RE, Document
from ..sources import Text
from .citation import edition_citation, head_metadata

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def page_marker(match) -> str:
    """HTML for a page mark: a visible, linkable marker at the point where the page begins."""
    number, inferred = match.group(1), bool(match.group(2))
    if inferred:
        label, title, css = f"[{number}]", f"Page {number} begins (number inferred)", " inferred"
    else:
        label, title, css = number, f"Page {number} begins", ""
    return (
        f'<a class="page-marker{css}" id="page-{number}" href="#page-{number}" '
        f'title="{title}">{label}</a>'
    )


def sic(match) -> str:
    """HTML for a corrected slip of the typist or author: flagged, the raw form on hover."""
    reading, raw = match.group(1), match.group(2)
    title = escape(f"Corrected by the editors; the source reads “{raw}”", quote=True)
    return f'<span class="sic" title="{title}">{reading}</span>'


def inline(text: str) -> str:
    """Block text to Markdown: page marks become anchors, flagged corrections spans."""
    return SIC_RE.sub(sic, PAGE_RE.sub(page_marker, text))


def paragraph_at(blocks: list[tuple[int | None, Any]], line: int) -> int | None:
    """The number of the paragraph that holds raw line `line` (the last one starting at or
    before it)."""
    found = None
    for n, block in blocks:
        if n is not None and block.line and block.line <= line:
            found = n
    return found


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The templates' environment, made once (compiling templates is the dear part)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["inline"] = inline
    return env


def numbered_blocks(doc: Document) -> list[tuple[int | None, Any]]:
    """Pair each block with its paragraph number (None for headings and the like)."""
    out = []
    n = 0
    for block in doc.blocks:
        if block.kind in PARAGRAPH_KINDS:
            n += 1
            out.append((n, block))
        else:
            out.append((None, block))
    return out


def furniture_summary(doc: Document) -> list[dict[str, Any]]:
    groups: dict[str, list] = defaultdict(list)
    for item in doc.record.furniture:
        groups[item.category].append(item)
    return [
        {"category": category, "count": len(items), "items": items}
        for category, items in sorted(groups.items())
    ]


# How the identifiers of source.yaml are labelled on the page.
IDENTIFIER_LABELS = {
    "classification": "Classification",
    "declassification": "Declassification",
    "printed_as": "Printed as",
    "frus": "FRUS",
    "frus_url": "FRUS online",
    "full_text": "Full text",
}


def at_paragraphs(by_passage: dict, slug: str) -> dict[int, list]:
    """The entries of one text from a mapping keyed by passage, by paragraph number."""
    return {passage.number: items for passage, items in by_passage.items() if passage.slug == slug}


def render_text(text: Text, doc: Document, site: SiteContext, aliases: dict[str, list[str]],
                connections: Connections) -> str:
    """The Markdown page of one text. `site` gives the edition, its release and every text's
    short title and label; `aliases` the old anchors that must resolve to each current one;
    `connections` the cross-references and the events of the timeline, by passage."""
    blocks = numbered_blocks(doc)
    return environment().get_template("text.md.j2").render(
        titles=site.titles,
        labels=site.labels,
        see_also=at_paragraphs(connections.see_also, text.slug),
        events_at=at_paragraphs(connections.events, text.slug),
        raw_lines=text.raw.split("\n"),
        release=site.release,
        cite=edition_citation(text, site.edition, site.release),
        head=head_metadata(text, site.edition, site.release),
        aliases=aliases,
        identifier_labels=IDENTIFIER_LABELS,
        meta=text.meta,
        slug=text.slug,
        doc=doc,
        blocks=blocks,
        corrections=[(entry, paragraph_at(blocks, entry["line"])) for entry in doc.record.corrections],
        furniture=furniture_summary(doc),
        fixers=sorted(doc.record.fixer_counts.items()),
        examples=doc.record.fixer_examples,
    )


def render_home(edition: dict, texts: list[Text]) -> str:
    return environment().get_template("home.md.j2").render(edition=edition, texts=texts)


def render_people(people: list[dict], mentions: list, texts: list[Text]) -> dict[Path, str]:
    """A page per person and the A–Z index, as {path: content}."""
    titles_of = {t.slug: t.meta["short_title"] for t in texts}
    order = [t.slug for t in texts]
    by_person: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for m in mentions:
        by_person[m.person][m.slug].append(m)
    env = environment()
    pages: dict[Path, str] = {}
    for person in people:
        groups = [(slug, by_person[person["id"]][slug]) for slug in order if by_person[person["id"]].get(slug)]
        pages[Path("docs/people") / f"{person['id']}.md"] = env.get_template("person.md.j2").render(
            person=person, groups=groups, titles_of=titles_of, names={p["id"]: p["name"] for p in people})
    ordered = sorted(people, key=lambda p: p["sort"].lower())
    letters: dict[str, list] = defaultdict(list)
    for person in ordered:
        letters[person["sort"][0].upper()].append(person)
    counts = {p["id"]: {slug: len(ms) for slug, ms in by_person[p["id"]].items()} for p in people}
    pages[Path("docs/people/index.md")] = env.get_template("people_index.md.j2").render(
        people=people, letters=sorted(letters.items()), counts=counts, titles_of=titles_of,
        columns=[(t.slug, t.meta["label"]) for t in texts])
    return pages


def render_changelog(changelog: Sequence[dict]) -> str:
    return environment().get_template("changelog.md.j2").render(changelog=changelog)


def render_glossary(connections: Connections, site: SiteContext) -> str:
    """The glossary page: every entry, defined, with the passages it occurs in."""
    entries = connections.glossary
    ordered = sorted(entries, key=lambda entry: sort_key(entry.term))
    letters = [(letter, list(group)) for letter, group in groupby(ordered, key=lambda e: initial(e.term))]
    return environment().get_template("glossary.md.j2").render(
        letters=letters, occurs=connections.occurs, labels=site.labels, titles=site.titles,
        terms={entry.id: entry.term for entry in entries},
    )


def sort_key(term: str) -> str:
    """Dictionary order: case and accents ignored.

    >>> sorted(["diktat", "Détente", "CC"], key=sort_key)
    ['CC', 'Détente', 'diktat']
    """
    decomposed = unicodedata.normalize("NFKD", term.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def initial(term: str) -> str:
    """The section of the glossary a term is listed under: its letter, or 0–9."""
    first = sort_key(term)[0]
    return "0–9" if first.isdigit() else first.upper()


def render_timeline(connections: Connections, site: SiteContext) -> str:
    """The timeline page: the events by year, each with the passages that treat it."""
    years = [
        (year, [(event, by_text(event.passages, site.order)) for event in group])
        for year, group in groupby(connections.timeline, key=lambda event: event.year)
    ]
    return environment().get_template("timeline.md.j2").render(
        years=years, labels=site.labels, titles=site.titles,
    )


def by_text(passages: tuple[Passage, ...], order: list[str]) -> list[tuple[str, list[int]]]:
    """Passages grouped by text, in the edition's order of texts, then of paragraphs.

    >>> by_text((Passage("b", 9), Passage("a", 4), Passage("b", 2)), ["b", "a"])
    [('b', [2, 9]), ('a', [4])]
    """
    groups: dict[str, set[int]] = defaultdict(set)
    for passage in passages:
        groups[passage.slug].add(passage.number)
    return [(slug, sorted(groups[slug])) for slug in order if slug in groups]


def render_abbreviations(entries: Sequence[Entry]) -> str:
    """The snippet of abbreviation definitions that pymdownx.snippets appends to every page."""
    return environment().get_template("abbreviations.md.j2").render(pairs=abbreviations(entries))
