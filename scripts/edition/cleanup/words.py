"""Word knowledge for the fixers: English word frequencies (wordfreq) plus the edition's lexicon.

The lexicon (``sources/lexicon.txt``) holds the names and terms of these texts that a general
English frequency list does not know well (Pervukhin, Saburov, sovnarkhoz, ...). It is data,
kept apart from the fixers; nothing here is a hand-typed list of common words.

The lexicon belongs to an edition, not to the package: :func:`edition.sources.load_edition`
reads it from the edition's root and hands it to :func:`use_lexicon`, so that an installed
package (which has no ``sources/`` beside it) cleans the texts exactly as the checkout does.
The fixers stay pure functions of their text, given the lexicon in use.

Importing wordfreq and reading its table of 321,000 words costs a noticeable part of a
second, most of a fresh build's word work; the cleanup of the edition's texts looks up
fewer than 50,000 strings. ``sources/word-table.tsv`` (written by `edition words`, checked
fresh by the tests) holds exactly those, with wordfreq's figure for each, and
:func:`use_word_table` hands it to the model: a string it holds is answered from it, any
other (a new text's) from wordfreq itself, so the figures are wordfreq's either way.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import lru_cache

# Below this Zipf frequency a token counts as "not a known word" (suspect OCR debris):
# fragments such as "pape", "tion" or "inking" sit at 2.6-2.8, real words mostly above 3.
KNOWN_ZIPF = 3.0
# What each extra word costs: without it, two common words always beat one rarer one
# ("with in" for "within", "show down" for "showdown").
WORD_PENALTY = 1.5
# Short fragments of letter-spaced words are often abbreviations with a fair frequency
# ("pr" 3.7, "nc" 3.6, "th" 4.2, "ti" 3.5), while real two- and three-letter words are
# common ("of" 7.4, "by" 6.6, "led" 4.6): short tokens must clear a higher bar.
KNOWN_ZIPF_BY_LENGTH = {2: 5.0, 3: 4.3}
# The lexicon's entries score as a moderately common word.
LEXICON_ZIPF = 4.0


# Every cache of a figure that depends on the lexicon and the word table: this module's and
# those the fixers keep of its answers (cleanup.fixes), cleared together when either changes.
_CACHES: list = []


def model_cache(maxsize: int):
    """``functools.lru_cache``, for a function of the word model's answers: its cache is
    cleared with the model's (:func:`clear_caches`)."""
    def wrap(function):
        cached = lru_cache(maxsize=maxsize)(function)
        _CACHES.append(cached.cache_clear)
        return cached
    return wrap


class _Memo(dict):
    """A figure for each lower-cased string, computed once by ``compute`` and then read as
    a plain dict item: the fixers ask for tens of thousands of them a text, and a dict's
    own look-up is several times cheaper than a call through ``lru_cache``. Cleared
    with the model's other caches (:func:`clear_caches`), and whenever it holds `limit`
    figures (a text brings some 50,000 new strings: a build of hundreds of texts must not
    keep them all); a figure is a pure function of its string, so clearing changes no answer.

    >>> squares = _Memo(lambda word: len(word) ** 2, limit=2)
    >>> squares["abc"], squares["a"], dict(squares)
    (9, 1, {'abc': 9, 'a': 1})
    >>> squares["ab"], dict(squares)
    (4, {'ab': 4})
    """

    __slots__ = ("compute", "limit")

    def __init__(self, compute, limit: int = 500_000):
        super().__init__()
        self.compute, self.limit = compute, limit
        _CACHES.append(self.clear)

    def __missing__(self, lower: str) -> float:
        if len(self) >= self.limit:
            self.clear()
        value = self[lower] = self.compute(lower)
        return value


def clear_caches() -> None:
    """Forget every figure computed with the lexicon and word table in use."""
    for clear in _CACHES:
        clear()


# The lexicon in use, lower-cased: empty until an edition's is given (use_lexicon).
_lexicon: frozenset[str] = frozenset()


