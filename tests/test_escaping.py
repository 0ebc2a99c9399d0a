"""The renderer's escaping, as pymdown-extensions tests its extensions: source / expected-HTML
pairs through the site's own Markdown extensions. Text written by `render.inline` reads as
the characters typed and forms no element, attribute, link, footnote, abbreviation, snippet,
table or heading; spans become exactly the edition's markup."""

from __future__ import annotations

import html
import json
import re
import string
from pathlib import Path

import markdown as python_markdown

import pytest
import yaml
from bs4 import BeautifulSoup

from edition.cleanup.marks import emphasised
from edition.model import Inline, Span
from edition.render.inline import escape, markdown, yaml_string
from edition.render.markdown import environment

ROOT = Path(__file__).resolve().parent.parent

# The payloads of issue 14, and more of the same classes.
PAYLOADS = [
    "![x](x){: onerror=alert(1) }",
    "word {: onmouseover=alert(1) }",
    "[x](javascript:alert(1))",
    "[^1]: swallowed",
    "*[X]: swallowed",
    "</title><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<a href='javascript:alert(1)'>x</a>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;",
    "<!-- hidden -->",
    "--8<-- \".git/config\"",
    ";--8<-- \"abbreviations.md\"",
    "# heading",
    "1. list",
    "- item",
    "> quote",
    ": definition",
    "| a | b |",
    "---",
    "===",
    "    indented code",
    "`code` ``more``",
    "**bold** __bold__ _em_ *em*",
    "<https://example.org>",
    "[ref]: https://example.org",
    "\\*escaped\\*",
    "{: #p-1 }",
    "!!! note \"admonition\"",
    "??? quote",
    "```js\nalert(1)\n```",
    "a\x02wzxhzdk:0\x03b",
    "line one\n# two\n- three\n12) four\n: five",
]
CASES = PAYLOADS + list(string.punctuation) + [string.punctuation, "".join(reversed(string.punctuation))]


