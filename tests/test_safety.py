"""Everything typed in sources/ is text, never markup (issue 14, point 4; DESIGN §4).

An editor types into a raw line or a data field; what reaches the page must be the characters
typed, and nothing else: no element, no attribute, no script, no included file, no paragraph
swallowed and no anchor lost. Each case here is one payload (the issue's, and more of the same
classes) typed into one field (every place an editor types text) of a temporary copy of the
edition, which is then generated and built as `edition build --no-pdf` would.

How the matrix stays affordable: one build per *group* of payloads, with the group in every
field at once. A group is payloads whose effects cannot meet: at most one that acts at the
start of a line or a block (a heading, a list, a footnote definition: it starts the field),
at most one that acts at the end (an ``attr_list``, a line break and a block: it ends the
field), and some that act wherever they stand (an image, an entity, a quote in an attribute)
between them; 49 payloads in 14 builds, not 49. Each payload's copy in a field is tagged with
a marker of its own (``qz``, the field's letters, the payload's slot letter, ``zq``: a word no
fixer, glossary form or name touches, and no marker part of another), so that it is found on
the page wherever the field is shown. A first build puts a harmless value (``plain words``) in
every field: the *control*. Every group build is compared with it, page by page:

- the field is shown as typed: every text node that holds one of the field's markers sits in
  a block (paragraph, cell, heading, title...) whose text contains the field's whole value,
  whitespace collapsed; and each payload's marker sits under the same anchor (``id``) as the
  control's, as often;
- nothing was added: each page has exactly the control's elements, the same attribute names
  on them, the same ids and classes (only the ids MkDocs derives from heading text may
  differ); no ``on*`` attribute; no ``javascript:`` address; one ``<title>``;
- in Chromium (the groups with a script payload): no dialog, no console error, on load, on
  hovering the fields, on clicking their links.

Fields with italics (``rich`` in the templates: a glossary definition, a text's rights, its
identification and its citation note) read their one explicit syntax, ``*…*`` as emphasis and
``\\*``/``\\\\`` as a literal asterisk and backslash (``cleanup.marks.emphasised``): there the
value is shown as that syntax reads it, and the ``<em>`` it makes is no added element.

Typographic quotes: the reading texts and the editorial prose of the data files are given the
typographic quotation marks of the edition (``curly_quotes``, ``prose()``). That one step is
allowed: the literal comparison folds ‘’ to ' and “” to " on both sides, and nothing else;
dashes, dots, backslashes, entities, invisible characters must come through as typed.

The cases are data: :data:`PAYLOADS` (id, text, where the marker goes) and :data:`FIELDS`
(id, how to type a value there, the pages that show it). Run on the code before the
document model escaped every field, most of them fail; that is what they are for.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import os
import re
import shutil
import threading
from html.parser import HTMLParser
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
import yaml
from bs4 import BeautifulSoup, NavigableString
from bs4.element import Tag

from edition.cleanup.marks import emphasised
from edition.errors import EditionError
from edition.pipeline import generate, write_pages
from edition.site import build_site

ROOT = Path(__file__).resolve().parent.parent
CARDS = "thaw-revision-notes"
FRUS = "frus-1961-63-v24-d107"
MEMCON = "vienna-memcon-1961-06-03-1245"

pytestmark = pytest.mark.slow


# The payloads


@dataclass(frozen=True)
class Payload:
    id: str
    text: str
    # Where the field's marker goes: "after" the payload (a payload that acts at the start
    # of a line must start the field), or "before" it (one that acts at the end of a block,
    # an attr_list, must end it).
    marker: str = "after"
    script: bool = False  # it would run a script if interpreted: also loaded in Chromium
    start: bool = False  # it acts at the start of a line or block: it must start the field


CONTROL = Payload("control", "plain words")
START = {"start": True}

PAYLOADS = [
    # The six.
    Payload("issue-img-onerror", "![x](x){: onerror=alert(1) }", script=True),
    Payload("issue-attr-onmouseover", "text {: onmouseover=alert(1) }", "before", script=True),
    Payload("issue-js-link", "[x](javascript:alert(1))", script=True),
    Payload("issue-footnote-def", "[^1]: swallowed", **START),
    Payload("issue-abbr-def", "*[X]: swallowed", **START),
    Payload("issue-title-script", "</title><script>alert(1)</script>", script=True),
    # Raw HTML, inline and as a block at a line start.
    Payload("html-img", "<img src=x onerror=alert(1)>", script=True),
    Payload("html-script", "<script>alert(1)</script>", script=True),
    Payload("html-svg", "<svg onload=alert(1)>", script=True),
    Payload("html-block-script", "\n<script>alert(1)</script>", "before", script=True),
    Payload("html-comment", "<!-- hidden -->", **START),
    Payload("html-comment-unclosed", "<!-- never closed", **START),
    Payload("cdata", "<![CDATA[ x ]]> <?php echo 1 ?>"),
    # Entities: typed as entities, shown as entities.
    Payload("entity-named", "&lt;script&gt; &amp; &quot;"),
    Payload("entity-numeric", "&#60;script&#62; &#x3C;b&#x3E;"),
    # Links and addresses.
    Payload("autolink-js", "<javascript:alert(1)>", script=True),
    Payload("refdef-js", "see [x][]\n[x]: javascript:alert(1)", "before", script=True),
    Payload("md-link", "[x](https://evil.example/)"),
    # attr_list on the block: an id taken from a paragraph, a class.
    Payload("attr-steal-id", "{: #p-1 }", "before"),
    Payload("attr-class", "{: .hidden }", "before"),
    # Block syntax.
    Payload("md-heading", "# H", **START),
    Payload("md-setext-hr", "\n---", "before"),
    Payload("md-list", "- item", **START),
    Payload("md-table", "| a | b |", **START),
    Payload("md-quote", "> q", **START),
    Payload("md-indented-code", "    indented code", **START),
    Payload("tab-indented", "\tindented by a tab", **START),
    Payload("md-code", "`code` and ``more``"),
    Payload("md-emphasis", "*a* _b_ **c**"),
    Payload("md-escape", r"\*not em\* \\ \_"),
    # Extensions of the site's Markdown.
    Payload("snippet", '\n--8<-- "mkdocs.yml"', "before"),
    Payload("snippet-start", '--8<-- "README.md"', **START),
    Payload("admonition", "!!! note", **START),
    Payload("details", "??? note", **START),
    Payload("def-list", "\n: def", "before"),
    # Templates must not evaluate data.
    Payload("jinja-expression", "{{ 7*7 }}"),
    Payload("jinja-block", "{% raw %}{# c #}{% endraw %}"),
    # Front matter (YAML) and the JSON-LD script of a text page.
    Payload("yaml-significant", "\": # ' - [a] {b} &x *y !z |", **START),
    Payload("yaml-tab", "a\ttab and\t\ttwo"),
    Payload("yaml-escape", r"back\slash \x41 \n \" end"),
    Payload("json-ld-break", "</script><script>alert(1)</script>", script=True),
    # Attribute values (link titles, tooltips, meta tags).
    Payload("attr-quote-double", '" onmouseover="alert(1)', script=True),
    Payload("attr-quote-single", "' onmouseover='alert(1)", script=True),
    # Invisible characters: a control character, zero-width and bidirectional marks.
    Payload("control-character", "bell\x07 esc\x1b[31m"),
    Payload("zero-width", "zero\u200bwidth join\u200d rtl\u202eevil\u202c"),
    Payload("bidi-isolates", "\u2067isolate\u2069 rlm\u200f alm\u061c lro\u202dx\u202c"),
    # Line breaks of every kind, each followed by what would start a block after one.
    Payload("line-breaks", "lf\n# a cr\r- b crlf\r\n> c nel\x85| d | ls\u2028: e ps\u2029[^2]: f "
                           "vt\x0b!!! g ff\x0c--8<-- h", script=False),
    # An entity in an attribute context, the Jinja of a template's own line.
    Payload("entity-attr-quote", "&quot; onmouseover=&quot;alert(1)", script=True),
    Payload("jinja-statement", "{%- if true %}x{% endif -%} {{- 'y' }}"),
]


# The fields


def edit_yaml(path: Path, change: Callable[[object], None]) -> None:
    """Load a data file, change it, write it back: PyYAML quotes every value as YAML needs
    (the copy is throwaway, so its comments need not survive)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9),
                    encoding="utf-8")


