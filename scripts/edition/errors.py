"""Errors in the manner of `se lint`: a stable code, one plain sentence, file and line.

:data:`CODES` below is the one list of codes: each code has one meaning and one sentence
(a template whose ``{fields}`` name the particulars). Raise with :func:`fail`::

    raise fail("S105", path, line, field="title")

Categories (letter + three digits):

- ``E1xx`` the command line (no edition found).
- ``S1xx`` source files: encoding, YAML, schema, checksums, links between texts.
- ``C1xx`` corrections and recorded structure: entries that no longer match the raw text.
- ``B1xx`` build: the engine (MkDocs or Zensical) and its choice, the navigation, the site folder.
- ``A1xx`` freshness of docs/ and the word table, ``A2xx`` the conservation audit, ``A3xx`` the anchor
  manifest (``edition check``, ``edition anchors``).
- ``H1xx`` handouts and PDFs (``edition handout``).
- ``L1xx`` the link checker over the built site.
- ``R1xx`` references to passages (``slug#p-N``) in the data files; ``X1xx`` the
  cross-references, ``T1xx`` the timeline, ``G1xx`` the glossary (``G2xx`` its lint).
- ``P1xx`` the register of people (``P2xx`` its lint).
- ``Q1xx`` the proofreading lints (``edition.proof``): punctuation, quotation marks and
  word division in the reading texts; categories of the recorded corrections.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# The registry: code -> its one sentence, grouped by category. A test checks that every code
# here is raised by some test, and that the package names no code missing from here.
CODES: dict[str, str] = {
    # E: the command line
    "E101": "No edition found here (no mkdocs.yml with sources/ beside it).",
    "E102": "The slug '{slug}' must be lower-case words and digits joined by hyphens "
            "(frus-1961-63-v05-d85): it is the text's folder and address.",
    "E103": "The slug '{slug}' is taken: a text of that name is in edition.yaml or has a folder "
            "in sources/.",
    "E104": "There is no profile '{profile}'; the profiles are: {choices}.",
    "E105": "The raw file does not exist.",
    # S: source files (every YAML file is checked against scripts/edition/data/schemas.yaml)
    "S101": "The file is not valid UTF-8 (byte 0x{byte:02x}).",
    "S102": "The YAML is malformed: {problem}.",
    "S104": "{name} is not a known field.",
    "S105": "{name} is missing.",
    "S106": "{name} must be {kind}.",
    "S107": "{name} must be one of: {choices}.",
    "S108": "{name} does not have the expected form ({form}).",
    "S109": "Field 'slug' is '{slug}' but the folder is '{folder}'.",
    "S110": "The raw text does not match the SHA-256 recorded in source.yaml.",
    "S112": "Text '{slug}' has no folder sources/{slug}/.",
    "S113": "Linked text '{slug}' is not in the edition.",
    "S114": "The key '{key}' is given twice (first on line {first}); the second would silently win.",
    "S115": "{name} is empty.",
    "S116": "The required file is missing.",
    "S117": "The site_url must be the edition's public address, an http(s) URL ending in '/' "
            "(it is '{value}'); every citation, CSL, BibTeX and PDF address derives from it.",
    "S118": "The label '{label}' is that of '{other}' too: the people and glossary pages would "
            "show two columns of one name; give each text its own label.",
    # C: corrections and recorded structure that no longer match the raw text
    "C101": "The correction of '{raw}' names no such line.",
    "C102": "The displaced line '{raw}' no longer matches the raw line.",
    "C103": "The correction's raw form '{raw}' is not in the raw line.",
    "C104": "The correction's raw form '{raw}' is ambiguous: it occurs {count} times on the line; "
            "say which with 'occurrence'.",
    "C105": "The displaced line's 'move_before' names no such line.",
    "C106": "The note call {call} has no note {number}.",
    "C107": "The typescript has {calls} footnote calls (*) but {count} footnotes.",
    "C115": "The header word '{word}' does not stand in raw lines {first}-{last}.",
    "C116": "The catchword '{catchword}' does not open the next page.",
    "C117": "Folio {folio} falls on reconstructed page {page}.",
    "C118": "A paragraph decision must say either 'split' or 'merge', not both or neither.",
    "C119": "The words '{words}' must stand in exactly one paragraph where the decision says "
            "(inside it for a split, opening it for a merge); they stand in {count}.",
    "C120": "The FRUS text has no [Page N] marker: give the page it begins on as the option "
            "first_page.",
    "C121": "Note {number} is called nowhere in the reading text: its call was lost (flattened "
            "into a word, or not recognised by the profile).",
    "C122": "A note call names note {number}, which the text does not have.",
    "C123": "'{word}' has a digit glued to it: a note call the profile did not recognise? Set the "
            "profile's note options, or record a correction.",
    # B: the build and the site folder
    "B101": "{engine} failed to build the site: {detail}",
    "B102": "{folder} cannot be the site folder: it is {what}; a build replaces its site folder "
            "whole, so choose another --site-dir.",
    "B103": "The folder {folder} is not a site made by `edition build` (it has no .edition-site "
            "file) and is not empty; a build would replace it whole, so choose another --site-dir "
            "or empty it.",
    "B104": "Another build into {folder} is running (it holds {lock}); wait for it to end, then "
            "build again.",
    "B105": "The page {page} is in no entry of the navigation (nav) and matches no pattern of "
            "not_in_nav or exclude_docs: add it to nav, or to not_in_nav if it is reached otherwise.",
    "B106": "The navigation entry '{entry}' names no page: docs/{entry} does not exist.",
    "B107": "{variable} is '{name}'; it must be one of: {choices}.",
    "B108": "The engine '{engine}' is not installed: pip install -e '.[{extra}]' (or set "
            "engine: mkdocs in sources/edition.yaml).",
    "B115": "Pagefind could not index the site: {detail}",
    # A: freshness of docs/ (A1), the conservation audit (A2), the anchor manifest (A3)
    "A101": "The generated page {page} is out of date; run `edition build`.",
    "A102": "The word table {table} is not what generation looks up (a text changed, or "
            "wordfreq did); run `edition words` and commit it.",
    "A201": "Raw text '{text}' is not in the reading text.",
    "A301": "Anchor {anchor} was published and has vanished; restore it or alias it with "
            "`edition anchors --alias`.",
    "A302": "Anchor {anchor} now points at different text; if the change is intended, record it "
            "with `edition anchors --accept`.",
    "A303": "Anchor {anchor} has vanished; alias it before accepting.",
    "A304": "The alias target {anchor} does not exist.",
    "A305": "Anchor {anchor} still exists; it needs no alias.",
    "A306": "Anchor {anchor} would move to other text (it pointed at “{old}…”, now at “{new}…”); "
            "record a split or merge in sources/{slug}/paragraphs.yaml, or restore the text.",
    "A307": "The text '{slug}' has no anchors in the manifest: record them with "
            "`edition anchors --accept {slug}` once its reading text is right.",
    # H: handouts and PDFs
    "H101": "There is no text '{slug}' in this edition; the texts are: {slugs}.",
    "H102": "The paragraphs must be a number or a range such as 12-20, not '{spec}'.",
    "H103": "There is no paragraph {number} in '{slug}': its paragraphs are {numbers}.",
    "H104": "The site has not been built (no text pages found); run `edition build` first.",
    "H105": "WeasyPrint failed to render the PDF: {error}",
    "H106": "The page asks for {url}, which is outside the built site {site}; a PDF embeds only "
            "files of the site, so nothing was written: remove that link or image.",
    "H107": "The range '{spec}' is empty: give the first paragraph, then the last (12-20).",
    "H108": "WeasyPrint cannot run here ({error}): it needs `pip install -e .` and Pango (see the "
            "README's set-up line); or build with --no-pdf.",
    # L: the link checker over the built site
    "L101": "Link '{href}' is broken: {reason}.",
    # R: references to passages in the data files
    "R101": "The passage '{reference}' is not of the form slug#p-N.",
    "R102": "The passage '{reference}' names a text not in the edition.",
    "R103": "The passage '{reference}' does not exist: the text's paragraphs are {numbers}.",
    # X: cross-references
    "V101": "The past release {version} is missing from sources/releases/: {what} (a release listed in the changelog stays available; see sources/releases/README.md).",
    "V102": "The file of the past release {version} was altered: it no longer matches its checksum (SHA256SUMS, line {sums_line}); a release's files are never rewritten.",
    "V103": "The release {version} is frozen already: its files are never written again (list the next version in sources/changelog.yaml, then freeze that one when it is replaced).",
    "X102": "The relation '{relation}' is not one of: {choices}.",
    "X103": "The cross-reference joins {passage} to itself.",
    "X104": "{a} and {b} are already joined at line {first}.",
    # T: the timeline
    "T102": "The date '{value}' is not a real date of the form YYYY, YYYY-MM or YYYY-MM-DD.",
    "T103": "The event '{id}' ({date}) comes before '{other}' ({other_date}): keep the timeline "
            "in order of date.",
    "T104": "The id '{id}' must be unique and of the form lower-case-words.",
    "T105": "The event '{id}' ends ({end}) before it begins ({start}).",
    # G: the glossary (G2: its lint)
    "G102": "The id '{id}' must be unique and of the form lower-case-words.",
    "G103": "The form '{form}' is listed under '{other}' too.",
    "G104": "The form '{form}' of '{id}' does not occur in any text.",
    "G105": "The form '{form}' cannot be marked: it must begin and end with a letter or digit "
            "and hold only letters, digits, spaces, '.', '-' and '’'.",
    "G106": "The {field} '{value}' is not one of: {choices}.",
    "G107": "The entry '{id}' refers to unknown entry '{other}'.",
    "G108": "The gloss of '{id}' must be one line (it is a tooltip).",
    "G201": "'{word}' is written as an abbreviation but is neither a form in {glossary} nor "
            "listed in {allowed}.",
    # P: the register of people (P2: its lint)
    "P102": "{where}: the id must be unique, as surname-given.",
    "P103": "{where} names unknown text '{slug}'.",
    "P104": "Person {id} names unknown person id '{other}'.",
    "P201": "Capitalised word '{word}' is neither in the register of people nor in {allowed}.",
    "P202": "'{form}', a name form of {id}, stands in the text but {id}'s entry does not list "
            "'{slug}' in its texts: add it there, or list the phrase in sources/not-people.txt.",
    # Q: the proofreading lints (edition.proof)
    "Q101": "{anchor}: a space stands before a punctuation mark or after a parenthesis: '{snippet}'.",
    "Q102": "{anchor}: a quotation mark points the wrong way (an opening mark before a space or "
            "punctuation, a closing one after a space): '{snippet}'.",
    "Q103": "{anchor}: the paragraph opens {opened} double quotations and closes {closed}.",
    "Q104": "{anchor}: '{pair}' looks like the word '{word}' split in two; if it is right, list "
            "'{pair}' in {allowed}.",
    "Q105": "{anchor}: '{token}' is no known word but splits into '{parts}'; if it is right, list "
            "it in {allowed}.",
    "Q106": "The ocr correction of '{raw}' to '{reading}' changes a number: a number read otherwise "
            "than the source has it is a conjecture, shown in brackets.",
    "Q107": "The ocr correction of '{raw}' to '{reading}' mends clean letters: that is a typist's "
            "slip (category typist, flagged), not OCR damage.",
}

# Codes no longer raised, with what took their place: a code is never given a new meaning.
RETIRED: dict[str, str] = {
    "S103": "S106 (a file that must be a mapping)",
    "S111": "S105 (edition.yaml without 'texts')",
    "C110": "S105/S106 (corrections.yaml without a list)",
    "C111": "S106 (a correction that is not a mapping)",
    "C112": "S105 (a correction without a required field)",
    "C113": "S107 (an unknown correction category)",
    "C114": "S105 (a displaced line without 'move_before')",
    "P101": "S104-S106 (people.yaml's fields)",
    "G101": "S104-S106 (glossary.yaml's fields)",
    "X101": "S104-S106 (crossrefs.yaml's fields)",
    "T101": "S104-S106 (timeline.yaml's fields)",
}


@dataclass
class EditionError(Exception):
    """A problem a person must fix in a named file, at a named line when one is known."""

    code: str
    message: str
    path: Path | str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.code} {self.message}"


def fail(code: str, path: Path | str | None = None, line: int | None = None, **fields) -> EditionError:
    """The error ``code`` with its registered sentence, the particulars filled in.

    >>> CODES["Z999"] = "Field '{field}' is odd."
    >>> str(fail("Z999", "sources/x.yaml", 3, field="title"))
    "sources/x.yaml:3: Z999 Field 'title' is odd."
    >>> del CODES["Z999"]
    """
    return EditionError(code, CODES[code].format(**fields), path, line)
