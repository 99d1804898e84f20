"""Widget front end for "Counterpoint duel": rank each main claim's counterpoints, then steelman the strongest."""
from __future__ import annotations

import string
from typing import Any

import ipywidgets as widgets

from .counterpoint_duel import STEELMAN_MAX_CHARS, anchors, check_ranking, check_steelman, duel_board, main_claims
from .widgets import ItemExercise, Session, box, bullets, default_session, dropdown, para, short, text

PLACES = ("Strongest", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth")


class _Duel(ItemExercise):
    exercise = "counterpoint-duel"
    item_label = "Main claim"
    answer_heading = "Your ranking (strongest first) and your steelman of the strongest"
    unit = "main claims answered"

    def __init__(self, session: Session):
        self.counterpoints = {cp["id"]: cp for cp in session.data["counterpoints"]}
        self.board = {row["claim"]: row["candidates"]
                      for row in duel_board(session.data["claims"], session.data["counterpoints"])}
        places = min(len(PLACES), max((len(c) for c in self.board.values()), default=0))
        self.places = [dropdown(f"{PLACES[n]}", []) for n in range(places)]
        super().__init__(session, main_claims(session.data["claims"]), {
            **{f"place{n}": control for n, control in enumerate(self.places)},
            "steelman": text(f"Your steelman of the strongest (one line, up to {STEELMAN_MAX_CHARS} characters)",
                             "The strongest counterpoint at its best, in your own words, about this claim"),
        })
        self.reason.description = "Why the strongest is strongest (one line)"

    def _candidates(self, item: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        return list(zip(string.ascii_uppercase, self.board[item["id"]]))

    def title(self, item: dict[str, Any]) -> str:
        return self.session.plain(item["text"])

    def prepare(self, item: dict[str, Any]) -> None:
        options = [(f"{letter}: {short(self.session.plain(cp['text']), 50)}", cp["id"])
                   for letter, cp in self._candidates(item)]
        for n, control in enumerate(self.places):
            control.options = [("Choose…", ""), *options]
            control.value = ""
            control.layout.display = None if n < len(options) else "none"

    def read_choice(self) -> dict[str, Any]:
        count = len(self.board[self.current["id"]])
        ranking = [c.value for c in self.places[:count] if c.value]
        steelman = self.controls["steelman"].value
        return {**({"ranking": ranking} if ranking else {}), **({"steelman": steelman} if steelman.strip() else {})}

    def incomplete(self, choice: dict[str, Any]) -> str:
        count = len(self.board[self.current["id"]])
        ranking = choice.get("ranking", [])
        if len(ranking) < count or len(set(ranking)) < len(ranking):
            return f"Rank all {count} counterpoints, each once, strongest first."
        return "" if choice.get("steelman") else "Write your steelman of the strongest first."

    def write_choice(self, choice: dict[str, Any]) -> None:
        ranking = choice.get("ranking") or []
        for n, control in enumerate(self.places):
            value = ranking[n] if n < len(ranking) else ""
            control.value = value if value in [v for _, v in control.options] else ""
        self.controls["steelman"].value = str(choice.get("steelman") or "")

    def anchors(self, item: dict[str, Any]) -> set[str]:
        candidates = [self.counterpoints[c["id"]] for c in self.board[item["id"]]]
        data = self.session.data
        return set().union(*(anchors(item, cp, data["evidence"], data["sources"]) for cp in candidates))

    def describe(self, choice: dict[str, Any]) -> str:
        letters = {cp["id"]: letter for letter, cp in self._candidates(self.current)}
        return "ranking " + " > ".join(letters.get(c, c) for c in choice.get("ranking", []))

    def card_html(self, item: dict[str, Any]) -> str:
        listed = [f"{letter}: {self.session.plain(cp['text'])}" + (f" ({cp['voice']})" if cp["voice"] else "")
                  for letter, cp in self._candidates(item)]
        return box("The claim", para(self.session.plain(item["text"])),
                   para("Each of these counterpoints answers it. Rank them: which would the claim's author find "
                        "hardest to answer?"), bullets(listed))

    def feedback_html(self, item: dict[str, Any], choice: dict[str, Any]) -> str:
        ranking = check_ranking(item, choice["ranking"], list(self.counterpoints.values()))
        top = self.counterpoints[choice["ranking"][0]]
        data = self.session.data
        about = anchors(item, top, data["evidence"], data["sources"])
        steelman = check_steelman(choice["steelman"], top["text"], about)
        letters = {cp["id"]: letter for letter, cp in self._candidates(item)}
        parts = [para(ranking["message"], "Your ranking:"),
                 para(f"{letters[ranking['model']]}: {self.session.plain(ranking['model_text'])}",
                      "The model view's strongest:"),
                 para(ranking["why"], "Its reason:")]
        parts += ([para("It is one line, about this claim, in your own words.", "Your steelman:")] if steelman["ok"]
                  else [para(p, "Your steelman:") for p in steelman["problems"]])
        return box("Compare your ranking with one defensible view", *parts,
                   tone="good" if steelman["ok"] else "warn")


def counterpoint_duel_ui(session: Session | None = None) -> widgets.VBox:
    """Go through the main claims: commit a ranking, a reason and a steelman, then see the model view."""
    return _Duel(session or default_session()).build()
