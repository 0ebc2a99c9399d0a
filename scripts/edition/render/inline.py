"""Text and spans to Markdown, escaping every character of text Markdown would interpret.

The model holds plain text; this module is the one place where text becomes Markdown. Text
is written so that no Markdown, ``attr_list`` ``{: }``, ``abbr`` ``*[X]:``, footnote
``[^1]:``, snippet ``--8<--``, table, heading, list or raw HTML can be formed from it: HTML's
own four (and the apostrophe) as entities, every other character Markdown or its extensions
give a meaning as a numeric character reference, which Markdown passes through and a browser
shows as the character. Spans become the edition's markup: page markers, note calls,
flagged corrections, person links, glossary terms (``<abbr title>``), emphasis.

Every context the templates give a value is one line: a table cell, a heading, a title or a
front-matter string, a ``**Label:** value`` line, a list item, a footnote, a line of an
indented admonition, a paragraph. In the first ones a line break adds a table row, ends
the heading or makes the next line a block of its own; in the indented ones it leaves the
block; in a paragraph it is a soft break, which the reader sees as a space. So every filter
(``finalize``, ``e``, ``plain``, ``rich``, ``yaml``) writes any line break a reader or
Markdown would honour (``\\n``, ``\\r``, vertical tab, form feed, U+001C-U+001E, U+0085,
U+2028, U+2029) as one space: what the reader sees is the same, and no value can start
a line of the page. (No text or data field of the edition holds one today.)
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from markupsafe import Markup

from ..model import Inline, Span, split_crossing, unmarked

# Characters that mean something to Markdown or its extensions wherever they stand.
ALWAYS = {
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
    "\\": "&#92;", "`": "&#96;", "*": "&#42;", "_": "&#95;", "{": "&#123;", "}": "&#125;",
    "[": "&#91;", "]": "&#93;", "!": "&#33;", "|": "&#124;", "~": "&#126;", "^": "&#94;",
    "=": "&#61;", "\x02": "&#2;", "\x03": "&#3;",
}
ALWAYS_TABLE = str.maketrans(ALWAYS)  # one pass of str.translate: every page's text goes through it
# What a line must not begin with: a heading, a list, a quote, a definition, a rule, a
# setext underline, a snippet line, an indented code block; or "12." / "12)", a numbered list.
# Line breaks of Markdown (\r is one to Python-Markdown) and of Unicode (str.splitlines):
# a run of them (\r\n) is one space.
LINE_BREAKS_RE = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")
LEADING_SPACE_RE = re.compile(r"(?m)^[ \t]")
LINE_START_RE = re.compile(r"(?m)^([ \t]*)(?:([#+\-:>=%?])|(\d)(?=\d*[.)](?:[ \t]|$)))")


def one_line(text: str) -> str:
    """The text with each run of line breaks as one space (every context is one line).

    >>> one_line("a\\nb\\r\\nc\\rd\\u2028e\\u2029f\\x85g\\x0bh\\x0ci")
    'a b c d e f g h i'
    >>> one_line("tab\\tand  spaces stay")
    'tab\\tand  spaces stay'
    """
    return LINE_BREAKS_RE.sub(" ", text)


def escape(text: str, line_start: bool = True) -> Markup:
    """Text as one line of Markdown that reads as that text and nothing else. `line_start`:
    the text may begin a line (what a line must not begin with is then neutralised at its
    start too).

    >>> str(escape("*[X]: ![x](x){: onerror=alert(1) } <b> & 1. --8<--"))
    '&#42;&#91;X&#93;: &#33;&#91;x&#93;(x)&#123;: onerror&#61;alert(1) &#125; &lt;b&gt; &amp; 1. --8&lt;--'
    >>> str(escape("# a"))
    '&#35; a'

    A line break cannot start a heading, a table row, a list or a definition: it is a space,
    and what follows it is mid-line:

    >>> str(escape("a\\n# b\\r- c\\u2028| d |\\x0c: e\\r\\n<script>"))
    'a # b - c &#124; d &#124; : e &lt;script&gt;'
    """
    return _escaped(str(text), line_start)


@lru_cache(maxsize=65_536)
def _escaped(text: str, line_start: bool) -> Markup:
    """:func:`escape` of a string: a pure function, kept for the strings a build writes
    again and again (names, labels, titles: two thirds of its 27,000 calls)."""
    text = one_line(text).translate(ALWAYS_TABLE)
    head = "" if line_start else "\x00"  # no line starts at a NUL: the text's start is mid-line
    text = LINE_START_RE.sub(_at_start, head + text)
    # Leading white space would make an indented code block.
    text = LEADING_SPACE_RE.sub(lambda m: f"&#{ord(m.group())};", text)
    return Markup(text[len(head):])


def _at_start(match: re.Match) -> str:
    """What :data:`LINE_START_RE` found at a line's start, as character references."""
    lead = match.group(1).replace(" ", "&#32;").replace("\t", "&#9;")
    char = match.group(2) or match.group(3)
    return f"{lead}&#{ord(char)};"


