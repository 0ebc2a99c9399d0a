"""The apparatus of the text pages (issue 19, kind 5): each recorded correction is filed under
the paragraph where its reading stands in the reading text, not where its raw line stands;
each paragraph's raw-OCR view lists every raw line the paragraph draws from.

Read from the generated pages (``docs/texts/<slug>.md``, which ``edition check`` holds equal
to the sources) against the document model."""

from __future__ import annotations

import html
import re

import pytest

from edition.model import block_text

SLUGS = [
    "cia-anti-party-group-1962", "zubok-failed-empire-ch4", "vienna-memcon-1961-06-03-1245",
    "frus-1961-63-v24-d107", "thaw-revision-notes",
]
ROW_RE = re.compile(
    r'^<tr><td>(?:<a href="\.\./#([^"]+)">[^<]*</a>|([^<]*))</td><td>(\d+)</td><td><code>(.*?)</code></td>'
    r'<td>(?:<code>(.*?)</code>|moved before line \d+)</td><td>(\w+)</td>', re.M)
RAW_VIEW_RE = re.compile(r'<details class="raw-ocr"><summary>Raw OCR of ¶ (\w+) [^<]*</summary>\n<pre>(.*?)</pre>',
                         re.S)
STRAIGHT = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def page(root, slug: str) -> str:
    return (root / "docs/texts" / f"{slug}.md").read_text(encoding="utf-8")


def apparatus(root, slug: str) -> str:
    """The apparatus's own page (its links into the text are ``../#p-N``)."""
    return (root / "docs/texts" / slug / "apparatus" / "index.md").read_text(encoding="utf-8")


def rows(root, slug: str) -> list[dict]:
    """The rows of the page's table of recorded corrections."""
    return [{"anchor": m.group(1), "label": m.group(2), "line": int(m.group(3)), "raw": html.unescape(m.group(4)),
             "reading": html.unescape(m.group(5)) if m.group(5) is not None else None, "category": m.group(6)}
            for m in ROW_RE.finditer(apparatus(root, slug))]


def raw_views(root, slug: str) -> dict[str, list[int]]:
    """The raw lines each paragraph's raw-OCR view lists, by paragraph number."""
    return {m.group(1): [int(n) for n in re.findall(r"^\s*(\d+)  ", html.unescape(m.group(2)), re.M)]
            for m in RAW_VIEW_RE.finditer(page(root, slug))}


def printed(text: str) -> str:
    return text.translate(STRAIGHT).replace("—", "--")


def test_raw_173_is_filed_under_the_paragraph_of_its_readings(root):
    """Raw 173 stands at the end of ¶ 11's lines, but its two readings ("mistake.",
    "position,") are words of ¶ 12."""
    at_173 = [row for row in rows(root, "cia-anti-party-group-1962") if row["line"] == 173]
    assert [row["reading"] for row in at_173] == ["mistake.", "position,"]
    assert {row["anchor"] for row in at_173} == {"p-12"}


def test_the_cards_slips_are_filed_where_they_are_read(root):
    """Five of the cards' sixteen slips stood under the paragraph after their own."""
    filed = {(row["line"], row["raw"]): row["anchor"] for row in rows(root, "thaw-revision-notes")}
    assert filed[(16, "Committment")] == filed[(16, "Easten")] == "p-4"
    assert filed[(30, " ot ")] == "p-8"
    assert filed[(123, "initally")] == filed[(123, "spy place")] == "p-32"


def test_the_raw_view_of_p23_lists_raw_397(root):
    """Raw 397 ("s h i p .  *'") is the rest of "leadership.", given whole on raw 396: the
    line is empty once read, but ¶ 23 draws on it."""
    view = raw_views(root, "cia-anti-party-group-1962")["23"]
    assert 396 in view and 397 in view and view.index(397) == view.index(396) + 1


