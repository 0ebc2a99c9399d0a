"""Citations of a text and of this edition: Chicago strings, CSL-JSON, BibTeX, head metadata.

The original document's Chicago note and bibliography entry are bibliographic data written
by the editors in ``source.yaml``; everything about the edition (version, date, URL) is
derived here, so that it changes in one place.
"""

from __future__ import annotations

from importlib.metadata import version as package_version
from typing import Any

from ..cleanup.marks import emphasised
from ..sources import Text

PACKAGE = "thaw-edition"


def edition_version() -> str:
    return package_version(PACKAGE)


def text_url(edition: dict, slug: str) -> str:
    return f"{edition['base_url'].rstrip('/')}/texts/{slug}/"


def release(changelog: list[dict]) -> dict:
    """The changelog entry of the installed version (the edition's current release)."""
    current = edition_version()
    for entry in changelog:
        if entry["version"] == current:
            return entry
    raise ValueError(f"sources/changelog.yaml has no entry for version {current}")


def plain(value: str) -> str:
    """Chicago strings carry *italics*; metadata wants plain text."""
    return emphasised(value).text


def edition_citation(text: Text, edition: dict, rel: dict) -> dict[str, str]:
    """Chicago note and bibliography entry for the text as published in this edition."""
    title = text.meta["title"]
    url = text_url(edition, text.slug)
    name = edition["name"]
    return {
        "note": (
            f"“{title},” in *{name}*, ed. {edition['editors']}, version {rel['version']} "
            f"({rel['date']}), {url}."
        ),
        "bibliography": (
            f"“{title}.” In *{name}*, edited by {edition['editors']}. Version {rel['version']}, "
            f"{rel['date']}. {url}."
        ),
        "url": url,
    }


def csl_items(text: Text, edition: dict, rel: dict) -> list[dict[str, Any]]:
    """CSL-JSON: the original document, and the text as published in this edition."""
    original = {"id": f"{text.slug}-original", **text.meta["citation"]["csl"]}
    if "issued" in original:
        original["issued"] = {"date-parts": [[int(p) for p in original["issued"].split("-")]]}
    published = {
        "id": f"{text.slug}-edition",
        "type": "webpage",
        "title": text.meta["title"],
        "container-title": edition["name"],
        "editor": [{"literal": edition["editors"]}],
        "version": rel["version"],
        "issued": {"date-parts": [[int(p) for p in rel["date"].split("-")]]},
        "URL": text_url(edition, text.slug),
    }
    if "author" in original:
        published["author"] = original["author"]
    return [original, published]


BIBTEX_TYPES = {"chapter": "incollection", "report": "techreport", "webpage": "online"}


def _bib_value(value: str) -> str:
    return "{" + value + "}"


def bibtex(items: list[dict[str, Any]]) -> str:
    """BibTeX for CSL items (the common fields; biblatex reads @online)."""
    entries = []
    for item in items:
        fields = {"title": item.get("title")}
        names = item.get("author", []) or item.get("editor", [])
        people = " and ".join(
            "{" + n["literal"] + "}" if "literal" in n else f"{n['family']}, {n['given']}" for n in names
        )
        if people:
            fields["editor" if "editor" in item and "author" not in item else "author"] = people
        if "issued" in item:
            fields["year"] = str(item["issued"]["date-parts"][0][0])
        for csl, bib in (("container-title", "booktitle"), ("publisher", "publisher"),
                         ("publisher-place", "address"), ("page", "pages"), ("URL", "url"),
                         ("version", "version"), ("number", "number"), ("genre", "type"),
                         ("archive", "note")):
            if csl in item:
                fields[bib] = str(item[csl])
        if item.get("type") == "report":
            fields["institution"] = fields.pop("publisher", "")
        body = ",\n".join(f"  {k} = {_bib_value(v)}" for k, v in fields.items() if v)
        kind = BIBTEX_TYPES.get(item.get("type", ""), "misc")
        entries.append(f"@{kind}{{{item['id']},\n{body}\n}}\n")
    return "\n".join(entries)


def head_metadata(text: Text, edition: dict, rel: dict) -> dict[str, Any]:
    """What the page head carries: Zotero-readable citation_* tags and schema.org JSON-LD."""
    csl = text.meta["citation"]["csl"]
    authors = [a.get("literal") or f"{a['family']}, {a['given']}" for a in csl.get("author", [])]
    tags = [["citation_title", text.meta["title"]]]
    tags += [["citation_author", a] for a in authors]
    if "issued" in csl:
        tags.append(["citation_date", csl["issued"].replace("-", "/")])
    tags += [
        ["citation_publisher", edition["name"]],
        ["citation_online_date", rel["date"].replace("-", "/")],
        ["citation_public_url", text_url(edition, text.slug)],
        ["citation_language", "en"],
    ]
    if "container-title" in csl:
        tags.append(["citation_inbook_title", csl["container-title"]])
    jsonld = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": text.meta["title"],
        "url": text_url(edition, text.slug),
        "isPartOf": {"@type": "Collection", "name": edition["name"], "version": rel["version"]},
        "dateCreated": csl.get("issued", "unknown"),
        "datePublished": rel["date"],
        "license": plain(text.meta["rights"]),
        "description": text.meta["summary"],
    }
    if authors:
        jsonld["author"] = [{"@type": "Person" if "," in a else "Organization", "name": a} for a in authors]
    return {"tags": tags, "jsonld": jsonld}
