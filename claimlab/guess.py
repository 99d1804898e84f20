"""Commit a guess, then see the module's reading: the HTML both cards and self-checks use.

A judged item on a static page has two parts, tied by the item's key (``claim:<id>``,
``evidence:<id>``, ``check:…``):

* a form (:func:`form`): the choices, a one-line reason for a judgement, "Commit my guess" and a
  status line that screen readers announce. It is ``hidden`` in the HTML: ``claimlab-reveal.js``
  shows it, so a reader without scripts never meets a form that does nothing;
* the module's reading, inside a collapsed ``<details>`` ("Show the module's reading — commit your
  own guess first"), which the script keeps closed and hidden until a guess is committed. It holds
  an empty :func:`marker` carrying the model answer and the defensible range for the script's
  feedback, so nothing outside that region names the answer.

Without scripts the reading is one click away behind the same prompt. Every string is escaped.
"""
from __future__ import annotations

from html import escape
from typing import Any

from .exercises.attempts import MAX_REASON_CHARS, MIN_REASON_WORDS

SUMMARY = "Show the module’s reading — commit your own guess first"
SEP = "|"  # between values of a range (option values never contain it)


def _attr(value: Any) -> str:
    return escape(str(value), quote=True)


def _select(choice: dict[str, Any]) -> str:
    options = "".join(f'<option value="{_attr(v)}">{escape(w)}</option>' for v, w in choice["options"])
    return (f'<label class="cl-field">{escape(choice["label"])} '
            f'<select name="{_attr(choice["name"])}" data-cl-field="{_attr(choice["name"])}" '
            f'data-cl-label="{_attr(choice["label"])}"><option value="">Choose…</option>{options}</select></label>')


def _radios(choice: dict[str, Any]) -> str:
    return "".join(f'<label class="cl-opt"><input type="radio" name="{_attr(choice["name"])}" value="{_attr(v)}"> '
                   f'{escape(w)}</label>' for v, w in choice["options"])


def form(key: str, prompt: str, choices: list[dict[str, Any]], *, reason: bool = True, number: str = "") -> str:
    """The guess form of one item: one choice as radio buttons, several as labelled menus."""
    names = " ".join(c["name"] for c in choices)
    numbered = f'<span class="cl-n">{escape(number)}</span> ' if number else ""
    if len(choices) == 1:
        c = choices[0]
        group = (f'<fieldset data-cl-field="{_attr(c["name"])}" data-cl-label="{_attr(c["label"])}">'
                 f"<legend>{numbered}{escape(prompt)}</legend>{_radios(c)}</fieldset>")
    else:
        menus = "".join(_select(c) for c in choices)
        group = f"<fieldset><legend>{numbered}{escape(prompt)}</legend>{menus}</fieldset>"
    why = (f'<label class="cl-why">Your reason, in one line: what does your choice rest on? '
           f'<input type="text" name="reason" maxlength="{MAX_REASON_CHARS}" autocomplete="off"></label>'
           if reason else "")
    button = "Commit my guess" if reason else "Commit my answer"
    return (f'<form class="cl-guess" data-cl-key="{_attr(key)}" data-cl-fields="{_attr(names)}" '
            f'data-cl-min-words="{MIN_REASON_WORDS}" novalidate hidden>{group}{why}'
            f'<button type="submit" class="cl-commit">{button}</button>'
            f'<p class="cl-msg" role="status" aria-live="polite"></p></form>')


def marker(key: str, choices: list[dict[str, Any]], *, exact: bool = False) -> str:
    """The model answer and defensible range of an item, for the script; empty and hidden."""
    data = "".join(f' data-model-{_attr(c["name"])}="{_attr(c["answer"])}"'
                   f' data-range-{_attr(c["name"])}="{_attr(SEP.join(c["range"]))}"' for c in choices)
    return f'<span class="cl-answer" data-cl-key="{_attr(key)}"{" data-exact" if exact else ""}{data} hidden></span>'


def words(choice: dict[str, Any], value: str) -> str:
    """The reader-facing words of one option (never its id)."""
    return next((w for v, w in choice["options"] if str(v) == str(value)), str(value))


def range_words(choice: dict[str, Any]) -> list[str]:
    """The defensible options other than the model's, in words."""
    return [words(choice, v) for v in choice["range"] if v != choice["answer"]]


def reading_parts(choices: list[dict[str, Any]]) -> tuple[str, str]:
    """The model's reading and the rest of the defensible range, in words ("" when the range is the model).

    Each part names its choice ("reliability B; credibility 2") only when a question has several: a question
    with one choice would otherwise read "The answer: answer likely"."""
    def named(choice: dict[str, Any], text: str) -> str:
        return f"{choice['label'].lower()} {text}" if len(choices) > 1 else text

    model = "; ".join(named(c, words(c, c["answer"])) for c in choices)
    others = "; ".join(named(c, " or ".join(range_words(c))) for c in choices if range_words(c))
    return model, others
