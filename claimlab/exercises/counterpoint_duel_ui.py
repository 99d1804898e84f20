"""Widget front end for "Counterpoint duel": rank a round's candidates, then steelman the strongest.

Rounds come from :func:`~claimlab.exercises.counterpoint_duel.duel_rounds`: on the *against* side the
student ranks the counterpoints to a main claim; on the *for* side, the evidence a defender of the claim
could set against a sceptic's objection. One set of controls serves both; only the words around them change.
"""
from __future__ import annotations

import string
from typing import Any

import ipywidgets as widgets

from .counterpoint_duel import (AGAINST, STEELMAN_MAX_CHARS, check_ranking, check_steelman, duel_rounds,
                                evidence_dates, steelman_anchors)
from .widgets import ItemExercise, Session, box, bullets, default_session, dropdown, para, short, text

PLACES = ("Strongest", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth")
#: What the student does on each side, in the words the card and the controls use.
_STEELMAN_HINT = {
    AGAINST: "The strongest counterpoint at its best, in your own words, about this claim",
    "for": "The case for the claim against this objection, in your own words, with an evidence item and its year",
}


class _Duel(ItemExercise):
    exercise = "counterpoint-duel"
    item_label = "Round"
    answer_heading = "Your ranking (strongest first) and your steelman of the strongest"
    unit = "rounds answered"

    def __init__(self, session: Session):
        data = session.data
        rounds = duel_rounds(data["claims"], data["counterpoints"], data["evidence"])
        self.rounds = {r["id"]: r for r in rounds}
        places = min(len(PLACES), max((len(r["candidates"]) for r in rounds), default=0))
        self.places = [dropdown(f"{PLACES[n]}", []) for n in range(places)]
        super().__init__(session, rounds, {
            **{f"place{n}": control for n, control in enumerate(self.places)},
            "steelman": text(f"Your steelman of the strongest (one line, up to {STEELMAN_MAX_CHARS} characters)",
                             _STEELMAN_HINT[AGAINST]),
        })
        self.reason.description = "Why the strongest is strongest (one line)"

    def _candidates(self, item: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        return list(zip(string.ascii_uppercase, item["candidates"]))

    def title(self, item: dict[str, Any]) -> str:
        if item["side"] == AGAINST:
            return self.session.plain(item["claim"]["text"])
        return "Answer the sceptic: " + self.session.plain(item["objection"]["text"])

    def prepare(self, item: dict[str, Any]) -> None:
        options = [(f"{letter}: {short(self.session.plain(c['text']), 50)}", c["id"])
                   for letter, c in self._candidates(item)]
        for n, control in enumerate(self.places):
            control.options = [("Choose…", ""), *options]
            control.value = ""
            control.layout.display = None if n < len(options) else "none"
        self.controls["steelman"].placeholder = _STEELMAN_HINT[item["side"]]

    def read_choice(self) -> dict[str, Any]:
        count = len(self.current["candidates"])
        ranking = [c.value for c in self.places[:count] if c.value]
        steelman = self.controls["steelman"].value
        return {**({"ranking": ranking} if ranking else {}), **({"steelman": steelman} if steelman.strip() else {})}

    def incomplete(self, choice: dict[str, Any]) -> str:
        count = len(self.current["candidates"])
        ranking = choice.get("ranking", [])
        noun = "counterpoints" if self.current["side"] == AGAINST else "evidence items"
        if len(ranking) < count or len(set(ranking)) < len(ranking):
            return f"Rank all {count} {noun}, each once, strongest first."
        return "" if choice.get("steelman") else "Write your steelman of the strongest first."

    def write_choice(self, choice: dict[str, Any]) -> None:
        ranking = choice.get("ranking") or []
        for n, control in enumerate(self.places):
            value = ranking[n] if n < len(ranking) else ""
            control.value = value if value in [v for _, v in control.options] else ""
        self.controls["steelman"].value = str(choice.get("steelman") or "")

    def anchors(self, item: dict[str, Any]) -> set[str]:
        data = self.session.data
        return set().union(*(steelman_anchors(item, c["id"], data["evidence"], data["sources"])
                             for c in item["candidates"]))

    def describe(self, choice: dict[str, Any]) -> str:
        letters = {c["id"]: letter for letter, c in self._candidates(self.current)}
        return "ranking " + " > ".join(letters.get(c, c) for c in choice.get("ranking", []))

    def card_html(self, item: dict[str, Any]) -> str:
        plain = self.session.plain
        if item["side"] == AGAINST:
            listed = [f"{letter}: {plain(c['text'])}" + (f" ({c['voice']})" if c["voice"] else "")
                      for letter, c in self._candidates(item)]
            return box("The claim", para(plain(item["claim"]["text"])),
                       para("Each of these counterpoints answers it. Rank them: which would the claim's author find "
                            "hardest to answer?"), bullets(listed))
        objection = item["objection"]
        voice = f" ({objection['voice']})" if objection.get("voice") else ""
        listed = [f"{letter}: {plain(c['text'])}" for letter, c in self._candidates(item)]
        return box("Make the case for the claim", para(plain(item["claim"]["text"]), "The claim:"),
                   para(plain(objection["text"]) + voice, "A sceptic's objection:"),
                   para("Argue for the claim, whatever you think of it. Each of these dated evidence items could be "
                        "set against the objection. Rank them: which would the sceptic find hardest to answer? Then "
                        "state the claim's case in one line, naming one item and its year."), bullets(listed))

    def feedback_html(self, item: dict[str, Any], choice: dict[str, Any]) -> str:
        ranking = check_ranking(item, choice["ranking"])
        data = self.session.data
        about = steelman_anchors(item, choice["ranking"][0], data["evidence"], data["sources"])
        texts = {c["id"]: c["text"] for c in item["candidates"]}
        if item["side"] == AGAINST:
            steelman = check_steelman(choice["steelman"], texts[choice["ranking"][0]], about)
        else:
            steelman = check_steelman(choice["steelman"], (item["objection"]["text"], *texts.values()), about,
                                      evidence_dates(item, data["sources"]))
        letters = {c["id"]: letter for letter, c in self._candidates(item)}
        plain = self.session.plain
        parts = [para(ranking["message"], "Your ranking:"),
                 para(f"{letters[ranking['model']]}: {plain(ranking['model_text'])}", "The model view's strongest:"),
                 para(plain(ranking["why"]), "Its reason:")]
        if ranking["case_against"]:
            parts.append(para(plain(ranking["case_against"]), "The strongest case against it:"))
        parts += ([para("It is one line, about this claim, in your own words"
                        + ("." if item["side"] == AGAINST else ", resting on dated evidence."), "Your steelman:")]
                  if steelman["ok"] else [para(p, "Your steelman:") for p in steelman["problems"]])
        return box("Compare your ranking with one defensible view", *parts,
                   tone="good" if steelman["ok"] else "warn")


def counterpoint_duel_ui(session: Session | None = None) -> widgets.VBox:
    """Go through the rounds of both sides: commit a ranking, a reason and a steelman, then see the model view."""
    return _Duel(session or default_session()).build()