def entry(items: list[dict], key: str, value: str) -> dict:
    (found,) = [item for item in items if item.get(key) == value]
    return found


def set_in(name: str, find: Callable[[object], dict], key: str) -> Callable[[Path, str], None]:
    """A field of a data file: ``find`` picks the mapping in the loaded file, ``key`` the field."""
    def put(root: Path, value: str) -> None:
        edit_yaml(root / "sources" / name, lambda data: find(data).__setitem__(key, value))
    return put


def raw_line(slug: str, number: int, keep: bool) -> Callable[[Path, str], None]:
    """A line of a raw text: replaced by the value (``keep`` false: the value starts the
    paragraph) or with the value appended; the checksum in source.yaml follows, as an
    editor's would. A line break in the value makes a second line of the same paragraph."""
    def put(root: Path, value: str) -> None:
        folder = root / "sources" / slug
        data = (folder / "raw.txt").read_bytes()
        lines = data.decode("utf-8").split("\n")
        lines[number - 1] = f"{lines[number - 1].rstrip()} {value}" if keep else value
        new = "\n".join(lines).encode("utf-8")
        source = folder / "source.yaml"
        text = source.read_text(encoding="utf-8")
        old = hashlib.sha256(data).hexdigest()
        assert old in text
        source.write_text(text.replace(old, hashlib.sha256(new).hexdigest()), encoding="utf-8")
        (folder / "raw.txt").write_bytes(new)
    return put