@pytest.mark.parametrize("slug", SLUGS)
def test_every_entry_is_filed_under_the_paragraph_that_holds_its_reading(root, documents, slug):
    """Every row of the apparatus with a reading: the paragraph (or note) it links to holds
    that reading as printed (quotes and dashes typeset; a reading's line-end hyphen or note
    asterisk aside). A correction in a heading says so, and the heading holds it."""
    doc = documents[slug]
    texts = {block.id: block_text(block) for block in doc.paragraphs()}
    texts.update({f"fn:{key}": note.text for key, note in doc.notes.items()})
    headings = " ".join(block.text for block in doc.blocks if block.kind == "heading")
    checked = 0
    for row in rows(root, slug):
        if row["category"] == "displaced" or not row["reading"]:
            continue
        reading = printed(row["reading"]).rstrip("*")
        reading = reading[:-1] if reading.endswith("-") else reading
        holder = texts.get(row["anchor"]) if row["anchor"] else headings if row["label"] == "heading" else None
        assert holder is not None and reading in printed(holder), row
        checked += 1
    assert checked == sum(1 for e in doc.record.corrections if e["category"] != "displaced" and e["reading"])


def test_every_raw_view_lists_every_line_its_paragraph_draws_from(root, documents):
    """The raw-OCR view of each paragraph (the CIA paper has them) lists every raw line of
    the paragraph and of every span in it (a correction's deletions included)."""
    doc = documents["cia-anti-party-group-1962"]
    views = raw_views(root, "cia-anti-party-group-1962")
    assert len(views) == len([b for b in doc.paragraphs() if b.source_lines])
    for block in doc.paragraphs():
        drawn = set(block.source_lines) | {n for part in block.parts() for span in part.spans for n in span.lines}
        assert drawn <= set(views[block.number]), (block.id, sorted(drawn - set(views[block.number])))


PRIVATE_USE_RE = re.compile("[\ue000-\uf8ff]")
STEP_ROW_RE = re.compile(r"^<tr><td><code>([^<]+)</code></td><td>\d+</td><td>(.*)</td></tr>$", re.M)
EXAMPLE_RE = re.compile(r"<code>(.*?)</code> → <code>(.*?)</code>")


def test_no_private_use_character_in_any_file_of_docs(root):
    """The cleanup's marks (``cleanup.marks``, private-use characters) never leave it: no
    generated page, data file or include of docs/ has one (the cards' apparatus printed
    "InitiallyInitally → InitiallyInitally", the marks of a flagged reading, invisible)."""
    found = []
    for path in sorted((root / "docs").rglob("*")):
        if path.is_file() and path.suffix in (".md", ".json", ".xml", ".txt", ".yml", ".yaml", ".bib", ".html"):
            text = path.read_text(encoding="utf-8")
            found += [(str(path.relative_to(root)), text.count("\n", 0, m.start()) + 1)
                      for m in PRIVATE_USE_RE.finditer(text)]
    assert found == []


@pytest.mark.parametrize("slug", SLUGS)
def test_every_cleanup_example_shows_a_change(root, slug):
    """Each example of the cleanup-steps table is before → after as a reader reads them,
    and the two differ (a step whose changes a reader cannot see shows no example)."""
    table = apparatus(root, slug).split("{: #apparatus-fixers }")[1].split("## ")[0]
    steps = STEP_ROW_RE.findall(table)
    assert steps or "No cleanup step changed this text." in table
    for name, cell in steps:
        for before, after in EXAMPLE_RE.findall(cell):
            seen = [PRIVATE_USE_RE.sub("", html.unescape(side)) for side in (before, after)]
            assert seen[0] != seen[1], (name, before)  # what a reader sees differs


def test_no_private_use_character_on_any_built_page(site):
    """The same of every page of the built site (HTML, search index, data)."""
    found = []
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".txt"):
            if PRIVATE_USE_RE.search(path.read_text(encoding="utf-8", errors="replace")):
                found.append(str(path.relative_to(site)))
    assert found == []
