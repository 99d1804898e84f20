"""What a student's one-line reason may rest on: the anchors passed to ``attempts.reason_problems``.

A reason counts when it names something the judgement can rest on: the source, a term of the
claim, an evidence item. Each exercise builds its anchors from the item's own data with the
helpers here, so "I like cats very much" never passes while "TASS is Russian state media" does.
"""
from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Iterable, Mapping
from typing import Any

from .citations import CITE

#: Common words that say nothing about an item, however long they are.
_STOP = frozenset("""
about above after again against also among around because before being below between cannot could doing
during every first found from further given having here into itself just later least like many might month
months more most much only other others over said same says should since some still such than that their them
then there these they thing things think this those though through under until very well were what when where
which while whose with within would year years your yours
""".split())


def content_words(text: str, min_length: int = 5) -> set[str]:
    """The telling words of a text (citation roles removed): long enough, not a stop word."""
    words = re.findall(r"[^\W\d_]+", CITE.sub(" ", text).casefold())
    return {w for w in words if len(w) >= min_length and w not in _STOP}


def source_anchors(keys: Iterable[str], sources: Mapping[str, Mapping[str, Any]]) -> set[str]:
    """The publisher and author of each cited source, whole and word by word ("Star Tribune", "Tribune")."""
    found: set[str] = set()
    for key in keys:
        entry = sources.get(key) or {}
        for field in ("publisher", "author"):
            name = re.sub(r"[{}]", "", str(entry.get(field) or "")).strip()
            if name:
                found.add(name)
                found |= {w for w in re.findall(r"[^\W\d_]+", name) if len(w) >= 3 and w.casefold() != "the"}
    return found


@lru_cache(maxsize=8192)
def _normal(text: str) -> str:
    """Lower-case words with single spaces around them; cached, since anchors repeat for every student."""
    return " " + " ".join(re.findall(r"\w+", text.casefold())) + " "


@lru_cache(maxsize=1024)
def _normal_anchors(anchors: frozenset[Any]) -> tuple[frozenset[str], tuple[str, ...]]:
    """The anchors of one item, normalised once (the same set is checked for every student): the
    one-word anchors as a set of words, the others as normalised phrases."""
    normal = [_normal(a) for a in anchors if isinstance(a, str) and a.strip()]
    single = frozenset(n.strip() for n in normal if n.strip() and " " not in n.strip())
    return single, tuple(n for n in normal if n.strip() not in single)


def names_any(text: str, anchors: Iterable[str]) -> bool:
    """Whether ``text`` names one of ``anchors`` as whole words, ignoring case and punctuation
    (the same matching as ``attempts.reason_problems``)."""
    words = _normal(text)
    single, phrases = _normal_anchors(frozenset(anchors))
    return not single.isdisjoint(words.split()) or any(a in words for a in phrases)
