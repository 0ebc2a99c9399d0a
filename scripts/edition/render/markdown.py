"""Write the generated Markdown pages from documents, through Jinja templates.

The markup lives in ``scripts/edition/templates/``; this module only prepares values.
Generated pages carry a comment saying so, and are committed (DESIGN §4).
"""

from __future__ import annotations

import unicodedata
from .config import number_word
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from itertools import groupby
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..annotate.glossary import Entry
from ..annotate.passages import Passage
from ..contexts import Connections, SiteContext
from ..cleanup.marks import emphasised
from ..model import Document, Inline, correction_places
from ..sources import Text
from .citation import edition_citation, head_metadata
from .inline import escape, markdown, yaml_string
from .spans import glossed, glossed_document

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def finalize(value: Any) -> Any:
    """Every ``{{ value }}`` of a Markdown template: text is escaped for Markdown and HTML
    (:func:`render.inline.escape`), text with spans written as Markdown; only what a filter
    or the renderer made as markup (``Markup``) passes as it is. Numbers are digits."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, Inline):
        return markdown(value)
    if value is None:
        return Markup("")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Markup(str(value))
    return escape(value)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The templates' environment, made once (compiling templates is the dear part)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        auto_reload=False,  # package data: never changes under a process (no stat an include)
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        finalize=finalize,
    )
    # Every context escapes by default (finalize); these filters say explicitly how:
    # `e` is the Markdown escape, `rich` reads *italics* in a data field, `plain` writes spans without links (a heading, a title),
    # `yaml` a front-matter string, `tojson` (Jinja's) JSON safe inside a <script>.
    env.filters["e"] = env.filters["escape"] = escape
    env.filters["plain"] = lambda value: markdown(value, links=False)
    env.filters["yaml"] = yaml_string
    env.filters["number_word"] = number_word  # "five texts", counted from edition.yaml
    env.filters["rich"] = lambda value: markdown(emphasised(value))
    # `glossed(glossary)`: a data field or snippet with the glossary's tooltips (`rich=True`
    # reads its *italics* first), by the one matching rule of the reading text (render.spans).
    env.filters["glossed"] = lambda value, glossary, rich=False: markdown(glossed(
        value if isinstance(value, Inline) else emphasised(value) if rich else Inline(str(value)), glossary))
    return env


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


def at_paragraphs(by_passage: dict, slug: str) -> dict[str, list]:
    """The entries of one text from a mapping keyed by passage, by paragraph id."""
    return {passage.anchor: items for passage, items in by_passage.items() if passage.slug == slug}


def once_per_run(by_paragraph: dict[str, list], order: list[str]) -> dict[str, list]:
    """The entries by paragraph, each shown once at the first paragraph of a run of
    consecutive paragraphs that share it: an event that the timeline gives to ¶ 11 and ¶ 12
    stands under ¶ 11 only (the timeline page still lists both passages). ``order`` is the
    paragraphs' ids in reading order.

    >>> once_per_run({"p-1": ["a"], "p-2": ["a", "b"], "p-4": ["a"]}, ["p-1", "p-2", "p-3", "p-4"])
    {'p-1': ['a'], 'p-2': ['b'], 'p-4': ['a']}
    """
    shown: dict[str, list] = {}
    previous: list = []
    for ident in order:
        items = by_paragraph.get(ident, [])
        fresh = [item for item in items if item not in previous]
        if fresh:
            shown[ident] = fresh
        previous = items
    return shown


def render_text(text: Text, doc: Document, site: SiteContext, aliases: dict[str, list[str]],
                connections: Connections) -> str:
    """The Markdown page of one text. `site` gives the edition, its release and every text's
    short title and label; `aliases` the old anchors that must resolve to each current one;
    `connections` the cross-references and the events of the timeline, by passage, and the
    glossary, whose terms the reading text marks (the model's ``term`` spans)."""
    doc = glossed_document(doc, connections.glossary)
    return environment().get_template("text.md.j2").render(
        titles=site.titles,
        labels=site.labels,
        see_also=at_paragraphs(connections.see_also, text.slug),
        events_at=once_per_run(at_paragraphs(connections.events, text.slug),
                               [block.id for block in doc.blocks if block.id]),
        raw_lines=text.raw.split("\n"),
        paragraph_numbers=[str(b.number) for b in doc.paragraphs()],
        release=site.release,
        cite=edition_citation(text, site.edition, site.release),
        head=head_metadata(text, site.edition, site.release),
        aliases={ident: sorted(set(aliases.get(ident, []) + doc.aliases.get(ident, [])))
                 for ident in set(aliases) | set(doc.aliases)},
        identifier_labels=IDENTIFIER_LABELS,
        meta=text.meta,
        slug=text.slug,
        doc=doc,
        glossary=connections.glossary,
        **apparatus_values(doc),
    )


def apparatus_values(doc: Document) -> dict[str, Any]:
    """What the apparatus lists (its page) and counts (the text page): each recorded
    correction with the paragraph its reading stands in, the cleanup steps with their
    examples, the furniture by category."""
    places = correction_places(doc)
    return {
        "corrections": [(entry, places.get(index)) for index, entry in enumerate(doc.record.corrections)],
        "furniture": furniture_summary(doc),
        "fixers": sorted(doc.record.fixer_counts.items()),
        "examples": doc.record.fixer_examples,
    }


def render_apparatus(text: Text, doc: Document) -> str:
    """The page of the text's editorial apparatus (``texts/<slug>/apparatus/index.md``)."""
    return environment().get_template("apparatus_page.md.j2").render(
        meta=text.meta, slug=text.slug, **apparatus_values(doc))


def render_home(edition: dict, texts: list[Text]) -> str:
    return environment().get_template("home.md.j2").render(edition=edition, texts=texts)


def render_people(people: list[dict], mentions: list, texts: list[Text],
                  glossary: Sequence[Entry] = ()) -> dict[Path, str]:
    """A page per person and the A–Z index, as {path: content}; the identifications and the
    mentions' snippets mark the `glossary`'s terms."""
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
            person=person, groups=groups, titles_of=titles_of, names={p["id"]: p["name"] for p in people},
            glossary=glossary)
    ordered = sorted(people, key=lambda p: p["sort"].lower())
    letters: dict[str, list] = defaultdict(list)
    for person in ordered:
        letters[person["sort"][0].upper()].append(person)
    counts = {p["id"]: {slug: len(ms) for slug, ms in by_person[p["id"]].items()} for p in people}
    pages[Path("docs/people/index.md")] = env.get_template("people_index.md.j2").render(
        people=people, letters=sorted(letters.items()), counts=counts, titles_of=titles_of,
        columns=[(t.slug, t.meta["label"]) for t in texts], glossary=glossary)
    return pages


