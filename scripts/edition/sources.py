"""Loading the edition's data under ``sources/``: raw texts, their metadata, and checks.

Every loader reads bytes, decodes strictly and reports problems as :class:`EditionError`
naming the file and line, so bad input never reaches the renderer. All data is read from
the edition's root (the folder holding ``mkdocs.yml`` and ``sources/``), never from where
the package happens to be installed.

Every YAML file is read by one strict loader (:class:`StrictLoader`: a key given twice is
an error, dates stay text) and checked against its rule in ``data/schemas.yaml`` by one
checker (:func:`check`), so that each file and each entry is held to a stated form with the
same few codes (S104-S108, S114, S115), each naming the file and the line.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .errors import fail

PACKAGE_DATA = Path(__file__).parent / "data"
LEXICON = Path("sources") / "lexicon.txt"
CHANGELOG = Path("sources") / "changelog.yaml"


@dataclass
class Text:
    """One text of the edition: its slug, raw evidence and metadata."""

    slug: str
    raw: str
    meta: dict[str, Any]
    folder: Path
    corrections: list[dict[str, Any]] = field(default_factory=list)
    # What reading the raw file normalised, as (raw, reading, count): a byte-order mark, CRLF
    # line ends. The apparatus lists it as the step normalise_newlines; the file on disk,
    # and its checksum, are the bytes as they were.
    normalised: tuple[tuple[str, str, int], ...] = ()

    @property
    def raw_path(self) -> Path:
        return self.folder / "raw.txt"

    @property
    def options(self) -> dict[str, Any]:
        """The profile's options for this text: those source.yaml gives, the others at their
        default (``data/schemas.yaml``, rule ``options-<profile>``)."""
        given = self.meta.get("options", {})
        fields = schema(f"options-{self.meta['profile']}")["fields"]
        return {key: given.get(key, rule.get("default")) for key, rule in fields.items()}

    @property
    def lines(self) -> list[tuple[int, str]]:
        """The raw lines with the recorded corrections applied, in reading order, each with
        its raw line number."""
        from .cleanup.corrections import apply_corrections

        return apply_corrections(self.raw, self.corrections, self.raw_path)[0]


def require_file(path: Path) -> Path:
    """A data file the edition cannot do without: missing, it is an error (S116) rather
    than an empty default that silently changes the texts."""
    if not path.is_file():
        raise fail("S116", path)
    return path


def decode_utf8(data: bytes, path: Path) -> str:
    """Decode bytes as strict UTF-8; an undecodable byte is an error naming its line (S101)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise fail("S101", path, line, byte=data[exc.start]) from None


def read_utf8(path: Path) -> str:
    """Read a file (it must exist: S116) as strict UTF-8."""
    return decode_utf8(require_file(path).read_bytes(), path)


def normalise_newlines(text: str) -> tuple[str, tuple[tuple[str, str, int], ...]]:
    r"""The text with a leading byte-order mark removed and CRLF or CR line ends made LF,
    and what was done, as (raw, reading, count) (nothing, for the seeds).

    A copy saved by another editor or tool may gain a BOM (which would make the title line
    a paragraph and move every anchor) or CRLF (the carriage return counts as text to the
    fixers and re-spaces lines); neither is part of the evidence's wording.

    >>> normalise_newlines("\ufeffa\r\nb\r\nc\rd")
    ('a\nb\nc\nd', (('byte-order mark', '(nothing)', 1), ('CR LF', 'LF', 2), ('CR', 'LF', 1)))
    >>> normalise_newlines("a\nb")
    ('a\nb', ())
    """
    done = []
    if text.startswith("\ufeff"):
        text = text[1:]
        done.append(("byte-order mark", "(nothing)", 1))
    for ending, name in (("\r\n", "CR LF"), ("\r", "CR")):
        count = text.count(ending)
        if count:
            text = text.replace(ending, "\n")
            done.append((name, "LF", count))
    return text, tuple(done)


def read_word_list(path: Path) -> list[str]:
    """A word list kept as data: one entry a line; '#' starts a comment; blanks skipped.
    The file must exist (S116)."""
    entries = []
    for line in read_utf8(path).splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            entries.append(line)
    return entries


# --- YAML: one strict loader ----------------------------------------------------------------

class DuplicateKey(yaml.YAMLError):
    """A mapping gives one key twice (S114); raised inside the loader, reported with the file."""

    def __init__(self, key: Any, line: int, first: int):
        super().__init__(f"duplicate key {key!r}")
        self.key, self.line, self.first = key, line, first


