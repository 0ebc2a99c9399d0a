"""A text as TEI P5, from the document model (``/texts/<slug>/<slug>.xml``), and back to text.

The header describes the original (``sourceDesc``: its bibliographic description and the
witness), the edition (``titleStmt``, ``editionStmt``, ``publicationStmt``), its principles
(``encodingDesc``) and its releases (``revisionDesc``, from ``sources/changelog.yaml``). The
body has ``head`` and ``p`` (``list``) with ``xml:id`` equal to the published anchors, ``pb``
for every page of the original (an inferred number with ``type="inferred"``), the notes where
they are called, ``persName``/``term`` pointing at the register and the glossary, and every
correction where its span stands (``choice``/``sic``/``corr`` of type ``ocr``, ``typist``,
``conjecture`` or ``illegible``), the letters a conjecture supplies as ``supplied`` with a
``reason``, ``[illegible]`` as ``gap``. The back lists every recorded correction and all the furniture removed.

:func:`reading_text` reads a TEI file back to the plain reading text (``model.plain_text``):
a test holds the two equal.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..annotate.glossary import Entry
from ..model import Document, Inline, Span, split_crossing
from ..sources import Text
from .citation import plain, text_url
from .spans import Rich, enriched_inline

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"


# What XML text and attribute values must not hold as they are, in the order of replacing
# ("&" first): xml.sax.saxutils.escape's, with the double quote, written out here because
# importing saxutils imports urllib and ssl, a tenth of a fresh build's start-up.
XML_ESCAPES = (("&", "&amp;"), (">", "&gt;"), ("<", "&lt;"), ('"', "&quot;"))


def x(text: object) -> str:
    """Text as XML character data or a double-quoted attribute value.

    >>> x('a < b & "c" > d')
    'a &lt; b &amp; &quot;c&quot; &gt; d'
    """
    text = str(text)
    for char, entity in XML_ESCAPES:
        text = text.replace(char, entity)
    return text


def attrs(**values: object) -> str:
    return "".join(f' {name.replace("_", ":", 1) if name == "xml_id" else name}="{x(value)}"'
                   for name, value in values.items() if value not in (None, ""))


# The type of a correction's ``corr`` by the kind of its span.
CORR_TYPE = {"silent": "ocr", "slip": "typist", "conjecture": "conjecture", "illegible": "illegible"}


class Writer:
    """Writes the spans of one text as TEI elements; knows the edition's URLs."""

    def __init__(self, base: str, doc: Document, glossary: list[Entry]):
        self.base = base.rstrip("/") + "/"
        self.doc = doc
        self.glossary = glossary
        self.ids: set[str] = set()
        self.supplied = 0  # supplied pieces written, for the ids that link a split bracket

    def point(self, span: Span) -> str:
        if span.kind == "page":
            ident = f"page-{span.attrs['n']}"
            xml_id = None if ident in self.ids else ident
            self.ids.add(ident)
            if span.attrs.get("inferred"):
                return f'<pb{attrs(n=span.attrs["n"], xml_id=xml_id, type="inferred", subtype="number")}/>'
            return f'<pb{attrs(n=span.attrs["n"], xml_id=xml_id)}/>'
        if span.kind == "note":
            key = span.attrs["n"]
            note = self.doc.notes.get(key)
            if note is None:
                return ""
            ident = f"fn-{key}"
            xml_id = None if ident in self.ids else ident
            self.ids.add(ident)
            return f'<note{attrs(xml_id=xml_id, n=key, place="foot")}>{self.inline(enriched_inline(note, self.glossary))}</note>'
        if span.kind == "correction":  # a deletion no other reading carries: its raw form, an empty corr
            return self.wrap(span, "", "")
        return ""

    def wrap(self, span: Span, inner: str, text: str) -> str:
        a = span.attrs
        if span.kind == "emphasis":
            return f'<hi rend="{"bold" if a.get("strong") else "italic"}">{inner}</hi>'
        if span.kind == "printed-note":
            return f'<ref{attrs(type="printed-note", n=a["n"])}>{inner}</ref>'
        if span.kind == "person":
            return f'<persName{attrs(ref=self.base + "people/" + a["id"] + "/", key=a["id"])}>{inner}</persName>'
        if span.kind == "term":
            return f'<term{attrs(ref=self.base + "glossary/#" + a["id"], key=a["id"])}>{inner}</term>'
        if span.kind == "correction":
            kind = CORR_TYPE[a["kind"]]
            # The raw forms of the deletions it carries follow on their own raw lines.
            raw = x(a["raw"]) + "".join(
                f'<lb{attrs(n=self.doc.record.corrections[other]["line"])}/>{x(self.doc.record.corrections[other]["raw"])}'
                for other in a.get("also", []))
            return (f'<choice><sic>{raw}</sic><corr{attrs(type=kind, resp="#editors", n=a["line"])}>'
                    f'{inner}</corr></choice>')
        if span.kind == "supplied":
            # A bracket that opens in one reading and closes in the next: two linked pieces.
            self.supplied += 1
            xml_id = f"supplied-{self.supplied}" if not (a["first"] and a["last"]) else None
            return (f'<supplied{attrs(reason=a.get("reason") or "lost in the source", resp="#editors", xml_id=xml_id)}'
                    f'{attrs(prev=None if a["first"] else f"#supplied-{self.supplied - 1}")}'
                    f'{attrs(next=None if a["last"] else f"#supplied-{self.supplied + 1}")}>{inner}</supplied>')
        if span.kind == "gap":
            return '<gap reason="illegible"/>'
        return inner

    def inline(self, inline: Inline) -> str:
        text = inline.text
        spans = sorted(split_crossing(inline.spans), key=lambda s: (s.start, s.end > s.start, -s.end))

        def content(span: Span) -> tuple[int, int]:
            """What of a span's text goes inside its element: a supplied piece's brackets
            are what the element says, and stay out of it."""
            if span.kind != "supplied":
                return span.start, span.end
            return span.start + span.attrs["first"], span.end - span.attrs["last"]

        def write(spans: list[Span], low: int, high: int) -> str:
            out, position, index = [], low, 0
            while index < len(spans):
                span = spans[index]
                index += 1
                out.append(x(text[position:span.start]))
                position = span.start
                if span.start == span.end:
                    out.append(self.point(span))
                    continue
                inside = []
                while index < len(spans) and spans[index].start < span.end:
                    if spans[index].end <= span.end:
                        inside.append(spans[index])
                    index += 1
                out.append(self.wrap(span, write(inside, *content(span)), text))
                position = span.end
            out.append(x(text[position:high]))
            return "".join(out)

        return write(spans, 0, len(text))


