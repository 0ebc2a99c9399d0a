"""The edition's pipeline: load sources, clean and structure each text, render the pages.

Everything here is in memory and pure until :func:`write_pages`, so a failure anywhere
leaves ``docs/`` as it was.
"""

from __future__ import annotations

from pathlib import Path

import gc
import json
from collections.abc import Iterator
from contextlib import contextmanager

from .anchors import aliases_by_target, identify, load_manifest
from .annotate.crossrefs import load_crossrefs, see_also
from .annotate.glossary import check_forms_occur, load_glossary, occurrences
from .annotate.people import load_register, mark_people, not_person_phrases
from .annotate.timeline import events_by_passage, load_timeline
from .contexts import Connections, SiteContext
from .errors import EditionError, fail
from .files import write_atomic
from .incremental import BuildCache, described
from .cleanup.corrections import bracket_spans, carried, describe
from .cleanup.words import record_lookups, table_figures
from .model import Document, every_inline
from .profiles import cards, chapter, frus, memcon, typescript_ocr
from .releases import freeze, release_files, text_changes
from .render.config import CONFIG, site_config
from .render.citation import bibtex, csl_items, release
from .render.data import crossrefs_json, glossary_json, people_json, text_json, text_txt, timeline_json
from .render.tei import list_person, tei
from .render.spans import enriched
from .render.markdown import (
    render_changelog, render_glossary, render_home, render_people,
    render_apparatus, render_releases, render_text, render_timeline,
)
from .sources import WORD_TABLE, Text, load_changelog, load_edition, word_table_text

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
    carries = carried(doc.record.corrections)
    for inline in every_inline(doc):
        for span in inline.spans:
            if span.kind == "correction" and "entry" in span.attrs:
                describe(span, doc.record.corrections, carries)
        inline.spans += bracket_spans(inline.text, inline.spans)
        inline.spans.sort(key=lambda s: (s.start, s.end > s.start, -s.end))
    record_normalised(doc, text)
    return doc


def build_documents(texts: list[Text]) -> dict[str, Document]:
    """The document of every text, by slug, in the edition's order."""
    return {text.slug: build_document(text) for text in texts}


def generate_with_word_table(root: Path) -> tuple[dict[Path, str], dict[str, float]]:
    """Every generated file (:func:`generate`, no cache) and the edition's word table
    (``sources/word-table.tsv``, read by ``load_edition``): every string generating them
    looks up in the word model, with wordfreq's figure, so that a fresh build answers them
    all without loading wordfreq (`edition words` writes it, `edition check` compares)."""
    looked_up: set[str] = set()
    record_lookups(looked_up)
    try:
        pages = generate(root)
    finally:
        record_lookups(None)
    return pages, table_figures(looked_up)


def stale_word_table(root: Path, table: dict[str, float]) -> list[EditionError]:
    """``A102`` when the committed word table is not ``table`` (as
    :func:`generate_with_word_table` makes it) written out, or is missing."""
    path = root / WORD_TABLE
    if path.is_file() and path.read_text(encoding="utf-8") == word_table_text(table):
        return []
    return [fail("A102", WORD_TABLE, table=WORD_TABLE)]


def record_normalised(doc: Document, text: Text) -> None:
    """Show in the apparatus, as the cleanup step ``normalise_newlines``, what reading the raw
    file normalised (a byte-order mark, CRLF line ends; DESIGN §2.2 (a)): the raw file keeps
    them, so a reader comparing it with the reading text must be told."""
    for before, after, count in text.normalised:
        doc.record.fixer_counts["normalise_newlines"] += count
        doc.record.fixer_examples.setdefault("normalise_newlines", []).append((before, after))


