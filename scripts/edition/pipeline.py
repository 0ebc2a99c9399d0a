"""The edition's pipeline: load sources, clean and structure each text, render the pages.

Everything here is in memory and pure until :func:`write_pages`, so a failure anywhere
leaves ``docs/`` as it was.
"""

from __future__ import annotations

from pathlib import Path

import json

from .anchors import aliases_by_target, identify, load_manifest
from .annotate.crossrefs import load_crossrefs, see_also
from .annotate.glossary import check_forms_occur, load_glossary, occurrences
from .annotate.people import load_register, mark_people
from .annotate.timeline import events_by_passage, load_timeline
from .contexts import Connections, SiteContext
from .errors import EditionError, fail
from .files import write_atomic
from .cleanup.corrections import bracket_spans, describe
from .model import Document, every_inline
from .profiles import cards, chapter, frus, memcon, typescript_ocr
from .render.citation import bibtex, csl_items, release
from .render.data import crossrefs_json, glossary_json, people_json, text_json, text_txt, timeline_json
from .render.tei import list_person, tei
from .render.markdown import (
    render_abbreviations, render_changelog, render_glossary, render_home, render_people,
    render_text, render_timeline,
)
from .sources import Text, load_changelog, load_edition

PROFILES = {
    "chapter": chapter.build,
    "typescript-ocr": typescript_ocr.build,
    "cards": cards.build,
    "memcon": memcon.build,
    "frus": frus.build,
}


def build_document(text: Text) -> Document:
    """Clean and structure one text with the profile its source.yaml names; its recorded
    splits and merges applied, its paragraphs given their ids (``anchors.identify``)."""
    doc = PROFILES[text.meta["profile"]](text)
    identify(doc, text.folder, text.folder.parent.parent)
    doc.record.corrections = list(text.corrections)
    for inline in every_inline(doc):
        for span in inline.spans:
            if span.kind == "correction" and "entry" in span.attrs:
                describe(span, doc.record.corrections)
        inline.spans += bracket_spans(inline.text, inline.spans)
        inline.spans.sort(key=lambda s: (s.start, s.end > s.start, -s.end))
    record_normalised(doc, text)
    return doc


def build_documents(texts: list[Text]) -> dict[str, Document]:
    """The document of every text, by slug, in the edition's order."""
    return {text.slug: build_document(text) for text in texts}


def record_normalised(doc: Document, text: Text) -> None:
    """Show in the apparatus, as the cleanup step ``normalise_newlines``, what reading the raw
    file normalised (a byte-order mark, CRLF line ends; DESIGN §2.2 (a)): the raw file keeps
    them, so a reader comparing it with the reading text must be told."""
    for before, after, count in text.normalised:
        doc.record.fixer_counts["normalise_newlines"] += count
        doc.record.fixer_examples.setdefault("normalise_newlines", []).append((before, after))


def generate(root: Path) -> dict[Path, str]:
    """Every generated file, as {path relative to the repository root: content}."""
    edition, texts = load_edition(root)
    site = site_context(root, edition, texts)
    manifest = load_manifest(root)
    pages = {
        Path("docs/index.md"): render_home(edition, texts),
        Path("docs/changelog.md"): render_changelog(site.changelog),
    }
    docs = build_documents(texts)
    connections = connect(root, texts, docs)
    people = load_register(root, [text.slug for text in texts])
    mentions = []
    for text in texts:
        folder = Path("docs/texts")
        doc = docs[text.slug]
        mentions += mark_people(doc, text.slug, people)
        pages[folder / f"{text.slug}.md"] = render_text(
            text, doc, site, aliases_by_target(manifest, text.slug), connections)
        items = csl_items(text, edition, site.release)
        pages[folder / f"{text.slug}.bib"] = bibtex(items)
        pages[folder / f"{text.slug}.csl.json"] = json.dumps(items, ensure_ascii=False, indent=2) + "\n"
        # The open data, beside the page (DESIGN §3): /texts/<slug>/<slug>.xml, .txt, .json.
        data = folder / text.slug
        pages[data / f"{text.slug}.xml"] = tei(
            text, doc, edition, site.release, list(site.changelog), list(connections.glossary),
            aliases_by_target(manifest, text.slug))
        pages[data / f"{text.slug}.txt"] = text_txt(text, doc, edition, site.release)
        pages[data / f"{text.slug}.json"] = text_json(text, doc, edition, site.release, list(connections.glossary))
    pages.update(render_people(people, mentions, texts))
    # The registers as data (/data/).
    pages[Path("docs/data/people.xml")] = list_person(people, edition, site.release)
    pages[Path("docs/data/people.json")] = people_json(people, mentions)
    pages[Path("docs/data/glossary.json")] = glossary_json(list(connections.glossary), connections.occurs)
    pages[Path("docs/data/timeline.json")] = timeline_json(connections.timeline)
    pages[Path("docs/data/crossrefs.json")] = crossrefs_json(load_crossrefs(root, {
        slug: [block.id for block in doc.paragraphs()] for slug, doc in docs.items()}))
    pages[Path("docs/data/text.schema.json")] = (Path(__file__).parent / "data" / "text.schema.json").read_text(encoding="utf-8")
    pages[Path("docs/glossary.md")] = render_glossary(connections, site)
    pages[Path("docs/timeline.md")] = render_timeline(connections, site)
    pages[Path("docs/includes/abbreviations.md")] = render_abbreviations(connections.glossary)
    return pages


def site_context(root: Path, edition: dict, texts: list[Text]) -> SiteContext:
    """What every page knows of the edition as a whole: its metadata, its releases (and the
    current one) and each text's short title and label. The one place this is assembled,
    so that `generate` and the benchmark render with the same context."""
    changelog = load_changelog(root)
    return SiteContext(
        edition=edition,
        changelog=tuple(changelog),
        release=release(changelog),
        titles={text.slug: text.meta["short_title"] for text in texts},
        labels={text.slug: text.meta["label"] for text in texts},
    )


def connect(root: Path, texts: list[Text], docs: dict[str, Document]) -> Connections:
    """The data that connects the texts, checked against them: cross-references (both ends
    of each), the timeline (and the events of each passage), the glossary (and where each
    term occurs, over the plain text)."""
    paragraphs = {slug: [block.id for block in doc.paragraphs()] for slug, doc in docs.items()}
    timeline = load_timeline(root, paragraphs)
    glossary = load_glossary(root)
    check_forms_occur(glossary, docs, root)
    return Connections(
        see_also=see_also(load_crossrefs(root, paragraphs), [text.slug for text in texts]),
        timeline=tuple(timeline),
        events=events_by_passage(timeline),
        glossary=tuple(glossary),
        occurs=occurrences(glossary, docs),
    )


def stale_pages(root: Path, pages: dict[Path, str]) -> list[EditionError]:
    """The committed pages that differ from what generation makes (``pages``, as
    :func:`generate` returns them) or are missing: one ``A101`` for each, in order."""
    return [fail("A101", rel, page=rel) for rel, content in pages.items()
            if not (root / rel).exists() or (root / rel).read_text(encoding="utf-8") != content]


def write_pages(root: Path, pages: dict[Path, str]) -> list[Path]:
    """Write the pages that differ from what is on disk; return those written."""
    written = []
    for rel, content in pages.items():
        path = root / rel
        if path.exists() and path.read_text(encoding="utf-8") == content:
            continue
        write_atomic(path, content)  # a killed build leaves each page old or new, never half
        written.append(rel)
    return written