@pytest.fixture(scope="module")
def md(tmp_path_factory) -> python_markdown.Markdown:
    """Python-Markdown with the extensions of mkdocs.yml (snippets confined as there)."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    extensions, configs = [], {}
    includes = tmp_path_factory.mktemp("includes")
    for item in config["markdown_extensions"]:
        name, options = (next(iter(item.items())) if isinstance(item, dict) else (item, {}))
        if name == "pymdownx.snippets":
            options = dict(options, base_path=[str(includes)], auto_append=[])
        extensions.append(name)
        configs[name] = options or {}
    return python_markdown.Markdown(extensions=extensions, extension_configs=configs)


def to_html(md, source: str) -> BeautifulSoup:
    md.reset()
    return BeautifulSoup(md.convert(source), "html.parser")


@pytest.mark.parametrize("text", CASES)
def test_escaped_text_is_literal_text(md, text):
    soup = to_html(md, str(escape(text)))
    expected = " ".join(text.replace("\x02", "").replace("\x03", "").split())
    assert " ".join(soup.get_text().replace("\x02", "").replace("\x03", "").split()) == expected
    assert [tag.name for tag in soup.find_all(True)] in (["p"], [])  # no element but the paragraph
    assert all(not tag.attrs for tag in soup.find_all(True))


@pytest.mark.parametrize("text", PAYLOADS)
def test_escaped_text_keeps_the_paragraph_and_its_anchor(md, text):
    """A paragraph as text.md.j2 writes it: text, then its attr_list line."""
    source = f"{markdown(Inline(text))}\n{{: #p-7 .para data-p=\"7\" }}\n\nNext paragraph.\n{{: #p-8 .para }}"
    soup = to_html(md, source)
    paragraphs = soup.find_all("p")
    assert [p.get("id") for p in paragraphs] == ["p-7", "p-8"]
    def clean(value: str) -> str:
        return " ".join(value.replace("\x02", "").replace("\x03", "").split())

    assert clean(paragraphs[0].get_text()) == clean(text)
    assert not soup.find_all(["script", "img", "a", "abbr", "sup", "h1", "li", "code", "table"])


@pytest.mark.parametrize("source, expected", [
    # (text and spans, the HTML the site makes of the renderer's Markdown)
    (Inline("see Pravda", [Span("emphasis", 4, 10)]), "<p>see <em>Pravda</em></p>"),
    (Inline("a crime.¹²", [Span("printed-note", 8, 10, {"n": 12})]),
     '<p>a crime.<sup class="note-call" title="Note 12 of the printed chapter: the note text is not '
     'part of this source">12</sup></p>'),
    (Inline("general and", [Span("page", 8, 8, {"n": 4, "inferred": False})]),
     '<p>general <a class="page-marker" href="#page-4" id="page-4" title="Page 4 begins">4</a>and</p>'),
    (Inline("one", [Span("page", 0, 0, {"n": 3, "inferred": True})]),
     '<p><a class="page-marker inferred" href="#page-3" id="page-3" title="Page 3 begins (number '
     'inferred)">[3]</a>one</p>'),
    (Inline("the neutral state", [Span("correction", 4, 11, {"kind": "slip", "raw": "netural<b>"})]),
     '<p>the <span class="sic" title="Corrected by the editors; the source reads “netural&lt;b&gt;”">'
     'neutral</span> state</p>'),
    (Inline("met *Tito*", [Span("person", 4, 10, {"link": True, "href": "../people/tito-josip.md",
                                                  "title": 'Tito: "the" <marshal>'})]),
     '<p>met <a class="person" href="../people/tito-josip.md" title="Tito: &quot;the&quot; &lt;marshal&gt;">'
     '*Tito*</a></p>'),
    (Inline("[Tito]", [Span("person", 1, 5, {"link": False, "href": "x", "title": "t"})]), "<p>[Tito]</p>"),
    (Inline("on Kennedy", [Span("person", 3, 10, {"link": True, "href": "../people/k.md", "title": "K"}),
                           Span("page", 3, 3, {"n": 5, "inferred": False})]),
     '<p>on <a class="page-marker" href="#page-5" id="page-5" title="Page 5 begins">5</a>'
     '<a class="person" href="../people/k.md" title="K">Kennedy</a></p>'),
])
def test_spans_become_the_editions_markup(md, source, expected):
    got = to_html(md, str(markdown(source)))
    assert got.decode() == BeautifulSoup(expected, "html.parser").decode()


def test_a_note_call_is_a_footnote_reference(md):
    source = f"{markdown(Inline('lunch and', [Span('note', 5, 5, {'n': '3'})]))}\n\n[^3]: {markdown(Inline('[^1]: *x*'))}"
    soup = to_html(md, source)
    assert soup.select_one("sup#fnref\\:3 a")["href"] == "#fn:3"
    assert soup.select_one("li#fn\\:3").get_text(" ", strip=True).startswith("[^1]: *x*")


def test_data_fields_parse_only_italics():
    inline = emphasised("in *Foreign Relations*, [x](javascript:alert(1)) <b>{: .x }")
    assert inline.text == "in Foreign Relations, [x](javascript:alert(1)) <b>{: .x }"
    assert [(s.kind, inline.text[s.start:s.end]) for s in inline.spans] == [("emphasis", "Foreign Relations")]
    assert "<em>Foreign Relations</em>" in str(markdown(inline)) and "<b>" not in str(markdown(inline))


def test_front_matter_strings_are_json_of_escaped_text():
    title = 'A "title" </title><script>alert(1)</script>\u2028&amp;'
    loaded = yaml.safe_load(f"title: {yaml_string(title)}\n")["title"]
    one_line = title.replace("\u2028", " ")  # a title is one line: a line break is a space
    assert loaded == html.escape(one_line, quote=True)
    assert "<" not in loaded and html.unescape(loaded) == one_line


def test_templates_escape_by_default():
    env = environment()
    template = env.from_string(
        '{{ value }}|<span title="{{ value }}">|{{ value | rich }}|{{ value | yaml }}|{{ data | tojson }}')
    value = '*a* "b" <c> & {: d } [^1]'
    out = template.render(value=value, data={"x": "</script>"})
    plain, attr, rich, front, data = out.split("|", 4)
    assert "<c>" not in plain and '"b"' not in attr and "{:" not in plain
    assert rich.startswith("<em>a</em>")
    assert "</script>" not in data and "\\u003c/script\\u003e" in data


def test_no_markup_is_written_in_the_model(documents):
    """The model holds plain text: no Markdown footnote calls, no HTML, no private-use marks."""
    for slug, doc in documents.items():
        for block in doc.blocks:
            for part in block.parts():
                assert not re.search(r"\[\^\d+\]|<sup|<span|<a |[\ue000-\uf8ff]", part.text), (slug, part.text[:60])
        for note in doc.notes.values():
            assert not re.search(r"[\ue000-\uf8ff]|<[a-z]", note.text), slug


@pytest.mark.slow
def test_a_title_and_fields_cannot_escape_into_the_built_page(tmp_path):
    """A source.yaml title with </title><script> (and a summary with a quote and a tag, a
    person's identification with both) stays text in <title>, the meta tags, the navigation,
    the header and the JSON of the page: checked in the HTML MkDocs and Material make."""
    import shutil

    from edition.pipeline import generate, write_pages
    from edition.site import build_site

    for name in ("sources", "docs", "overrides"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    payload = '</title><script>alert(1)</script>"><img src=x onerror=alert(2)>'
    meta = tmp_path / "sources" / "thaw-revision-notes" / "source.yaml"
    data = yaml.safe_load(meta.read_text(encoding="utf-8"))
    data["title"] = "Cards " + payload
    data["summary"] = payload.replace('"', "'") + " " + data["summary"]
    data["citation"]["csl"]["title"] = payload  # the citation_* tags come from the CSL record
    meta.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # The site's name (edition.yaml's name and site_words) is in every page's <title> and header.
    edition = tmp_path / "sources" / "edition.yaml"
    edition.write_text(edition.read_text(encoding="utf-8").replace(
        "site_words: Cold War Texts", "site_words: " + json.dumps("Texts " + payload)), encoding="utf-8")
    write_pages(tmp_path, generate(tmp_path))
    build_site(tmp_path, tmp_path / "site", pdf=False)
    page = (tmp_path / "site" / "texts" / "thaw-revision-notes" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    assert not soup.select("img[onerror]")
    for script in soup.find_all("script"):
        if "json" in script.get("type", ""):  # data: valid JSON, no tag inside
            __import__("json").loads(script.string)
            assert "<" not in script.string
        else:
            assert "alert" not in (script.string or ""), script
    assert "Cards </title><script>" in soup.title.get_text()
    assert soup.title.get_text().endswith("Five Texts " + payload)
    assert soup.select_one(".md-header__topic").get_text().strip() == "Thaw and Coexistence: Five Texts " + payload
    assert payload in soup.select_one('meta[name="citation_title"]')["content"]
    assert payload.replace('"', "'") in soup.select_one('meta[name="description"]')["content"]
    assert "Cards </title><script>" in soup.select_one("article h1").get_text()
    for other in (tmp_path / "site").rglob("*.html"):  # the navigation of every page
        assert "<script>alert" not in other.read_text(encoding="utf-8"), other