def use_lexicon(words: Iterable[str]) -> None:
    """Make ``words`` the lexicon the word model knows, and forget every figure computed
    with another one (the caches of :func:`zipf`, :func:`word_cost`, :func:`segment`)."""
    global _lexicon
    new = frozenset(word.lower() for word in words)
    if new != _lexicon:
        _lexicon = new
        _model_changed()


# The word table in use: {lower-cased string: wordfreq's Zipf figure}, empty until an
# edition's is given (use_word_table); and, while `edition words` records, the set of the
# strings looked up.
_table: dict[str, float] = {}
_looked_up: set[str] | None = None


def use_word_table(table: dict[str, float]) -> None:
    """Answer the strings of ``table`` from it, not from wordfreq (its figures are
    wordfreq's: see :func:`table_figures`)."""
    global _table
    _table = table
    _model_changed()


def record_lookups(looked_up: set[str] | None) -> None:
    """Add every string the model looks up to ``looked_up`` (None: stop recording); the
    caches are cleared so that every look-up is seen."""
    global _looked_up
    _looked_up = looked_up
    _model_changed()


def table_figures(words: Iterable[str]) -> dict[str, float]:
    """wordfreq's Zipf figure of each lower-cased string, as :func:`zipf` reads it (0.0
    for a string wordfreq does not know): what the word table holds. A string with white
    space in it is left to wordfreq (the table's file is split at white space)."""
    return {word: wordfreq_zipf(word) for word in sorted(words) if len(word.split()) == 1}


def wordfreq_zipf(lower: str) -> float:
    """wordfreq's Zipf figure of a lower-cased string, rounded as wordfreq rounds it."""
    frequency = frequencies().get(lower, 0.0)
    return round(math.log10(frequency * 1e9), 2) if frequency else 0.0


def lexicon() -> frozenset[str]:
    """The lexicon in use, lower-cased."""
    return _lexicon


@lru_cache(maxsize=1)
def frequencies() -> dict[str, float]:
    """wordfreq's English frequencies, looked up directly: the same figures as
    `wordfreq.zipf_frequency`, without its per-call tokenising (which was most of the cost).
    Imported here, not at the top: importing wordfreq takes a noticeable part of a second,
    which a build whose documents all come from its cache need not pay."""
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en")


def zipf(word: str) -> float:
    """Zipf frequency of a word (case-insensitive), the lexicon counting as common enough.

    >>> in_use = lexicon(); use_lexicon(["Kaganovich"])
    >>> zipf("paper"), zipf("Kaganovich") >= LEXICON_ZIPF, zipf("xqzv")
    (5.07, True, 0.0)
    >>> use_lexicon(in_use)
    """
    return _ZIPF[word.lower()]


def _zipf_of(lower: str) -> float:
    """:func:`zipf` of a lower-cased string, looked up (and recorded, while `edition words`
    records)."""
    if _looked_up is not None:
        _looked_up.add(lower)
    value = _table.get(lower)
    if value is None:
        value = wordfreq_zipf(lower)
    return _with_lexicon(lower, value)


def _with_lexicon(lower: str, value: float) -> float:
    """The Zipf figure ``value`` of a lower-cased string, raised for a lexicon entry."""
    if lower in _lexicon:
        return max(LEXICON_ZIPF, value)
    return value


_ZIPF = _Memo(_zipf_of)


def is_known(word: str) -> bool:
    """Is this alphabetic token a word rather than debris? Single letters other than a/I never are.

    >>> in_use = lexicon(); use_lexicon(["Saburov"])
    >>> is_known("paper"), is_known("pape"), is_known("r"), is_known("a"), is_known("Saburov")
    (True, False, False, True, True)
    >>> use_lexicon(in_use)
    """
    if len(word) == 1:
        return word.lower() in ("a", "i")
    return zipf(word) >= KNOWN_ZIPF_BY_LENGTH.get(len(word), KNOWN_ZIPF)