def text_page(slug: str) -> str:
    return f"texts/{slug}/index.html"


def handout_page(slug: str) -> str:
    """The website's handout page of a text (issue 17), which shows its citation too."""
    return f"texts/{slug}/handout.html"


@dataclass(frozen=True)
class Field:
    id: str  # letters and hyphens only: the marker is made of it
    put: Callable[[Path, str], None]
    pages: tuple[str, ...]  # the built pages that show it (site-relative)
    # The edition's rule allows the field one line only (a gloss is a tooltip: G108): a
    # payload's line breaks are typed there as spaces, so that the rule does not stop the
    # build for every other field.
    one_line: bool = False
    rich: bool = False  # the template reads italics in it (the ``rich`` filter)

    def marker(self, slot: int = 0) -> str:
        """``qz``, the field's letters, the slot's letter, ``zq``: no marker is part of
        another."""
        return "qz" + self.id.replace("-", "") + "abcdefghijklmnopqrstuvwxy"[slot] + "zq"

    @property
    def markers(self) -> re.Pattern:
        """Any of the field's markers."""
        return re.compile("qz" + self.id.replace("-", "") + "[a-y]zq")


PERSON = lambda data: entry(data, "id", "adenauer-konrad")  # noqa: E731
TERM = lambda data: entry(data, "id", "cbs")  # noqa: E731  (an abbreviation: its gloss is shown)
EVENT = lambda data: entry(data, "id", "ussr-breaks-with-israel")  # noqa: E731  (it has a note)
CROSSREF = lambda data: data[0]  # noqa: E731  (memcon ¶ 21 continues in FRUS ¶ 1)
SOURCE = lambda data: data  # noqa: E731
CONTAINER = lambda data: data["container"]  # noqa: E731
CITATION = lambda data: data["citation"]  # noqa: E731
CORRECTION = lambda data: entry(data["corrections"], "raw", "Initally")  # noqa: E731