# libyaml's parser when PyYAML was built with it (its wheels are): the pure-Python one spent
# most of the time of loading the data.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class StrictLoader(_SAFE_LOADER):
    r"""PyYAML's SafeLoader, with two differences that keep data from being silently wrong:

    - a key given twice in one mapping is an error (S114), where PyYAML lets the last win;
    - a date stays the text it is written as (the schema checks it), where PyYAML would make
      a date object of ``2026-11-23`` and raise a bare ValueError on ``2026-13-45``.

    >>> yaml.load("a: 1\nb: 2\na: 3\n", Loader=StrictLoader)
    Traceback (most recent call last):
    ...
    edition.sources.DuplicateKey: duplicate key 'a'
    >>> yaml.load("date: 2026-11-23", Loader=StrictLoader)
    {'date': '2026-11-23'}
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # "<<: *base" merges a mapping; its keys may be overridden
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if isinstance(key, Hashable) and key in seen:
                raise DuplicateKey(key, line, seen[key])
            if isinstance(key, Hashable):
                seen[key] = line
        return super().construct_mapping(node, deep=deep)


StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _SAFE_LOADER.yaml_implicit_resolvers.items()
}


# Every YAML file parsed in this process, by path: (SHA-256 of its bytes, data, node tree).
# The pipeline, the checks and the profiles ask for the same files (crossrefs.yaml twice a
# build, every file again in `edition check`); a file is parsed again only when its bytes
# differ from those parsed, so an edited file can never be served stale.
_PARSED: dict[Path, tuple[str, Any, yaml.Node | None]] = {}


def clear_yaml_cache() -> None:
    """Forget every parsed file (the benchmark makes each copy of its corpus pay for parsing)."""
    _PARSED.clear()


def parse_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """The data of a YAML file and the node tree it was built from (for lines), parsed once
    a process for each content of the file (:data:`_PARSED`). The data is a deep copy of the
    cached one, so a caller that changes what it was given cannot change what the next
    caller gets."""
    data = require_file(path).read_bytes()
    key, digest = Path(path).resolve(), sha256(data)
    cached = _PARSED.get(key)
    if cached is None or cached[0] != digest:
        cached = (digest, *_parse_yaml_text(decode_utf8(data, path), path))
        _PARSED[key] = cached
    return copy.deepcopy(cached[1]), cached[2]


def _parse_yaml_text(text: str, path: Path) -> tuple[Any, yaml.Node | None]:
    """Parse YAML text (of ``path``, for errors) with :class:`StrictLoader`."""
    loader = StrictLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except DuplicateKey as exc:  # S114: a key twice, the last silently winning
        raise fail("S114", path, exc.line, key=exc.key, first=exc.first) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise fail("S102", path, line, problem=problem) from None
    finally:
        loader.dispose()
    return data, node


def line_of(node: yaml.Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None else None


def key_lines(node: yaml.Node | None) -> dict[str, int]:
    """Map each top-level key of a YAML mapping node to its 1-based line."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: line_of(k) for k, _ in node.value}


def load_yaml(path: Path, kind: str | None = None) -> tuple[Any, dict[str, int]]:
    """Load a YAML file, checked against the schema of ``kind`` when given; return the data
    and the line of each top-level key."""
    data, node = parse_yaml(path)
    if kind is not None:
        check_document(data, node, kind, path)
    return data, key_lines(node)


def load_yaml_list(path: Path, kind: str) -> list[tuple[Any, int]]:
    """Load a YAML file that holds a list of entries, checked against the schema of
    ``kind``; return each entry with the line it starts on."""
    data, node = parse_yaml(path)
    check_document(data, node, kind, path)
    return [(item, line_of(child)) for item, child in zip(data, node.value)]


def load_changelog(root: Path) -> list[dict[str, Any]]:
    """The releases (``sources/changelog.yaml``), newest first, checked."""
    data, _ = load_yaml(root / CHANGELOG, "changelog")
    return data


# --- The schema -----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def schemas() -> dict[str, dict[str, Any]]:
    """The rule of each kind of data file (``data/schemas.yaml``)."""
    data, _ = parse_yaml(PACKAGE_DATA / "schemas.yaml")
    return data


def schema(kind: str) -> dict[str, Any]:
    return schemas()[kind]


# What each type accepts, and how an error names it (S106).
TYPES = {
    "str": (lambda v: isinstance(v, str) and bool(v.strip()), "a non-empty string"),
    "text": (lambda v: isinstance(v, str), 'a string ("" for none)'),
    "str-or-null": (lambda v: v is None or (isinstance(v, str) and bool(v.strip())),
                    "a non-empty string or null"),
    "int": (lambda v: isinstance(v, int) and not isinstance(v, bool), "a whole number"),
    "bool": (lambda v: isinstance(v, bool), "true or false"),
    "date": (lambda v: isinstance(v, str), 'a date, "YYYY-MM-DD"'),
    "map": (lambda v: isinstance(v, dict), "a mapping of fields"),
    "list": (lambda v: isinstance(v, list), "a list"),
}
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _name(where: str) -> str:
    return f"Field '{where}'" if where else "The file"