def header_xml(text: Text, edition: dict, rel: dict, changelog: list[dict], doc: Document) -> str:
    meta = text.meta
    csl = meta["citation"]["csl"]
    url = text_url(edition, text.slug)
    idnos = "".join(f"<idno{attrs(type=key)}>{x(value)}</idno>" for key, value in meta["identifiers"].items())
    fixers = "; ".join(f"{name} ({count})" for name, count in sorted(doc.record.fixer_counts.items()))
    changes = "".join(
        f'<change{attrs(when=entry["date"], n=entry["version"])}>Version {x(entry["version"])}: '
        + " ".join(x(plain(change)) for change in entry.get("changes", [])) + "</change>"
        for entry in changelog)
    container = meta.get("container") or {}
    in_title = f"<title level='m'>{x(plain(container['title']))}</title>" if container.get("title") else ""
    in_part = f"<biblScope>{x(container['part'])}</biblScope>" if container.get("part") else ""
    archive = f"<note type='archive'>{x(plain(meta['archive']))}</note>" if meta.get("archive") else ""
    original_title = x(csl.get("title", meta["title"]))
    publisher = x(meta.get("publisher") or "unknown")
    return f"""<teiHeader>
<fileDesc>
<titleStmt><title>{x(meta["title"])}</title><author>{x(meta["creator"])}</author><editor xml:id="editors">{x(edition["editors"])}</editor></titleStmt>
<editionStmt><edition n="{x(rel["version"])}">{x(edition["name"])}, version {x(rel["version"])}, <date when="{x(rel["date"])}">{x(rel["date"])}</date></edition></editionStmt>
<publicationStmt><publisher>{x(edition["name"])}</publisher><pubPlace>{x(url)}</pubPlace><date when="{x(rel["date"])}">{x(rel["date"])}</date><idno type="URL">{x(url)}</idno><idno type="version">{x(rel["version"])}</idno><availability><p>{x(plain(meta["rights"]))}</p></availability></publicationStmt>
<sourceDesc>
<bibl type="original"><title>{original_title}</title><author>{x(meta["creator"])}</author>{in_title}{in_part}<publisher>{publisher}</publisher><pubPlace>{x(meta["place"])}</pubPlace><date>{x(meta["date_display"])}</date>{idnos}<note type="citation">{x(plain(meta["citation"]["bibliography"]))}</note><note type="identification">{x(plain(meta["identification_note"]))}</note>{archive}</bibl>
<listWit><witness xml:id="witness">{x(plain(meta["witness"]))} The raw file: sources/{x(text.slug)}/raw.txt, SHA-256 {x(meta["sha256"])}.</witness></listWit>
</sourceDesc>
</fileDesc>
<encodingDesc>
<projectDesc><p>{x(edition["name"])}: {x(edition["subtitle"])}. A reading text made from the raw file by named cleanup steps, recorded corrections and recorded removal of document furniture; nothing else changes a word.</p></projectDesc>
<editorialDecl>
<correction><p>Every recorded correction is encoded where its reading stands, as choice/sic/corr (corr/@n: its raw line; a deletion the reading carries follows in sic after lb): repairs of OCR or transcription damage, silent in the reading text, of type ocr; slips of the original author or typist, corrected and flagged, of type typist; conjectures for lost text of type conjecture, their letters supplied (supplied, with a reason; a bracket that opens in one reading and closes in the next is two supplied linked by prev and next) and shown in square brackets in the reading text; text that cannot be read of type illegible, a gap (reason illegible), shown as [illegible]. Every recorded correction is listed in the back (div type="corrections"), with its raw line and reason.</p></correction>
<normalization><p>Cleanup steps applied (changes): {x(fixers or "none")}.</p></normalization>
<hyphenation><p>Words broken at line ends in the source are joined; the reading text has no line-end hyphens.</p></hyphenation>
<interpretation><p>Person names point at the register of people (persName/@ref, @key), terms at the glossary (term/@ref, @key). Page numbers in square brackets on the page are inferred by the editors (pb/@type="inferred").</p></interpretation>
</editorialDecl>
</encodingDesc>
<revisionDesc>{changes}</revisionDesc>
</teiHeader>"""