FIELDS = [
    # FRUS line 22 is a paragraph of one line: the payload starts it.
    Field("raw-line", raw_line(FRUS, 22, keep=False), (text_page(FRUS),)),
    # FRUS line 20 too; the payload ends it. (FRUS has no corrections, whose line numbers a
    # payload's line break would shift.)
    Field("raw-line-end", raw_line(FRUS, 20, keep=True), (text_page(FRUS),)),
    Field("correction-reading", set_in(f"{CARDS}/corrections.yaml", CORRECTION, "reading"), (text_page(CARDS),)),
    Field("person-name", set_in("people.yaml", PERSON, "name"), ("people/adenauer-konrad/index.html",)),
    Field("person-identification", set_in("people.yaml", PERSON, "identification"),
          ("people/adenauer-konrad/index.html", "people/index.html")),
    Field("glossary-gloss", set_in("glossary.yaml", TERM, "gloss"), ("glossary/index.html",), one_line=True),
    Field("glossary-definition", set_in("glossary.yaml", TERM, "definition"), ("glossary/index.html",), rich=True),
    Field("timeline-event", set_in("timeline.yaml", EVENT, "event"),
          ("timeline/index.html", text_page("zubok-failed-empire-ch4"))),
    Field("timeline-note", set_in("timeline.yaml", EVENT, "note"), ("timeline/index.html",)),
    Field("crossref-label", set_in("crossrefs.yaml", CROSSREF, "label"), (text_page(MEMCON), text_page(FRUS))),
    Field("source-title", set_in(f"{CARDS}/source.yaml", SOURCE, "title"), (text_page(CARDS),)),
    Field("source-summary", set_in(f"{CARDS}/source.yaml", SOURCE, "summary"), ("index.html",)),
    # The short title names the text in the navigation, on home and in its apparatus page's title.
    Field("source-short-title", set_in(f"{CARDS}/source.yaml", SOURCE, "short_title"),
          ("index.html", f"texts/{CARDS}/apparatus/index.html"), one_line=True),
    Field("source-container-title", set_in(f"{FRUS}/source.yaml", CONTAINER, "title"), (text_page(FRUS),)),
    Field("source-rights", set_in(f"{CARDS}/source.yaml", SOURCE, "rights"), (text_page(CARDS),), rich=True),
    Field("source-identification-note", set_in(f"{CARDS}/source.yaml", SOURCE, "identification_note"),
          (text_page(CARDS),), rich=True),
    Field("source-citation-note", set_in(f"{CARDS}/source.yaml", CITATION, "note"),
          (text_page(CARDS), handout_page(CARDS)), rich=True),
    # The edition's own words (sources/edition.yaml), which the theme prints into every
    # page's title and header, and the home page's head and description: one line (the
    # theme's fields are; render.inline.theme_text).
    Field("edition-name", set_in("edition.yaml", SOURCE, "name"), ("index.html", "about/index.html"), one_line=True),
    Field("edition-site-words", set_in("edition.yaml", SOURCE, "site_words"), ("index.html", "about/index.html"),
          one_line=True),
    Field("edition-subtitle", set_in("edition.yaml", SOURCE, "subtitle"), ("index.html",), one_line=True),
]


def groups(payloads: list[Payload]) -> list[tuple[Payload, ...]]:
    """The payloads in groups that share a build: one that acts at a line's start (first),
    those that act where they stand, one that acts at the end (last).

    >>> [[p.id for p in g] for g in groups([Payload("s", "", start=True), Payload("i", ""), Payload("e", "", "before")])]
    [['s', 'i', 'e']]
    """
    starts = [p for p in payloads if p.start]
    ends = [p for p in payloads if p.marker == "before"]
    middle = [p for p in payloads if not p.start and p.marker != "before"]
    count = max(len(starts), len(ends), 1)
    return [tuple(starts[i:i + 1] + middle[i::count] + ends[i:i + 1]) for i in range(count)]


GROUPS = groups(PAYLOADS)
GROUP_OF = {payload.id: group for group in GROUPS for payload in group}


