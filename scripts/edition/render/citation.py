"""Citations of a text and of this edition: Chicago and APA strings, CSL-JSON, BibTeX, head metadata.

One record is the reference for each original document: the CSL data in ``source.yaml``
(``citation.csl``). From it this module derives the CSL-JSON item, the BibTeX entry and the
page head's tags; the Chicago note, bibliography entry and APA reference written beside it in
``source.yaml`` are its rendering by citeproc-js, which ``tests/test_citations.py`` checks.
The item of the text as published in this edition (author of the original, title, the
edition, version, release date, address) is derived here, and so are its Chicago and APA
strings, in the form citeproc-js gives a CSL ``document`` in a container (the test checks
that too). The base URL is ``site_url`` in mkdocs.yml (:func:`edition.sources.load_edition`).

The page head (read by Zotero's Embedded Metadata translator and by Google Scholar) carries
the *original*: its type, creators, date, container, publisher, pages. What decides the
Zotero item type (translator ``Embedded Metadata.js``): ``citation_inbook_title`` makes a book
section and ``citation_technical_report_institution`` a report; without either, a
``citation_title`` alone makes a journal article, unless an RDF statement names the type
(``z.itemType``, the Zotero RDF namespace, read through the translator's RDF import), which
is how the memorandum becomes a manuscript and the cards a web page. Fields that no HighWire
tag carries go in the same ``z.`` namespace (place, archive, the item's kind, a line in
Extra). Institutional creators are left out of ``citation_author``: the translator splits
every author tag into first and last name ("US Department of State" would become
"State, US Department of"), and no meta tag can give it a one-field name.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..cleanup.marks import emphasised, literal
from ..sources import Text

# The placeholder address of an unpublished edition (`edition build` says so in one line).
PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net")

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def edition_version(root: Path) -> str:
    """The edition's version: that of the newest entry of ``sources/changelog.yaml``, its one
    source (read from the edition's root at every build: no reinstall needed; pyproject.toml's
    version is packaging metadata, held equal by tests/test_build.py)."""
    from ..sources import load_changelog

    return release(load_changelog(root))["version"]


def text_url(edition: dict, slug: str) -> str:
    return f"{edition['base_url'].rstrip('/')}/texts/{slug}/"


def pdf_url(edition: dict, slug: str) -> str:
    return f"{text_url(edition, slug)}{slug}.pdf"


def is_placeholder(base_url: str) -> bool:
    """Whether the base URL is still the placeholder (no real address chosen yet).

    >>> is_placeholder("https://example.org/thaw-edition/"), is_placeholder("https://thaw.example.edu/")
    (True, False)
    """
    host = re.sub(r"^https?://([^/:]+).*", r"\1", base_url).lower()
    return host in PLACEHOLDER_HOSTS


def release(changelog: list[dict]) -> dict:
    """The edition's current release: the changelog's newest entry (the changelog is kept
    newest first)."""
    return changelog[0]


def plain(value: str) -> str:
    """Chicago strings carry *italics*; metadata wants plain text."""
    return emphasised(value).text


def date_parts(value: str) -> list[int]:
    """'1961-06-03' -> [1961, 6, 3]; '1962' -> [1962]."""
    return [int(part) for part in value.split("-")]


def human_date(value: str) -> str:
    """The date as Chicago and the reader write it.

    >>> human_date("2026-11-23"), human_date("1961-06"), human_date("1962")
    ('November 23, 2026', 'June 1961', '1962')
    """
    parts = date_parts(value)
    if len(parts) == 3:
        return f"{MONTHS[parts[1] - 1]} {parts[2]}, {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


def quoted(title: str) -> str:
    """A title to be set in double quotation marks: its own double quotes become single
    (Chicago 6.11), as citeproc-js does.

    >>> quoted("Khrushchev and the “Anti-Party Group” (1953–1957)")
    'Khrushchev and the ‘Anti-Party Group’ (1953–1957)'
    """
    return title.replace("“", "‘").replace("”", "’")


# --- names -------------------------------------------------------------------------------

def name_display(name: dict) -> str:
    """'Avis Bohlen'; an institution as it is named."""
    return name.get("literal") or f"{name['given']} {name['family']}"


def name_sorted(name: dict) -> str:
    """'Bohlen, Avis' (the first name of a bibliography entry)."""
    return name.get("literal") or f"{name['family']}, {name['given']}"


def name_apa(name: dict) -> str:
    """'Zubok, V. M.' (APA gives initials)."""
    if "literal" in name:
        return name["literal"]
    initials = " ".join(f"{part[0]}." for part in name["given"].replace(".", " ").split())
    return f"{name['family']}, {initials}"


def join_names(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


# --- CSL-JSON ----------------------------------------------------------------------------

def original_item(text: Text) -> dict[str, Any]:
    """The CSL-JSON item of the original document, from source.yaml's `citation.csl`."""
    item = {"id": f"{text.slug}-original", **text.meta["citation"]["csl"]}
    if "issued" in item:
        item["issued"] = {"date-parts": [date_parts(item["issued"])]}
    return item


