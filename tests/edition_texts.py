"""The texts of the edition, as the tests take them: the slugs of ``sources/edition.yaml``,
in its order (read at collection time, for parametrize). A test of one text's facts names
that text; every other test takes its list from here, so a sixth text is tested as well."""

from __future__ import annotations

from pathlib import Path

import yaml

EDITION = Path(__file__).resolve().parents[1] / "sources" / "edition.yaml"
SLUGS: list[str] = yaml.safe_load(EDITION.read_text(encoding="utf-8"))["texts"]
