"""The contexts the renderers are given: what the whole edition knows, beyond one text.

They were untyped dicts assembled in two places (the pipeline and the benchmark), and the
two drifted apart: a key added in one was missing in the other, and only a run found out.
As dataclasses, a missing field fails where the context is made, and a misspelt one fails
a type checker; each is built by one function of :mod:`edition.pipeline`
(:func:`~edition.pipeline.site_context`, :func:`~edition.pipeline.connect`), which every
caller uses. They are frozen: renderers read them, nothing amends them after they are made.

Jinja reads ``site.labels`` from an attribute as it did from a key, so the templates need
no change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .annotate.crossrefs import SeeAlso
from .annotate.glossary import Entry
from .annotate.passages import Passage
from .annotate.timeline import Event


@dataclass(frozen=True)
class SiteContext:
    """The edition as every page sees it: its metadata (``sources/edition.yaml``), its
    releases (``sources/changelog.yaml``, the current one as ``release``), and each text's
    short title and label, by slug, in the edition's order of texts."""

    edition: dict[str, Any]
    changelog: tuple[dict[str, Any], ...]
    release: dict[str, Any]
    titles: dict[str, str]
    labels: dict[str, str]

    @property
    def order(self) -> list[str]:
        """The slugs of the texts, in the edition's order (that of ``titles``)."""
        return list(self.titles)


@dataclass(frozen=True)
class Connections:
    """What connects the texts, checked against them: the cross-references by the passage
    that shows each end (``see_also``), the timeline and the events of each passage, the
    glossary and where each entry occurs ({entry id: {slug: [anchor, ...]}})."""

    see_also: dict[Passage, list[SeeAlso]]
    timeline: tuple[Event, ...]
    events: dict[Passage, list[Event]]
    glossary: tuple[Entry, ...]
    occurs: dict[str, dict[str, list[str]]]