def edition_item(text: Text, edition: dict, rel: dict) -> dict[str, Any]:
    """The CSL-JSON item of the text as published here: a `document` in the edition (the
    type for which both Chicago and APA print the version and the full date). The author is
    the original's; the edition's editors are not named people, so they are not given."""
    original = text.meta["citation"]["csl"]
    item: dict[str, Any] = {"id": f"{text.slug}-edition", "type": "document"}
    if original.get("author"):
        item["author"] = original["author"]
    item.update({
        "title": text.meta["title"],
        "container-title": edition["name"],
        "version": rel["version"],
        "issued": {"date-parts": [date_parts(rel["date"])]},
        "URL": text_url(edition, text.slug),
    })
    return item


def csl_items(text: Text, edition: dict, rel: dict) -> list[dict[str, Any]]:
    """CSL-JSON: the original document, and the text as published in this edition."""
    return [original_item(text), edition_item(text, edition, rel)]


# --- the edition's own citation ------------------------------------------------------------

def edition_citation(text: Text, edition: dict, rel: dict) -> dict[str, str]:
    """Chicago note and bibliography entry and APA reference of the text as published in this
    edition (Markdown italics), the plain note without its address (to which a paragraph's
    citation adds the paragraph and page), and the parts the page's scripts and PDFs use."""
    item = edition_item(text, edition, rel)
    authors = item.get("author", [])
    # The data set into these strings is text: `literal` keeps an asterisk typed in it from
    # being read as the strings' own italics (``rich``, ``plain``). The name is set in
    # italics without the white space at its ends, which the page would not show and which
    # would keep ``*…*`` from being italics (cleanup.marks.EMPHASIS_RE).
    title, name, version = literal(item["title"]), literal(edition["name"].strip()), rel["version"]
    when, url = human_date(rel["date"]), literal(item["URL"])
    lead_note = literal(join_names([name_display(a) for a in authors]))
    lead_bib = literal(join_names([name_sorted(authors[0])] + [name_display(a) for a in authors[1:]])) if authors else ""
    note_head = (f"{lead_note}, " if lead_note else "") + f"“{quoted(title)},” in *{name}*, version {version}, {when}"
    bibliography = (lead_bib + ("" if lead_bib.endswith(".") else ".") + " " if lead_bib else "") + f"“{quoted(title)}.” In *{name}*, version {version}. {when}. {url}."
    year, month_day = str(date_parts(rel["date"])[0]), when.rsplit(",", 1)[0]
    apa_date = f"({year}, {month_day})"
    if authors:
        lead = literal(join_names([name_apa(a) for a in authors]).replace(" and ", ", & "))
        apa = f"{lead}{'' if lead.endswith('.') else '.'} {apa_date}. {title}. In *{name}* (Version {version}). {url}"
    else:
        apa = f"{title}. {apa_date}. In *{name}* (Version {version}). {url}"
    return {
        "note": f"{note_head}, {url}.",
        "bibliography": bibliography,
        "apa": apa,
        "head": plain(note_head),
        "url": item["URL"],
        "author": join_names([name_display(a) for a in authors]),
        "edition": edition["name"],
        "date": when,
    }