def block_xml(writer: Writer, item: Rich, aliases: list[str]) -> str:
    block = item.block
    anchors = "".join(f'<anchor{attrs(xml_id=old)}/>' for old in aliases if old not in writer.ids)
    writer.ids.update(aliases)
    ident = attrs(xml_id=block.id, n=block.number)
    if block.kind == "heading":
        return f"<head>{writer.inline(item.parts[0])}</head>"
    if block.kind == "anchor":
        return "".join(writer.inline(part) for part in item.parts)
    if block.kind == "list":
        items = "".join(f'<item{attrs(rend="indent" if part.depth else None)}>{writer.inline(part)}</item>' for part in item.parts)
        return f"<list{ident}>{anchors and '<head>' + anchors + '</head>'}{items}</list>"
    if block.kind == "participants":
        items = "".join(f'<item{attrs(rend="indent" if part.depth else None)}>{writer.inline(part)}</item>' for part in item.parts)
        return f'<list type="participants" xml:id="participants">{items}</list>'
    if block.kind == "subject":
        return f'<p rend="subject">{writer.inline(item.parts[0])}</p>'
    if block.kind == "header":
        return ""
    rend = None if block.kind == "para" else block.kind
    return f"<p{ident}{attrs(rend=rend)}>{anchors}{writer.inline(item.parts[0])}</p>"