def tagged(group: tuple[Payload, ...], field: Field) -> str:
    """The value typed into the field: each payload of the group with its marker (after it,
    or before one that acts at the end)."""
    parts = []
    for slot, payload in enumerate(group):
        text = payload.text.replace("\n", " ") if field.one_line else payload.text
        marker = field.marker(slot)
        parts.append(f"{marker} {text}" if payload.marker == "before" else f"{text} {marker}")
    return " ".join(parts)


def shown(field: Field, value: str) -> str:
    """The text a field shows for a value: as typed, or as its italics syntax reads it."""
    return emphasised(value).text if field.rich else value


# Building


def edition_copy(folder: Path) -> Path:
    """A copy of what a build reads: the data, the pages, the theme, the configuration."""
    for name in ("sources", "docs", "overrides"):
        shutil.copytree(ROOT / name, folder / name)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    return folder


@dataclass
class Built:
    site: Path | None
    error: str | None  # why the build failed (the payload broke it), else None


class Builds:
    """One build per group of payloads, made when first asked for and kept for the session."""

    def __init__(self, tmp_path_factory):
        self.factory = tmp_path_factory
        self.done: dict[str, Built] = {}

    def __call__(self, group: tuple[Payload, ...]) -> Built:
        key = group[0].id
        if key not in self.done:
            root = edition_copy(self.factory.mktemp(key))
            for field in FIELDS:
                field.put(root, tagged(group, field))
            try:
                write_pages(root, generate(root))
                build_site(root, root / "site", pdf=False)
                self.done[key] = Built(root / "site", None)
            except EditionError as error:
                self.done[key] = Built(None, f"{error.code}: {error}")
        return self.done[key]


@pytest.fixture(scope="session")
def builds(tmp_path_factory) -> Builds:
    return Builds(tmp_path_factory)


@pytest.fixture(scope="session")
def control(builds) -> Path:
    built = builds((CONTROL,))
    assert built.error is None, built.error
    return built.site


def built_site(builds, group: tuple[Payload, ...]) -> Path:
    built = builds(group)
    if built.error:
        pytest.fail(f"the build failed: {built.error}")
    return built.site


@functools.lru_cache(maxsize=64)
def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# Reading the built pages


BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "pre", "summary",
          "title", "figcaption", "blockquote", "div", "aside", "details", "table", "body"}
# The blocks that tell which field an added element belongs to (not the page's big divs).
TIGHT = ["p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "pre", "summary",
         "title", "figcaption", "blockquote", "aside", "a"]
QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


def norm(text: str) -> str:
    """Whitespace collapsed, typographic quotes folded (the one typographic step allowed)."""
    return " ".join(text.split()).translate(QUOTES)


def block_of(node) -> Tag:
    """The nearest block element around a text node (or its parent, for text pushed out of
    every block, as a broken <title> pushes it into <head>)."""
    for parent in node.parents:
        if parent.name in BLOCKS:
            return parent
    return node.parent


def anchor_of(node) -> str:
    """The id of the nearest element with one around a text node (``p-3``, a glossary
    entry, a navigation item), or "" if none. A heading's id is made by MkDocs from its
    text, which is the field: it counts as the heading's level only."""
    for parent in node.parents:
        if isinstance(parent, Tag) and parent.get("id"):
            return f"{parent.name}#*" if parent.name in HEADINGS else parent["id"]
    return ""


def occurrences(page: BeautifulSoup, marker: str) -> list[NavigableString]:
    """The text nodes that hold the marker (not in a comment, script or style, nor among the
    apparatus's examples of cleanup steps, which show a word or two around each change)."""
    return [node for node in page.find_all(string=re.compile(marker))
            if type(node) is NavigableString and node.parent.name not in ("script", "style")
            and not in_fixer_examples(node)]


def in_fixer_examples(node) -> bool:
    table = node.find_parent("table")
    heading = table.find_previous_sibling(["h2", "h3"]) if table else None
    return heading is not None and heading.get("id") == "apparatus-fixers"


HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def signature(name: str, attrs: dict[str, str]) -> tuple:
    """What a page's structure is made of: the element, its attribute names, its classes and
    its id (the id MkDocs derives from a heading's text aside: that text is the field)."""
    ident = attrs.get("id") or ""
    classes = tuple((attrs.get("class") or "").split())
    if name in HEADINGS or (name == "a" and "headerlink" in classes):
        ident = "*"
    return (name, tuple(sorted(attrs)), classes, ident)


def tag_signature(tag: Tag) -> tuple:
    attrs = {name: " ".join(value) if isinstance(value, list) else value for name, value in tag.attrs.items()}
    return signature(tag.name, attrs)


class Scan(HTMLParser):
    """A fast pass over a page (no tree): its element signatures, its dangers, its titles."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.counts: Counter = Counter()
        self.dangers: list[str] = []
        self.titles = 0
        self.feed(text)
        self.close()

    def handle_starttag(self, name, attrs):
        attrs = {key: value or "" for key, value in attrs}
        self.counts[signature(name, attrs)] += 1
        self.dangers += dangers(name, attrs)
        self.titles += name == "title"


DANGEROUS_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.I)
ADDRESS_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset")


def dangers(name: str, attrs: dict[str, str]) -> list[str]:
    """What an element may not carry, whatever the control has: an event handler, a script
    address (spaces and control characters inside the scheme are ignored, as browsers do)."""
    found = [f"{name}[{key}]" for key in attrs if key.lower().startswith("on")]
    for key in ADDRESS_ATTRIBUTES:
        value = "".join(ch for ch in str(attrs.get(key, "")) if ch.isprintable() and not ch.isspace())
        if DANGEROUS_SCHEME.match(value):
            found.append(f"{name}[{key}={attrs[key]!r}]")
    return found


def nearby_markers(tag: Tag) -> set[str]:
    """The fields whose markers are around an element: in it, beside it, in its block (to
    tell which field added it)."""
    texts = [tag.get_text(" "), " ".join(str(v) for v in tag.attrs.values())]
    if not texts[0].strip():  # an empty element (img, script, hr): what stands beside it
        for sibling in list(tag.previous_siblings)[:2] + list(tag.next_siblings)[:2]:
            texts.append(sibling.get_text(" ") if isinstance(sibling, Tag) else str(sibling))
    parent = tag.find_parent(TIGHT)
    if parent is not None:
        texts.append(parent.get_text(" "))
    joined = " ".join(texts)
    return {field.id for field in FIELDS if field.markers.search(joined)}


@dataclass(frozen=True)
class Problem:
    page: str
    what: str
    markers: frozenset[str]  # the fields it is near (none when none could be told)

    def __str__(self) -> str:
        near = ", ".join(sorted(self.markers)) or "no field marker near"
        return f"{self.page}: {self.what} ({near})"


def pages(site: Path) -> list[str]:
    return sorted(str(path.relative_to(site)) for path in site.rglob("*.html"))


# The apparatus's table of cleanup steps: a row for each step that changed the text, with
# examples. A payload may rightly make a step fire (its straight quotes made curly), which
# adds a row: the table is left out of the comparison of structures (and of the fields).
FIXER_TABLE = re.compile(r'<h2 id="apparatus-fixers".*?(?=<h2 id="apparatus-furniture")', re.S)


def page_text(path: Path) -> str:
    return FIXER_TABLE.sub("", path.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=None)
def structure(site: Path) -> dict[str, Scan]:
    """The control's structure, page by page."""
    return {rel: Scan(page_text(site / rel)) for rel in pages(site)}