# --- BibTeX (biblatex) -----------------------------------------------------------------------

def bibtex_type(item: dict[str, Any]) -> str:
    """The biblatex entry type of a CSL item. A chapter with an editor of the book is
    @incollection; a chapter of a one-author book @inbook; a web page with an address
    @online, without one @misc (biblatex's @online requires a url)."""
    kind = item["type"]
    if kind == "chapter":
        return "incollection" if item.get("editor") else "inbook"
    if kind == "webpage":
        return "online" if item.get("URL") else "misc"
    return {"report": "report", "manuscript": "unpublished", "document": "online"}.get(kind, "misc")


# CSL variable -> biblatex field, by entry type (None: all types). Where biblatex's data
# model has no field for a CSL variable in that type, the value goes where biblatex prints it:
# an archive in `addendum` (no archive field), a manuscript's kind in `howpublished` (no
# `type` in @unpublished), a report's series before its type (no `series` in @report), the
# edition's name in `organization` (no booktitle in @online).
BIBTEX_FIELDS: dict[str, dict[str | None, str]] = {
    "title": {None: "title"},
    "container-title": {"online": "organization", None: "booktitle"},
    "collection-title": {None: "series"},
    "chapter-number": {None: "chapter"},
    "volume": {None: "volume"},
    "publisher": {"report": "institution", None: "publisher"},
    "publisher-place": {None: "location"},
    "page": {None: "pages"},
    "genre": {"unpublished": "howpublished", None: "type"},
    "version": {None: "version"},
    "URL": {None: "url"},
    "note": {None: "note"},
}


def _bib_escape(value: str) -> str:
    """Text for a braced BibTeX value: the characters TeX reads as commands escaped."""
    return re.sub(r"([&%$#_])", r"\\\1", value)


def _bib_names(names: list[dict]) -> str:
    """Personal names as 'Family, Given'; an institution in braces, so no parser splits it."""
    return " and ".join("{" + n["literal"] + "}" if "literal" in n else f"{n['family']}, {n['given']}"
                        for n in names)


def bibtex_fields(item: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """The entry type and fields (in order) of a CSL item, values already BibTeX text."""
    kind = bibtex_type(item)
    fields: dict[str, str] = {}
    if item.get("author"):
        fields["author"] = _bib_names(item["author"])
    if item.get("editor"):
        fields["editor"] = _bib_names(item["editor"])
    for variable, targets in BIBTEX_FIELDS.items():
        value = item.get(variable)
        if not value:
            continue
        field = targets.get(kind, targets[None])
        if variable == "URL":
            fields[field] = value  # verbatim: no escaping in a url
        elif variable == "page":
            fields[field] = str(value).replace("-", "--")
        elif variable in ("title", "container-title") and field != "organization":
            fields[field] = "{" + _bib_escape(value) + "}"  # protected: no style recases it
        else:
            fields[field] = _bib_escape(str(value))
    if kind == "report" and "series" in fields:
        fields["type"] = f"{fields.pop('series')} {fields.get('type', 'report')}"
    if item.get("archive"):
        place = item.get("archive-place")
        fields["addendum"] = _bib_escape(item["archive"] + (f", {place}" if place else ""))
    if item.get("issued"):
        fields["date"] = "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(item["issued"]["date-parts"][0]))
    return kind, fields


def bibtex(items: list[dict[str, Any]]) -> str:
    """biblatex entries for CSL items: full dates (`date`), protected titles, institutions
    as one name, and each CSL variable in the field biblatex's data model has for it."""
    entries = []
    for item in items:
        kind, fields = bibtex_fields(item)
        body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields.items())
        entries.append(f"@{kind}{{{item['id']},\n{body}\n}}\n")
    return "\n".join(entries)


# --- the page head --------------------------------------------------------------------------

ZOTERO_TYPES = {"chapter": "bookSection", "report": "report", "manuscript": "manuscript",
                "webpage": "webpage", "document": "document"}
SCHEMA_TYPES = {"chapter": "Chapter", "report": "Report", "manuscript": "Manuscript",
                "webpage": "WebPage", "document": "CreativeWork"}