def generate(root: Path, cache: BuildCache | None = None) -> dict[Path, str]:
    """Every generated file, as {path relative to the repository root: content}.

    With a ``cache`` (`edition build`), a text whose inputs are those of the last build and
    whose pages on disk are unchanged is not cleaned again nor rendered: its pages are left
    out (they are on disk as generation makes them). Without one, everything is generated."""
    if cache is not None:
        cache.begin()  # the inputs' digests, before anything is read
    edition, texts = load_edition(root)
    site = site_context(root, edition, texts)
    manifest = load_manifest(root)
    pages = {
        Path("docs/index.md"): render_home(edition, texts),
    }
    if cache is None:
        docs = build_documents(texts)
    else:
        cache.use(texts)
        docs = {text.slug: cache.document(text, build_document) for text in texts}
    connections = connect(root, texts, docs)
    people = load_register(root, [text.slug for text in texts])
    phrases = not_person_phrases(root)
    shared = described(site, connections) if cache is not None else ""
    mentions = []
    for text in texts:
        doc = docs[text.slug]
        mentions += mark_people(doc, text.slug, people, phrases)
        aliases = aliases_by_target(manifest, text.slug)
        if cache is not None:
            key = cache.pages_key(text.slug, shared, aliases)
            if cache.fresh(text.slug, key):
                continue
        own = text_pages(text, doc, edition, site, connections, aliases)
        pages.update(own)
        if cache is not None:
            cache.record(text.slug, key, own)
    # Every release's reading texts (/releases/<version>/): the current one as just made,
    # the earlier ones frozen (edition.releases); the changelog's paragraph diffs from them.
    current = {}
    for text in texts:
        for ext in ("txt", "xml"):
            rel = Path("docs/texts") / text.slug / f"{text.slug}.{ext}"
            # A text the cache found fresh has its files on disk as recorded (BuildCache.fresh).
            current[f"{text.slug}.{ext}"] = pages[rel] if rel in pages else (root / rel).read_text(encoding="utf-8")
    releases = release_files(root, list(site.changelog), current)
    for version, files in releases.items():
        for name, content in files.items():
            pages[Path("docs/releases") / version / name] = content
    pages[Path("docs/releases/index.md")] = render_releases(site.changelog, releases, texts)
    pages[Path("docs/changelog.md")] = render_changelog(
        site.changelog, text_changes(releases, [text.slug for text in texts], manifest), site.titles)
    pages.update(render_people(people, mentions, texts, connections.glossary))
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
    # The configuration that follows the data (nav, counts, version), which mkdocs.yml inherits.
    pages[Path(CONFIG)] = site_config(edition, [text.slug for text in texts], site.release)
    return pages


def freeze_current(root: Path) -> tuple[str, list[Path]]:
    """Freeze the current release's reading texts as generation makes them (`edition freeze`,
    before a newer version is listed in the changelog). Returns the version and the files."""
    version = load_changelog(root)[0]["version"]
    folder = Path("docs/releases") / version
    files = {rel.name: content for rel, content in generate(root).items() if rel.parent == folder}
    return version, freeze(root, version, files)


def text_pages(text: Text, doc: Document, edition: dict, site: SiteContext, connections: Connections,
               aliases: dict) -> dict[Path, str]:
    """The files of one text: its page, its citations and its open data (DESIGN §3:
    /texts/<slug>/<slug>.xml, .txt, .json beside the page)."""
    folder = Path("docs/texts")
    data = folder / text.slug
    items = csl_items(text, edition, site.release)
    glossary = list(connections.glossary)
    rich = enriched(doc, glossary)
    return {
        folder / f"{text.slug}.md": render_text(text, doc, site, aliases, connections),
        # apparatus/index.md: its folder is its address, so that the raw-HTML links of its
        # table ("../#p-12") mean the same read from the file (Zensical) or from the URL (MkDocs).
        data / "apparatus" / "index.md": render_apparatus(text, doc),
        folder / f"{text.slug}.bib": bibtex(items),
        folder / f"{text.slug}.csl.json": json.dumps(items, ensure_ascii=False, indent=2) + "\n",
        data / f"{text.slug}.xml": tei(text, doc, edition, site.release, list(site.changelog),
                                       glossary, aliases, rich),
        data / f"{text.slug}.txt": text_txt(text, doc, edition, site.release, rich),
        data / f"{text.slug}.json": text_json(text, doc, edition, site.release, glossary, rich),
    }


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused: a generation keeps what it makes to its end (parsed
    YAML, documents, spans: some 70,000 containers), which the collector would scan again
    and again for nothing (about a fifteenth of a fresh build's time). What it makes is
    bounded by the edition (a megabyte or two more at the peak), and any cycle is freed
    once the collector is back on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def regenerate(root: Path) -> tuple[dict[Path, str], list[Path], list[str]]:
    """What `edition build` does to docs/: generate with the build cache (only the texts whose
    inputs changed, :mod:`edition.incremental`), write what differs, then save the manifest
    (only once the pages are on disk, so that a failed build is never recorded as done).
    Returns the pages generated, those written, and the texts regenerated."""
    cache = BuildCache(root)
    with no_cycle_collection():
        pages = generate(root, cache)
    written = write_pages(root, pages)
    cache.save()
    return pages, written, cache.regenerated


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