@functools.lru_cache(maxsize=16)
def problems(site: Path, control: Path) -> tuple[Problem, ...]:
    """Everything a payload build added to or took from the control's pages. A fast scan
    of each page first; a page that differs is parsed again, to tell which field did it."""
    expected = structure(control)
    found: list[Problem] = []
    rels = pages(site)
    for rel in sorted(set(expected) - set(rels)):
        found.append(Problem(rel, "page missing", frozenset()))
    for rel in rels:
        if rel not in expected:
            found.append(Problem(rel, "page added", frozenset()))
            continue
        text = page_text(site / rel)
        scan, before = Scan(text), expected[rel]
        if scan.counts == before.counts and not scan.dangers and scan.titles == before.titles:
            continue
        surplus = scan.counts - before.counts
        candidates: dict[tuple, list[Tag]] = {}
        for tag in BeautifulSoup(text, "html.parser").find_all(True):
            attrs = {name: " ".join(value) if isinstance(value, list) else value for name, value in tag.attrs.items()}
            for danger in dangers(tag.name, attrs):
                found.append(Problem(rel, danger, frozenset(nearby_markers(tag))))
            sig = tag_signature(tag)
            if surplus[sig] > 0:
                candidates.setdefault(sig, []).append(tag)
        # Which of a page's <em> is the added one? Those near a field first (the others
        # were in the control too).
        for sig, tags in candidates.items():
            near = [(frozenset(nearby_markers(tag)), tag) for tag in tags]
            near.sort(key=lambda item: not item[0])
            for markers, _ in near[: surplus[sig]]:
                found.append(Problem(rel, f"element added: {describe(sig)}", markers))
        for sig, count in (before.counts - scan.counts).items():
            found.append(Problem(rel, f"element lost: {describe(sig)} ×{count}", frozenset()))
        if scan.titles != before.titles:
            found.append(Problem(rel, f"{scan.titles} <title> elements", frozenset()))
    return tuple(found)


def describe(sig: tuple) -> str:
    name, attrs, classes, ident = sig
    text = name + "".join(f".{c}" for c in classes)
    if ident and ident != "*":
        text += f"#{ident}"
    others = [a for a in attrs if a not in ("class", "id")]
    return text + (f"[{','.join(others)}]" if others else "")


def shown_as_typed(site: Path, control: Path, field: Field, value: str, slot: int) -> list[str]:
    """What is wrong with one field on its pages: the marker of the payload in `slot` lost
    or moved to another anchor, the field's value not shown as typed."""
    wrong = []
    for rel in field.pages:
        page, before = soup(site / rel), soup(control / rel)
        nodes = occurrences(page, field.marker(slot))
        anchors = Counter(anchor_of(node) for node in nodes)
        expected = Counter(anchor_of(node) for node in occurrences(before, field.marker(0)))
        if anchors != expected:
            wrong.append(f"{rel}: the field is under {dict(anchors) or 'no anchor (it is gone)'}, "
                         f"not {dict(expected)}")
        for node in nodes:
            text = norm(block_of(node).get_text())
            if norm(shown(field, value)) not in text:
                wrong.append(f"{rel}: shown as {text[:160]!r}")
    return wrong


def added(site: Path, control: Path, group: tuple[Payload, ...]) -> list[Problem]:
    """The problems of a group's build, less the emphasis that a field with italics makes of
    ``*…*`` (as many ``<em>`` as its syntax reads, on each page that shows it)."""
    allowed: Counter = Counter()
    for field in FIELDS:
        if field.rich:
            allowed[field.id] += len(emphasised(tagged(group, field)).of("emphasis")) * len(field.pages)
    out = []
    for problem in problems(site, control):
        near = [f for f in problem.markers if allowed[f] > 0]
        if problem.what == "element added: em" and len(problem.markers) == 1 and near:
            allowed[near[0]] -= 1
            continue
        out.append(problem)
    return out


# The tests


def test_the_control_build_shows_every_field(control):
    """The harness itself: a harmless value typed into every field builds, and shows in
    each field's pages, once at least, as typed."""
    for field in FIELDS:
        for rel in field.pages:
            assert occurrences(soup(control / rel), field.marker(0)), (field.id, rel)
        assert shown_as_typed(control, control, field, tagged((CONTROL,), field), 0) == []
    assert not [problem for problem in problems(control, control)]


