"""Loading the edition's data under ``sources/``: raw texts, their metadata, and checks.

Every loader reads bytes, decodes strictly and reports problems as :class:`EditionError`
naming the file and line, so bad input never reaches the renderer.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .errors import EditionError

PACKAGE_DATA = Path(__file__).parent / "data"


@dataclass
class Text:
    """One text of the edition: its slug, raw evidence and metadata."""

    slug: str
    raw: str
    meta: dict[str, Any]
    folder: Path
    corrections: list[dict[str, Any]] = field(default_factory=list)

    @property
    def raw_path(self) -> Path:
        return self.folder / "raw.txt"

    @property
    def lines(self) -> list[tuple[int, str]]:
        """The raw lines with the recorded corrections applied, in reading order, each with
        its raw line number."""
        from .cleanup.corrections import apply_corrections

        return apply_corrections(self.raw, self.corrections, self.raw_path)[0]


def read_utf8(path: Path) -> str:
    """Read a file as strict UTF-8; an undecodable byte is an error naming its line."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise EditionError(
            "S101", f"The file is not valid UTF-8 (byte 0x{data[exc.start]:02x}).", path, line
        ) from None


def read_word_list(path: Path) -> list[str]:
    """A word list kept as data: one entry a line; '#' starts a comment; blanks skipped."""
    if not path.exists():
        return []
    entries = []
    for line in read_utf8(path).splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            entries.append(line)
    return entries


def _key_lines(node: yaml.Node) -> dict[str, int]:
    """Map each top-level key of a YAML mapping node to its 1-based line."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: k.start_mark.line + 1 for k, _ in node.value}


def load_yaml(path: Path) -> tuple[Any, dict[str, int]]:
    """Load a YAML file; return the data and the line of each top-level key."""
    text = read_utf8(path)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise EditionError("S102", f"The YAML is malformed: {problem}.", path, line) from None
    return data, (_key_lines(node) if node is not None else {})


def load_yaml_list(path: Path, code: str) -> list[tuple[Any, int]]:
    """Load a YAML file that holds a list; return each item with the line it starts on.
    A file that is not a list raises ``code``."""
    data, _ = load_yaml(path)
    node = yaml.compose(read_utf8(path), Loader=yaml.SafeLoader)
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        raise EditionError(code, "The file must hold a list of entries.", path, 1)
    return [(item, child.start_mark.line + 1) for item, child in zip(data, node.value)]


@lru_cache(maxsize=1)
def source_schema() -> dict[str, dict[str, Any]]:
    data, _ = load_yaml(PACKAGE_DATA / "source_schema.yaml")
    return data


def _type_ok(value: Any, kind: str) -> bool:
    if kind == "str":
        return isinstance(value, str) and bool(value.strip())
    if kind == "str-or-null":
        return value is None or (isinstance(value, str) and bool(value.strip()))
    if kind == "map":
        return isinstance(value, dict)
    if kind == "list":
        return isinstance(value, list)
    if kind == "bool":
        return isinstance(value, bool)
    raise ValueError(f"unknown schema type {kind!r}")


def validate_meta(meta: Any, lines: dict[str, int], path: Path) -> None:
    """Check a source.yaml against the schema; the first problem is raised with its line."""
    import re

    if not isinstance(meta, dict):
        raise EditionError("S103", "The file must be a mapping of fields.", path, 1)
    schema = source_schema()
    for key in meta:
        if key not in schema:
            raise EditionError("S104", f"Field '{key}' is not a known field.", path, lines.get(key))
    for key, rule in schema.items():
        if key not in meta:
            if rule["required"]:
                raise EditionError("S105", f"Field '{key}' is missing.", path, 1)
            continue
        value = meta[key]
        if not _type_ok(value, rule["type"]):
            raise EditionError(
                "S106", f"Field '{key}' must be of type {rule['type']}.", path, lines.get(key)
            )
        if "choices" in rule and value not in rule["choices"]:
            choices = ", ".join(rule["choices"])
            raise EditionError(
                "S107", f"Field '{key}' must be one of: {choices}.", path, lines.get(key)
            )
        if "pattern" in rule and not re.fullmatch(rule["pattern"], value):
            raise EditionError(
                "S108", f"Field '{key}' does not have the expected form.", path, lines.get(key)
            )


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_text(folder: Path) -> Text:
    """Load one text folder: raw.txt (checked against its recorded SHA-256) and source.yaml."""
    meta_path = folder / "source.yaml"
    meta, lines = load_yaml(meta_path)
    validate_meta(meta, lines, meta_path)
    if meta["slug"] != folder.name:
        raise EditionError(
            "S109", f"Field 'slug' is '{meta['slug']}' but the folder is '{folder.name}'.",
            meta_path, lines.get("slug"),
        )
    raw_path = folder / "raw.txt"
    raw = read_utf8(raw_path)
    digest = sha256(raw_path.read_bytes())
    if digest != meta["sha256"]:
        raise EditionError(
            "S110", "The raw text does not match the SHA-256 recorded in source.yaml.", raw_path
        )
    corrections: list[dict[str, Any]] = []
    corrections_path = folder / "corrections.yaml"
    if corrections_path.exists():
        from .cleanup.corrections import validate

        data, _ = load_yaml(corrections_path)
        if not isinstance(data, dict):
            raise EditionError("C110", "The file must hold a list under 'corrections'.", corrections_path, 1)
        corrections = validate(data.get("corrections"), corrections_path)
    return Text(slug=folder.name, raw=raw, meta=meta, folder=folder, corrections=corrections)


def load_edition(root: Path) -> tuple[dict[str, Any], list[Text]]:
    """Load sources/edition.yaml and every text it lists, in its order."""
    path = root / "sources" / "edition.yaml"
    edition, lines = load_yaml(path)
    if not isinstance(edition, dict) or not isinstance(edition.get("texts"), list):
        raise EditionError("S111", "The file must list the edition's texts under 'texts'.", path, 1)
    texts = []
    for slug in edition["texts"]:
        folder = root / "sources" / slug
        if not folder.is_dir():
            raise EditionError(
                "S112", f"Text '{slug}' has no folder sources/{slug}/.", path, lines.get("texts")
            )
        texts.append(load_text(folder))
    slugs = {text.slug for text in texts}
    for text in texts:
        linked = [r.get("slug") for r in text.meta.get("related", [])]
        linked += list(text.meta.get("note_links", {}).values())
        for slug in linked:
            if slug not in slugs:
                raise EditionError(
                    "S113", f"Linked text '{slug}' is not in the edition.", text.folder / "source.yaml"
                )
    return edition, texts