def theme_text(text: str) -> str:
    """Text for a value the MkDocs theme prints into the page unescaped (a page's ``title``
    and ``description``; ``site_name``, ``site_description``, ``copyright``): one line,
    HTML-escaped.

    >>> theme_text('Texts </title><script> & "x"')
    'Texts &lt;/title&gt;&lt;script&gt; &amp; &quot;x&quot;'
    """
    from html import escape as html_escape

    # One line: no U+2028/2029 or U+0085 is left for a YAML or JavaScript reader to break at.
    return html_escape(one_line(str(text)), quote=True)


def yaml_string(text: str) -> Markup:
    """A front-matter string: JSON (which is YAML), of the text as the theme must get it
    (:func:`theme_text`: the theme prints ``title`` and ``description`` into ``<title>``,
    meta tags and the navigation unescaped).

    >>> str(yaml_string('a "b" </title><script>'))
    '"a &quot;b&quot; &lt;/title&gt;&lt;script&gt;"'
    >>> str(yaml_string("two\\nlines\\u2028here"))
    '"two lines here"'
    """
    return Markup(json.dumps(theme_text(text), ensure_ascii=False))


def page_marker(span: Span) -> str:
    """A page mark: a visible, linkable marker where the page begins."""
    number, inferred = span.attrs["n"], span.attrs.get("inferred")
    if inferred:
        label, title, css = f"[{number}]", f"Page {number} begins (number inferred)", " inferred"
    else:
        label, title, css = number, f"Page {number} begins", ""
    return (f'<a class="page-marker{css}" id="page-{number}" href="#page-{number}" '
            f'title="{title}">{label}</a>')


def _wrap(span: Span, inner: str, links: bool) -> str:
    """A span with text, as Markdown around its (already written) inner text."""
    if span.kind == "emphasis":
        return f"<strong>{inner}</strong>" if span.attrs.get("strong") else f"<em>{inner}</em>"
    if span.kind == "printed-note":
        number = span.attrs["n"]
        return (f'<sup class="note-call" title="Note {number} of the printed chapter: the note '
                f'text is not part of this source">{number}</sup>')
    if span.kind == "correction" and span.attrs.get("kind") == "slip":
        title = escape(f"Corrected by the editors; the source reads “{span.attrs['raw']}”")
        return f'<span class="sic" title="{title}">{inner}</span>'
    if span.kind == "term" and "gloss" in span.attrs:
        # The definition shows on hover (the browser) and on a tap (reading.js).
        return f'<abbr title="{escape(span.attrs["gloss"])}">{inner}</abbr>'
    if span.kind == "person" and links and span.attrs.get("link"):
        title = escape(span.attrs["title"])
        return f'[{inner}]({span.attrs["href"]} "{title}"){{: .person }}'
    return inner


def shown(span: Span) -> bool:
    """Whether the page marks a span: a silent repair, a conjecture (its brackets are its
    text), an illegible place or an editorial addition is the text itself, and only the
    data formats mark it (``render.tei``, ``render.data``).

    >>> shown(Span("correction", 0, 3, {"kind": "silent"})), shown(Span("correction", 0, 3, {"kind": "slip"}))
    (False, True)
    """
    return not unmarked(span)


def _point(span: Span) -> str:
    """A zero-width span: a page marker or a note call."""
    if span.kind == "page":
        return page_marker(span)
    if span.kind == "note":
        return f"[^{span.attrs['n']}]"
    return ""


def markdown(inline: Inline | str, links: bool = True) -> Markup:
    """Text and spans as Markdown; spans nest, one that crosses another's edge split there
    (``model.split_crossing``). Zero-width spans at a span's edge stand outside it.

    >>> from edition.model import Span
    >>> str(markdown(Inline("see *Pravda*", [Span("emphasis", 4, 12), Span("page", 4, 4, {"n": 2})])))
    'see <a class="page-marker" id="page-2" href="#page-2" title="Page 2 begins">2</a><em>&#42;Pravda&#42;</em>'

    One line, whatever the text holds (a heading, a footnote definition after a break):

    >>> str(markdown(Inline("a\\n# b\\n[^1]: c", [Span("emphasis", 2, 5)])))
    'a <em># b</em> &#91;&#94;1&#93;: c'
    """
    if not isinstance(inline, Inline):
        return escape(inline)
    text = inline.text
    spans = sorted(split_crossing([span for span in inline.spans if shown(span)]),
                   key=lambda s: (s.start, s.end > s.start, -s.end))

    def starts(position: int) -> bool:  # one line: only the text's start begins a line
        return position == 0

    def write(spans: list[Span], low: int, high: int) -> str:
        out, position, index = [], low, 0
        while index < len(spans):
            span = spans[index]
            index += 1
            out.append(escape(text[position : span.start], starts(position)))
            position = span.start
            if span.start == span.end:
                out.append(_point(span))
                continue
            inside = []
            while index < len(spans) and (spans[index].start < span.end):
                if spans[index].end <= span.end:
                    inside.append(spans[index])
                index += 1
            out.append(_wrap(span, write(inside, span.start, span.end), links))
            position = span.end
        out.append(escape(text[position:high], starts(position)))
        return "".join(out)

    return Markup(write(spans, 0, len(text)))