def test_the_groups_hold_every_payload_once_in_its_place():
    """The harness: each payload in one group; one that acts at a line's start first, one
    that acts at the end last, at most one of each."""
    assert sorted(p.id for g in GROUPS for p in g) == sorted(p.id for p in PAYLOADS)
    assert len({p.id for p in PAYLOADS}) == len(PAYLOADS)
    for group in GROUPS:
        assert all(not p.start for p in group[1:]) and all(p.marker != "before" for p in group[:-1])


# Group by group: the pages of one build are parsed once (``soup``), then the next's.
CASES = [(payload, field) for group in GROUPS for payload in group for field in FIELDS]


@pytest.mark.parametrize("payload, field", CASES, ids=[f"{f.id}:{p.id}" for p, f in CASES])
def test_a_field_shows_the_payload_as_typed(builds, control, payload, field):
    """The payload in this field: shown as the characters typed, in its place, under its
    anchor, and nothing added near the field."""
    group = GROUP_OF[payload.id]
    site = built_site(builds, group)
    wrong = shown_as_typed(site, control, field, tagged(group, field), group.index(payload))
    wrong += [str(problem) for problem in added(site, control, group) if field.id in problem.markers]
    assert wrong == []


@pytest.mark.parametrize("payload", [p for g in GROUPS for p in g], ids=[p.id for g in GROUPS for p in g])
def test_no_page_gains_an_element_or_attribute(builds, control, payload):
    """With the payload (and its group) in every field, each page has exactly the control's
    elements and attributes: no script, handler, image, link, heading, footnote or
    abbreviation more, no paragraph or anchor fewer, one <title>, and no javascript:
    address anywhere."""
    group = GROUP_OF[payload.id]
    site = built_site(builds, group)
    assert [str(problem) for problem in added(site, control, group)] == []


# In Chromium: the script payloads run nothing


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        if os.environ.get("EDITION_REQUIRE_BROWSER"):
            pytest.fail("EDITION_REQUIRE_BROWSER is set but no chromium is installed")
        pytest.skip("no chromium on this machine")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


SHOWN = sorted({rel for field in FIELDS for rel in field.pages})
# The groups with a script payload: only those are loaded in Chromium.
SCRIPTS = [group for group in GROUPS if any(payload.script for payload in group)]


@pytest.mark.browser
@pytest.mark.parametrize("group", SCRIPTS, ids=["+".join(p.id for p in g if p.script) for g in SCRIPTS])
def test_no_script_runs_in_chromium(builds, browser, group):
    """Each page that shows a field, loaded, each field hovered and its links clicked: no
    dialog opens and nothing is logged as an error."""
    site = built_site(builds, group)
    httpd, base = serve(site)
    events: list[str] = []
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("dialog", lambda dialog: (events.append(f"dialog {dialog.message!r}"), dialog.dismiss()))
        page.on("console", lambda m: events.append(f"console {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: events.append(f"page error {e}"))
        for rel in SHOWN:
            url = f"{base}/{rel.removesuffix('index.html')}"
            before = len(events)
            page.goto(url)
            page.wait_for_load_state("networkidle")
            for field in FIELDS:
                if rel not in field.pages:
                    continue
                holders = page.locator(f"main :text-matches('{field.markers.pattern}')")
                for i in range(min(holders.count(), 5)):
                    holder = holders.nth(i)
                    if holder.is_visible():
                        holder.scroll_into_view_if_needed()
                        holder.hover()
                    links = holder.locator("a[href^='javascript:' i]")
                    if links.count():  # clicked by script: a link in a hidden block counts too
                        links.evaluate_all("links => links.forEach(a => a.click())")
                        page.wait_for_timeout(100)
                        page.goto(url)
                        page.wait_for_load_state("networkidle")
            page.wait_for_timeout(200)
            events[before:] = [f"{rel}: {event}" for event in events[before:]]
        page.close()
    finally:
        httpd.shutdown()
    assert events == []
