"""One registry of error codes (scripts/edition/errors.py): each code has one meaning and one
sentence, the package names no code outside it, and every code is raised by some test (the
session checks that at the end of a complete run: tests/conftest.py)."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from edition.errors import CODES, RETIRED, EditionError, fail

PACKAGE = Path(__file__).resolve().parent.parent / "scripts" / "edition"
# A code as the package writes it: a quoted capital letter and three digits.
CODE_RE = re.compile(r"""["']([A-Z][0-9]{3})["']""")


def package_sources() -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.py")}


def test_every_code_the_package_names_is_registered_and_none_is_retired():
    named = {code for path, text in package_sources().items() if path.name != "errors.py"
             for code in CODE_RE.findall(text)}
    assert named - set(CODES) == set()
    assert set(CODES) & set(RETIRED) == set()
    assert all(re.fullmatch(r"[A-Z][0-9]{3}", code) for code in CODES)


def test_errors_are_made_only_through_the_registry():
    """`fail(code, path, line, **fields)` is the one way to make an error: a message typed
    at the place it is raised would give a code a second sentence."""
    for path, text in package_sources().items():
        if path.name != "errors.py":
            assert not re.search(r"EditionError\(\s*[\"']", text), path


class Particular:
    """A stand-in for any particular, in any format ("{byte:02x}")."""

    def __format__(self, spec: str) -> str:
        return "X"


@pytest.mark.parametrize("code", sorted(CODES))
def test_each_sentence_is_one_plain_sentence_with_named_fields(code):
    sentence = CODES[code]
    fields = {name for _, name, _, _ in string.Formatter().parse(sentence) if name}
    assert all(name.isidentifier() for name in fields), code
    assert sentence[0].isupper() or sentence[0] in "{'", code
    assert sentence.rstrip("}").endswith((".", ":", " ")) or sentence.endswith("}"), code
    # Formatted here without making an error: the session counts every error made as a code
    # some test raised (tests/conftest.py), which this table must not pretend to do.
    assert sentence.format(**{name: Particular() for name in fields})


def test_an_error_names_file_line_code_and_sentence():
    error = fail("C103", Path("sources/t/raw.txt"), 12, raw="hklenkov")
    assert isinstance(error, EditionError) and error.code == "C103" and error.line == 12
    assert str(error) == "sources/t/raw.txt:12: C103 The correction's raw form 'hklenkov' is not in the raw line."