def front_xml(writer: Writer, doc: Document) -> str:
    """The memorandum's structured header (not part of the reading text's paragraphs)."""
    if not doc.header:
        return ""
    rows = []
    for line in doc.header.get("heading", []):
        rows.append(f"<item>{x(line)}</item>")
    for field in doc.header.get("fields", []):
        values = []
        if isinstance(field.get("value"), Inline):
            values.append(writer.inline(field["value"]))
        values += [writer.inline(member) for member in field.get("members", [])]
        for group in field.get("groups", []):
            values += [writer.inline(member) for member in group["members"]]
        rows.append(f"<item><label>{x(field['label'])}</label> {'; '.join(values)}</item>")
    return f'<front><div type="header"><list>{"".join(rows)}</list></div></front>\n'


def back_xml(doc: Document) -> str:
    corrections = []
    for entry in doc.record.corrections:
        reading = (f'<seg type="reading">moved before raw line {x(entry["move_before"])}</seg>'
                   if entry["category"] == "displaced" else f'<seg type="reading">{x(entry.get("reading") or "")}</seg>')
        corrections.append(f'<item{attrs(n=entry["line"], ana=entry["category"])}><seg type="raw">{x(entry["raw"])}</seg> {reading} <note type="reason">{x(entry["reason"])}</note></item>')
    furniture = "".join(f'<item{attrs(n=item.line, ana=item.category)}>{x(item.text)}</item>' for item in doc.record.furniture)
    fixers = "".join(f'<item{attrs(n=count, ana=name)}>{x(name)}: {count}</item>' for name, count in sorted(doc.record.fixer_counts.items()))
    parts = ['<back>\n<div type="apparatus" xml:id="apparatus"><head>Editorial apparatus</head>']
    parts.append('<div type="corrections"><head>Recorded corrections (item/@n: raw line; @ana: category)</head>'
                 + (f"<list>{''.join(corrections)}</list>" if corrections else "<p>None.</p>") + "</div>")
    parts.append('<div type="cleanup"><head>Cleanup steps (item/@n: changes)</head>'
                 + (f"<list>{fixers}</list>" if fixers else "<p>None.</p>") + "</div>")
    parts.append('<div type="furniture"><head>Furniture removed (item/@n: raw line; @ana: category)</head>'
                 + (f"<list>{furniture}</list>" if furniture else "<p>None.</p>") + "</div>")
    parts.append("</div>\n</back>")
    return "\n".join(parts)


def tei(text: Text, doc: Document, edition: dict, rel: dict, changelog: list[dict],
        glossary: list[Entry], aliases: dict[str, list[str]], rich: list[Rich]) -> str:
    """The TEI P5 document of one text; `rich` is its blocks with the data's spans
    (``spans.enriched``, made once for the TEI, the JSON and the plain text)."""
    writer = Writer(edition["base_url"], doc, glossary)
    every_alias = {ident: sorted(set(aliases.get(ident, []) + doc.aliases.get(ident, [])))
                   for ident in set(aliases) | set(doc.aliases)}
    body = []
    if doc.title.text:
        body.append(f'<head type="document">{writer.inline(enriched_inline(doc.title, glossary))}</head>')
    # Flat divisions: each heading opens one (TEI lets no p follow a div in the body).
    opened = False
    for item in rich:
        if item.block.kind == "heading":
            if opened:
                body.append("</div>")
            body.append(f'<div{attrs(n=item.block.level)}>')
            opened = True
        body.append(block_xml(writer, item, every_alias.get(item.block.id, [])))
    if opened:
        body.append("</div>")
    called = {span.attrs["n"] for item in rich for part in item.parts for span in part.spans if span.kind == "note"}
    called |= {span.attrs["n"] for span in doc.title.spans if span.kind == "note"}
    loose = [key for key in doc.notes if key not in called]
    if loose:
        notes = "".join(writer.point(Span("note", 0, 0, {"n": key})) for key in loose)
        body.append(f'<div type="notes"><p>{notes}</p></div>' if opened else f"<p>{notes}</p>")
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="{TEI_NS}" xml:lang="en" xml:id="{x(text.slug)}">\n'
            + header_xml(text, edition, rel, changelog, doc) + "\n<text>\n" + front_xml(writer, doc)
            + "<body>\n" + "\n".join(part for part in body if part) + "\n</body>\n" + back_xml(doc)
            + "\n</text>\n</TEI>\n")