def render_changelog(changelog: Sequence[dict], steps: Sequence[dict] = (), titles: dict[str, str] | None = None) -> str:
    """The changelog, with each release's paragraph diff from the one before (``steps``, as
    :func:`edition.releases.text_changes` makes them)."""
    return environment().get_template("changelog.md.j2").render(
        changelog=changelog, steps={step["version"]: step for step in steps}, titles=titles or {})


def render_releases(changelog: Sequence[dict], files: dict[str, dict[str, str]], texts: list[Text]) -> str:
    """The releases page: every release, newest first, with links to its texts' files."""
    releases = []
    for entry in changelog:
        names = files[entry["version"]]
        listed = [{"slug": t.slug, "title": t.meta["short_title"], "tei": f"{t.slug}.xml" in names}
                  for t in texts if f"{t.slug}.txt" in names]
        releases.append({**entry, "texts": listed, "tei": any(t["tei"] for t in listed)})
    with_tei = [release["version"] for release in releases if release["tei"]]
    return environment().get_template("releases.md.j2").render(
        releases=releases, first_tei=with_tei[-1] if with_tei else None)


def render_glossary(connections: Connections, site: SiteContext) -> str:
    """The glossary page: every entry, defined, with the passages it occurs in."""
    entries = connections.glossary
    ordered = sorted(entries, key=lambda entry: sort_key(entry.term))
    letters = [(letter, list(group)) for letter, group in groupby(ordered, key=lambda e: initial(e.term))]
    return environment().get_template("glossary.md.j2").render(
        letters=letters, occurs=connections.occurs, labels=site.labels, titles=site.titles,
        terms={entry.id: entry.term for entry in entries}, glossary=entries,
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
        years=years, labels=site.labels, titles=site.titles, glossary=connections.glossary,
    )


def by_text(passages: tuple[Passage, ...], order: list[str]) -> list[tuple[str, list[str]]]:
    """Passages grouped by text, in the edition's order of texts, then of paragraphs.

    >>> by_text((Passage("b", 10), Passage("a", 4), Passage("b", 9)), ["b", "a"])
    [('b', ['9', '10']), ('a', ['4'])]
    """
    groups: dict[str, set[Passage]] = defaultdict(set)
    for passage in passages:
        groups[passage.slug].add(passage)
    return [(slug, [p.number for p in sorted(groups[slug])]) for slug in order if slug in groups]