def word_cost(word: str) -> float:
    """Cost of reading `word` as one word: cheap when common, dear when unknown.

    An unknown string costs a flat 10 plus a little per letter, so that splitting an unknown
    name into rare fragments never looks cheaper than leaving it whole.

    >>> word_cost("The") == word_cost("the") < word_cost("pape") < word_cost("xqzv")
    True
    """
    lower = word.lower()
    cost = _table_costs.get(lower)
    return _COSTS[lower] if cost is None else cost


# The single letters that are no English word (the fixers' letter runs are A-Z only): each
# costs the most, whatever its frequency.
STRAY_LETTERS = frozenset("bcdefghjklmnopqrstuvwxyz")


def _costs_of(figures: dict[str, float]) -> dict[str, float]:
    """:func:`word_cost` of each lower-cased string of ``figures``, given its Zipf figure
    (the lexicon's raise already applied), in one pass: a stray letter costs the most; a string of
    figure 1.5 or more costs less the commoner it is; any other a flat 10 plus a little per
    letter.

    >>> costs = _costs_of({"the": 7.73, "pape": 2.8, "xqzv": 0.0, "xqzvw": 0.0, "r": 4.0})
    >>> costs["the"] < costs["pape"] < costs["xqzv"] < costs["xqzvw"] < costs["r"]
    True
    """
    costs = {word: WORD_PENALTY + 8.0 - z if z >= 1.5 else WORD_PENALTY + 10.0 + 0.5 * len(word)
             for word, z in figures.items()}
    for letter in STRAY_LETTERS & costs.keys():
        costs[letter] = WORD_PENALTY + 14.0
    return costs


def _cost_of(lower: str) -> float:
    """:func:`word_cost` of a lower-cased string the word table does not hold (a stray
    letter is not looked up)."""
    return _costs_of({lower: 0.0 if lower in STRAY_LETTERS else _zipf_of(lower)})[lower]


_COSTS = _Memo(_cost_of)


def _table_word_costs() -> dict[str, float]:
    """:func:`word_cost` of every string of the word table, with the lexicon in use; none
    while `edition words` records (it must see every look-up). A text asks for some
    50,000 costs, nearly all of strings the table holds: computed in one pass, they cost a
    fraction of what they cost one by one, and they are the same for every text."""
    if _looked_up is not None:
        return {}
    figures = dict(_table)
    for word in _lexicon & figures.keys():
        figures[word] = _with_lexicon(word, figures[word])
    return _costs_of(figures)


# The costs of the word table's strings (:func:`_table_word_costs`), made again when the
# table, the lexicon or the recording changes; other strings' costs are in _COSTS.
_table_costs: dict[str, float] = {}


def _model_changed() -> None:
    """The lexicon, the word table or the recording changed: the table's costs are made
    again and every cache is cleared."""
    global _table_costs
    _table_costs = _table_word_costs()
    clear_caches()


@model_cache(maxsize=50_000)
def segment(letters: str) -> tuple[tuple[str, ...], float]:
    """Split a run of letters into the cheapest sequence of lower-cased words (dynamic
    programming).

    >>> segment("thecentralcommittee")[0]
    ('the', 'central', 'committee')
    >>> segment("isaworkingpaper")[0]
    ('is', 'a', 'working', 'paper')
    """
    letters = letters.lower()
    n = len(letters)
    # The cheapest cost of letters[:end], and where its last word starts: flat lists, each
    # start's cost read once, and the word costs read straight from the word table's costs
    # (or, for a string it does not hold, their memo; both keyed lower-cased), since this
    # loop is most of the cleaning's time. Every `end` still meets its starts in ascending
    # order, so a tie goes to the earliest, as before.
    costs = [0.0] + [math.inf] * n
    starts = [0] * (n + 1)
    table_cost, cost_of = _table_costs.get, _COSTS
    for start in range(n):
        base = costs[start]
        for end in range(start + 1, min(n, start + 24) + 1):
            word = letters[start:end]
            cost = table_cost(word)
            if cost is None:
                cost = cost_of[word]
            cost += base
            if cost < costs[end]:
                costs[end], starts[end] = cost, start
    words = []
    end = n
    while end > 0:
        start = starts[end]
        words.append(letters[start:end])
        end = start
    return tuple(reversed(words)), costs[n]