def zotero_tags(csl: dict[str, Any]) -> list[list[str]]:
    """The HighWire (`citation_*`) and Zotero RDF (`z.*`) tags of the original, in the form
    Zotero's Embedded Metadata translator reads them (see the module's docstring)."""
    kind = csl["type"]
    tags = [["citation_title", csl["title"]]]
    tags += [["citation_author", name_sorted(a)] for a in csl.get("author", []) if "literal" not in a]
    tags += [["citation_editor", name_sorted(e)] for e in csl.get("editor", []) if "literal" not in e]
    if csl.get("issued"):
        tags.append(["citation_publication_date", csl["issued"].replace("-", "/")])
    if kind == "chapter":
        tags.append(["citation_inbook_title", csl["container-title"]])  # -> book section
    elif kind == "report":
        tags.append(["citation_technical_report_institution", csl["publisher"]])  # -> report
    else:
        tags.append(["z.itemType", ZOTERO_TYPES[kind]])  # -> manuscript, web page
    if csl.get("collection-title"):
        tags.append(["citation_series_title", csl["collection-title"]])
    if csl.get("volume"):
        tags.append(["citation_volume", csl["volume"]])
    if csl.get("publisher") and kind != "report":
        tags.append(["citation_publisher", csl["publisher"]])
    if csl.get("page"):
        first, _, last = str(csl["page"]).partition("-")
        tags.append(["citation_firstpage", first])
        if last:
            tags.append(["citation_lastpage", last])
    if csl.get("URL"):
        tags.append(["citation_public_url", csl["URL"]])
    if csl.get("publisher-place"):
        tags.append(["z.place", csl["publisher-place"]])
    if csl.get("archive"):
        tags.append(["z.archive", csl["archive"]])
    if csl.get("genre"):
        field = {"report": "reportType", "manuscript": "manuscriptType", "webpage": "websiteType"}.get(kind)
        if field:
            tags.append([f"z.{field}", csl["genre"]])
    return tags


def head_metadata(text: Text, edition: dict, rel: dict) -> dict[str, Any]:
    """What the page head carries: the original's tags for reference managers, the PDF of
    this edition, and schema.org JSON-LD (the edition's text, based on the original)."""
    csl = text.meta["citation"]["csl"]
    cite = edition_citation(text, edition, rel)
    tags = zotero_tags(csl)
    tags += [
        ["citation_pdf_url", pdf_url(edition, text.slug)],
        ["citation_language", "en"],
        ["z.extra", f"Read in {edition['name']}, version {rel['version']} ({cite['date']}), {cite['url']}"],
    ]

    def agents(names: list[dict]) -> list[dict]:
        return [{"@type": "Organization", "name": n["literal"]} if "literal" in n
                else {"@type": "Person", "givenName": n["given"], "familyName": n["family"],
                      "name": name_display(n)} for n in names]

    original: dict[str, Any] = {"@type": SCHEMA_TYPES.get(csl["type"], "CreativeWork"), "name": csl["title"]}
    if csl.get("author"):
        original["author"] = agents(csl["author"])
    if csl.get("editor"):
        original["editor"] = agents(csl["editor"])
    if csl.get("issued"):
        original["datePublished"] = csl["issued"]
    if csl.get("publisher"):
        original["publisher"] = {"@type": "Organization", "name": csl["publisher"]}
    if csl.get("container-title"):
        original["isPartOf"] = {"@type": "Book", "name": csl["container-title"]}
    if csl.get("page"):
        original["pagination"] = str(csl["page"])
    if csl.get("URL"):
        original["url"] = csl["URL"]
    jsonld = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": text.meta["title"],
        "url": cite["url"],
        "version": rel["version"],
        "datePublished": rel["date"],
        "isPartOf": {"@type": "Collection", "name": edition["name"], "version": rel["version"]},
        "isBasedOn": original,
        "license": plain(text.meta["rights"]),
        "description": text.meta["summary"],
    }
    if csl.get("author"):
        jsonld["author"] = agents(csl["author"])
    return {"tags": tags, "jsonld": jsonld}

