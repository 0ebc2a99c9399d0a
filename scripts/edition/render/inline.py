"""Text and spans to Markdown, escaping every character of text Markdown would interpret.

The model holds plain text; this module is the one place where text becomes Markdown. Text
is written so that no Markdown, ``attr_list`` ``{: }``, ``abbr`` ``*[X]:``, footnote
``[^1]:``, snippet ``--8<--``, table, heading, list or raw HTML can be formed from it: HTML's
own four (and the apostrophe) as entities, every other character Markdown or its extensions
give a meaning as a numeric character reference, which Markdown passes through and a browser
shows as the character. Spans become the edition's markup: page markers, note calls,
flagged corrections, person links, emphasis.
"""

from __future__ import annotations

import json
import re

from markupsafe import Markup

from ..model import Inline, Span, split_crossing, unmarked

# Characters that mean something to Markdown or its extensions wherever they stand.
ALWAYS = {
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
    "\\": "&#92;", "`": "&#96;", "*": "&#42;", "_": "&#95;", "{": "&#123;", "}": "&#125;",
    "[": "&#91;", "]": "&#93;", "!": "&#33;", "|": "&#124;", "~": "&#126;", "^": "&#94;",
    "=": "&#61;", "\x02": "&#2;", "\x03": "&#3;",
}
ALWAYS_RE = re.compile("[" + re.escape("".join(ALWAYS)) + "]")
# What a line must not begin with: a heading, a list, a quote, a definition, a rule, a
# setext underline, a snippet line, an indented code block; or "12." / "12)", a numbered list.
LEADING_SPACE_RE = re.compile(r"(?m)^[ \t]")
LINE_START_RE = re.compile(r"(?m)^([ \t]*)(?:([#+\-:>=%?])|(\d)(?=\d*[.)](?:[ \t]|$)))")


def escape(text: str, line_start: bool = True) -> Markup:
    """Text as Markdown that reads as that text and nothing else. `line_start`: the text
    may begin a line (what a line must not begin with is then neutralised at its start too,
    as it always is after a line break).

    >>> str(escape("*[X]: ![x](x){: onerror=alert(1) } <b> & 1. --8<--"))
    '&#42;&#91;X&#93;: &#33;&#91;x&#93;(x)&#123;: onerror&#61;alert(1) &#125; &lt;b&gt; &amp; 1. --8&lt;--'
    >>> str(escape("# a\\n12. b\\n- c"))
    '&#35; a\\n&#49;2. b\\n&#45; c'
    """
    text = ALWAYS_RE.sub(lambda m: ALWAYS[m.group()], str(text))

    def at_start(match: re.Match) -> str:
        lead = match.group(1).replace(" ", "&#32;").replace("\t", "&#9;")
        char = match.group(2) or match.group(3)
        return f"{lead}&#{ord(char)};"

    head = "" if line_start else "\x00"  # no line starts at a NUL: the text's start is mid-line
    text = LINE_START_RE.sub(at_start, head + text)
    # Leading white space would make an indented code block.
    text = LEADING_SPACE_RE.sub(lambda m: f"&#{ord(m.group())};", text)
    return Markup(text[len(head):])


def yaml_string(text: str) -> Markup:
    """A front-matter string: JSON (which is YAML), of the text HTML-escaped, because MkDocs
    themes print ``title`` and ``description`` into the page unescaped (``<title>``, meta
    tags, the navigation).

    >>> str(yaml_string('a "b" </title><script>'))
    '"a &quot;b&quot; &lt;/title&gt;&lt;script&gt;"'
    """
    from html import escape as html_escape

    encoded = json.dumps(html_escape(str(text), quote=True), ensure_ascii=False)
    for char in ("\u2028", "\u2029", "\x85"):
        encoded = encoded.replace(char, f"\\u{ord(char):04x}")
    return Markup(encoded)


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
    """
    if not isinstance(inline, Inline):
        return escape(inline)
    text = inline.text
    spans = sorted(split_crossing([span for span in inline.spans if shown(span)]),
                   key=lambda s: (s.start, s.end > s.start, -s.end))

    def starts(position: int) -> bool:
        return position == 0 or text[position - 1] == "\n"

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
