"""`edition new`: a new text's folder, made from its raw file without code.

It copies the raw file byte for byte to ``sources/<slug>/raw.txt``, writes a
``source.yaml`` whose every field is explained (``templates/source.yaml.j2``; the required
fields left empty, so that the build names each one still to fill), adds the slug to the
end of ``texts`` in ``sources/edition.yaml`` (comments kept), and says what to do next.
Nothing is written unless every check passes: a slug of the wrong form (E102) or already
taken (E103), an unknown profile (E104), a missing raw file (E105).
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2

from .errors import fail
from .files import write_atomic
from .sources import line_of, parse_yaml, schema, sha256

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
TEMPLATES = Path(__file__).parent / "templates"

NEXT_STEPS = """\
Added sources/{slug}/ (raw.txt, SHA-256 {digest}, and source.yaml) and the text to
sources/edition.yaml. Next:
  1. Fill in every field of sources/{slug}/source.yaml left empty (~); each is explained there.
  2. Check that raw.txt keeps the {profile} profile's raw-text contract, and set the options
     this document needs (docs/adding-a-text.md).
  3. Run `edition build --no-pdf`: it names the next thing to fix, file and line.
  4. Register the people it names in sources/people.yaml (add '{slug}' to their texts) and run
     `edition words` and `edition check` until it passes; record corrections in
     sources/{slug}/corrections.yaml.
  5. Record its anchors: `edition anchors --accept {slug}`, then `edition build` and commit."""


def profiles() -> list[str]:
    return list(schema("source")["fields"]["profile"]["choices"])


def source_yaml(slug: str, digest: str, profile: str) -> str:
    """The commented source.yaml of a new text."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined)
    options = schema(f"options-{profile}")["fields"].items()
    return env.get_template("source.yaml.j2").render(slug=slug, sha256=digest, profile=profile,
                                                     options=options)


def add_to_edition(edition_text: str, node, slug: str) -> str:
    """``edition.yaml`` with ``slug`` added after the last item of ``texts`` (at its indent),
    the rest of the file, its comments, as it was."""
    texts = next(value for key, value in node.value if key.value == "texts")
    lines = edition_text.split("\n")
    if texts.value:
        last = texts.value[-1]
        lines.insert(last.end_mark.line + (last.end_mark.column > 0), " " * (last.start_mark.column - 2) + f"- {slug}")
    else:  # "texts: []"
        lines[texts.start_mark.line] = lines[texts.start_mark.line].replace("[]", f"[{slug}]")
    return "\n".join(lines)


def new_text(root: Path, slug: str, profile: str, raw_file: Path) -> str:
    """Make the text ``slug``; return what to do next."""
    edition_path = root / "sources" / "edition.yaml"
    if not SLUG_RE.fullmatch(slug):
        raise fail("E102", None, slug=slug)
    data, node = parse_yaml(edition_path)
    folder = root / "sources" / slug
    if slug in data["texts"] or folder.exists():
        raise fail("E103", edition_path, line_of(node), slug=slug)
    if profile not in profiles():
        raise fail("E104", None, profile=profile, choices=", ".join(profiles()))
    raw_file = Path(raw_file)
    if not raw_file.is_file():
        raise fail("E105", raw_file)
    raw = raw_file.read_bytes()
    digest = sha256(raw)
    meta = source_yaml(slug, digest, profile)
    edition = add_to_edition(edition_path.read_text(encoding="utf-8"), node, slug)
    folder.mkdir(parents=True)
    (folder / "raw.txt").write_bytes(raw)  # byte for byte: the evidence as received
    write_atomic(folder / "source.yaml", meta)
    write_atomic(edition_path, edition)
    return NEXT_STEPS.format(slug=slug, digest=digest, profile=profile)