# Reading a TEI file back to plain text.

def _q(name: str) -> str:
    return f"{{{TEI_NS}}}{name}"


def _text(element: ET.Element, notes: list[str]) -> str:
    """The reading of an element: sic, notes, pb and anchors out; supplied in brackets; a gap
    ``[illegible]``. Notes are collected into `notes`, in order."""
    out = [element.text or ""]
    for child in element:
        tag = child.tag
        if tag == _q("note"):
            inner: list[str] = []
            notes.append(_text(child, inner))
            notes.extend(inner)
        elif tag == _q("sic"):
            pass
        elif tag == _q("supplied"):  # its brackets: a piece of a split bracket has one only
            out.append(("" if child.get("prev") else "[") + _text(child, notes) + ("" if child.get("next") else "]"))
        elif tag == _q("gap"):
            out.append("[illegible]")
        elif tag in (_q("pb"), _q("anchor")):
            pass
        else:
            out.append(_text(child, notes))
        out.append(child.tail or "")
    return "".join(out)


def reading_text(xml: str) -> str:
    """The plain reading text of a TEI file of the edition: its document title, each block of
    the body (headings included; a list's items joined by spaces), then the notes."""
    root = ET.fromstring(xml)
    body = root.find(f"{_q('text')}/{_q('body')}")
    lines: list[str] = []
    notes: list[str] = []

    def walk(element: ET.Element) -> None:
        for child in element:
            if child.tag == _q("div"):
                walk(child)
            elif child.tag == _q("list"):
                line = " ".join(_text(item, notes) for item in child.findall(_q("item")))
                if line:
                    lines.append(line)
            elif child.tag in (_q("head"), _q("p")):
                line = _text(child, notes)
                if line:
                    lines.append(line)

    walk(body)
    return "\n".join(lines + notes)


def list_person(people: list[dict], edition: dict, rel: dict) -> str:
    """The register of people as a TEI document with one ``listPerson``."""
    base = edition["base_url"].rstrip("/") + "/"
    persons = []
    for person in people:
        dates = ""
        if person.get("born"):
            dates += f'<birth when="{int(person["born"]):04d}"/>'
        if person.get("died"):
            dates += f'<death when="{int(person["died"]):04d}"/>'
        forms = "".join(f'<persName type="form">{x(form)}</persName>' for form in person.get("forms", []))
        forms += "".join(f'<persName type="variant">{x(form)}</persName>' for form in person.get("other_forms", []))
        persons.append(
            f'<person xml:id="{x(person["id"])}"><persName type="display">{x(person["name"])}</persName>'
            f'<persName type="sort">{x(person["sort"])}</persName>{forms}{dates}'
            f'<note type="identification">{x(person["identification"])}</note>'
            f'<note type="texts">{x(" ".join(person.get("texts", [])))}</note>'
            f'<idno type="URL">{x(base)}people/{x(person["id"])}/</idno></person>')
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="{TEI_NS}" xml:lang="en">
<teiHeader><fileDesc><titleStmt><title>{x(edition["name"])}: the register of people</title><editor>{x(edition["editors"])}</editor></titleStmt>
<publicationStmt><publisher>{x(edition["name"])}</publisher><date when="{x(rel["date"])}">{x(rel["date"])}</date><idno type="version">{x(rel["version"])}</idno><idno type="URL">{x(base)}people/</idno></publicationStmt>
<sourceDesc><p>sources/people.yaml of the edition.</p></sourceDesc></fileDesc></teiHeader>
<text><body><listPerson>
{chr(10).join(persons)}
</listPerson></body></text>
</TEI>
"""