def _is_date(value: str) -> bool:
    """A real day written YYYY-MM-DD (not 2026-13-45)."""
    try:
        return bool(DATE_RE.fullmatch(value)) and bool(datetime.date.fromisoformat(value))
    except ValueError:
        return False


def _required(rule: dict[str, Any], entry: dict) -> bool:
    """Whether a field must be present: always, or when another field has given values
    (a correction's reading, unless it is a displaced line)."""
    required = rule.get("required", False)
    if isinstance(required, dict):
        return all(entry.get(other) in values for other, values in required.items())
    return bool(required)


def _children(node: yaml.Node | None) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """The key and value nodes of a mapping node, by the key's text."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): (k, v) for k, v in node.value}


def check(value: Any, rule: dict[str, Any], path: Path, node: yaml.Node | None = None,
          where: str = "") -> None:
    """Check a value against its schema rule, and its fields or items against theirs; the
    first problem is raised, naming the field (``where``) and the line of its node."""
    line = line_of(node)
    kinds = rule["type"] if isinstance(rule["type"], list) else [rule["type"]]
    # S106: a string where a list belongs (people "forms: Adenauer"), null for a reading ...
    if not any(TYPES[kind][0](value) for kind in kinds):
        raise fail("S106", path, line, name=_name(where), kind=" or ".join(TYPES[k][1] for k in kinds))
    # S108: a changelog date that is no day (2026-13-45)
    if kinds == ["date"] and not _is_date(value):
        raise fail("S108", path, line, name=_name(where), form="a real date, YYYY-MM-DD")
    # S115: an empty list or mapping where entries are needed
    if rule.get("nonempty") and isinstance(value, (list, dict)) and not value:
        raise fail("S115", path, line, name=_name(where))
    if "length" in rule and isinstance(value, list) and len(value) != rule["length"]:
        raise fail("S106", path, line, name=_name(where), kind=f"a list of {rule['length']} items")
    # S107: a value outside its choices (a correction's category, a profile)
    if "choices" in rule and value not in rule["choices"]:
        raise fail("S107", path, line, name=_name(where), choices=", ".join(map(str, rule["choices"])))
    # S108: a value of the wrong form (a checksum, a version)
    if "pattern" in rule and isinstance(value, str) and not re.fullmatch(rule["pattern"], value):
        raise fail("S108", path, line, name=_name(where), form=rule.get("form", rule["pattern"]))
    if isinstance(value, dict):
        _check_mapping(value, rule, path, node, where)
    elif isinstance(value, list) and "items" in rule:
        items = node.value if isinstance(node, yaml.SequenceNode) else [node] * len(value)
        for number, (item, child) in enumerate(zip(value, items), start=1):
            check(item, rule["items"], path, child, f"{where}[{number}]")


def _check_mapping(value: dict, rule: dict[str, Any], path: Path, node: yaml.Node | None,
                   where: str) -> None:
    children = _children(node)

    def at(key: Any, part: int) -> yaml.Node | None:
        # A merged key ("<<: *base") has no node of its own: the mapping's line stands in.
        return children.get(str(key), (node, node))[part]

    def joined(key: Any) -> str:
        return f"{where}.{key}" if where else str(key)

    if "fields" in rule:
        fields = rule["fields"]
        for key in value:
            if key not in fields:  # S104: a typo ("rites:") or a field no code reads
                raise fail("S104", path, line_of(at(key, 0)), name=_name(joined(key)))
        for key, sub in fields.items():
            if key not in value:
                if _required(sub, value):  # S105: a field that must be there
                    raise fail("S105", path, line_of(node), name=_name(joined(key)))
                continue
            check(value[key], sub, path, at(key, 1), joined(key))
    elif "values" in rule:
        for key, item in value.items():
            check(item, rule["values"], path, at(key, 1), joined(key))


def check_document(data: Any, node: yaml.Node | None, kind: str, path: Path) -> None:
    """Check a whole file against the rule of its kind; a file that holds nothing (empty,
    or only comments) is an error (S115), never an empty default."""
    if data is None:
        raise fail("S115", path, 1, name=_name(""))
    check(data, schema(kind), path, node)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def raw_line_of(raw: str, word: str) -> int | None:
    r"""The first line of a raw text that holds ``word`` as a whole word: where a lint sends
    the editor (the source, never the generated page). None when OCR damage hides it.

    >>> raw_line_of("a SEATOx\nthe SEATO pact", "SEATO"), raw_line_of("x", "y")
    (2, None)
    """
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
    for number, line in enumerate(raw.split("\n"), start=1):
        if pattern.search(line):
            return number
    return None


def read_raw(path: Path) -> tuple[str, tuple[tuple[str, str, int], ...], str]:
    """A raw text: read once, as bytes; its text normalised (:func:`normalise_newlines`),
    what the normalising did, and the SHA-256 of the bytes as they are on disk."""
    data = require_file(path).read_bytes()  # S116: no raw.txt
    text, normalised = normalise_newlines(decode_utf8(data, path))
    if not text.strip():  # S115: an empty raw text would publish an empty page
        raise fail("S115", path, 1, name=_name(""))
    return text, normalised, sha256(data)


def load_text(folder: Path) -> Text:
    """Load one text folder: raw.txt (checked against its recorded SHA-256), source.yaml
    and, when there is one, corrections.yaml."""
    meta_path = folder / "source.yaml"
    meta, node = parse_yaml(meta_path)
    check_document(meta, node, "source", meta_path)
    lines = key_lines(node)
    # The profile's options, against that profile's rule (S104 for an option of another kind).
    check(meta.get("options", {}), schema(f"options-{meta['profile']}"), meta_path,
          _children(node).get("options", (node, node))[1], "options")
    if meta["slug"] != folder.name:
        raise fail("S109", meta_path, lines.get("slug"), slug=meta["slug"], folder=folder.name)
    raw_path = folder / "raw.txt"
    raw, normalised, digest = read_raw(raw_path)
    if digest != meta["sha256"]:
        raise fail("S110", raw_path)
    corrections: list[dict[str, Any]] = []
    corrections_path = folder / "corrections.yaml"
    if corrections_path.exists():
        data, _ = load_yaml(corrections_path, "corrections")
        corrections = data["corrections"]
    return Text(slug=folder.name, raw=raw, meta=meta, folder=folder, corrections=corrections,
                normalised=normalised)


# The one setting of the edition's public address: `site_url` in mkdocs.yml, which MkDocs
# reads itself (canonical links, the sitemap) and from which the pipeline derives every
# citation, CSL and BibTeX address and the PDFs' links.
SITE_URL_RE = re.compile(r"^site_url:[ \t]*[\"']?(?P<url>[^\"'#\s]*)[\"']?[ \t]*(?:#.*)?$", re.M)


def site_url(root: Path) -> str:
    """The edition's base URL: `site_url` in mkdocs.yml, an http(s) address ending in '/'
    (``S117`` otherwise). Read as one top-level line, not by loading mkdocs.yml, whose
    YAML may hold tags that only MkDocs resolves."""
    path = require_file(Path(root) / "mkdocs.yml")
    text = read_utf8(path)
    match = SITE_URL_RE.search(text)
    value = match["url"] if match else ""
    if not re.fullmatch(r"https?://[^\s/]+/(\S*/)?", value):
        line = text[:match.start()].count("\n") + 1 if match else None
        raise fail("S117", path, line, value=value or "(missing)")
    return value


def load_edition(root: Path) -> tuple[dict[str, Any], list[Text]]:
    """Load sources/edition.yaml and every text it lists, in its order, and give the word
    model this edition's lexicon (the fixers need it to clean the texts)."""
    from .cleanup.words import use_lexicon

    use_lexicon(read_word_list(root / LEXICON))
    path = root / "sources" / "edition.yaml"
    data, node = parse_yaml(path)
    check_document(data, node, "edition", path)
    from .render.config import number_word

    # The subtitle as shown: the number of texts, counted, before what they are.
    subtitle = f"{number_word(len(data['texts'])).capitalize()} {data['subtitle']}"
    edition = {**data, "base_url": site_url(root), "subtitle": subtitle}
    text_nodes = dict(_children(node))["texts"][1].value
    texts = []
    for slug, slug_node in zip(edition["texts"], text_nodes):
        folder = root / "sources" / slug
        if not folder.is_dir():
            raise fail("S112", path, line_of(slug_node), slug=slug)
        texts.append(load_text(folder))
    labels: dict[str, str] = {}
    for text in texts:  # S118: two texts of one label are two indistinguishable columns
        label = text.meta["label"]
        if label in labels:
            line = key_lines(parse_yaml(text.folder / "source.yaml")[1]).get("label")
            raise fail("S118", text.folder / "source.yaml", line, label=label, other=labels[label])
        labels[label] = text.slug
    slugs = {text.slug for text in texts}
    for text in texts:
        linked = [r["slug"] for r in text.meta.get("related", [])]
        linked += list(text.meta.get("note_links", {}).values())
        for slug in linked:
            if slug not in slugs:
                raise fail("S113", text.folder / "source.yaml", slug=slug)
    return edition, texts
