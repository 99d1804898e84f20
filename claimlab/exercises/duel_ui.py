"""Widget front end for exercise c: pick each main claim's strongest counterpoint and steelman it."""
from __future__ import annotations

import string
from typing import Any

import ipywidgets as widgets

from .counterpoint_duel import STEELMAN_MAX_CHARS, check_pick, check_steelman, duel_board, main_claims
from .widgets import ItemExercise, Session, box, bullets, default_session, para, radios, short, text


class _Duel(ItemExercise):
    exercise = "counterpoint-duel"
    item_label = "Main claim"
    answer_heading = "Your pick and your steelman"
    unit = "main claims answered"

    def __init__(self, session: Session):
        self.counterpoints = session.data["counterpoints"]
        self.texts = {cp["id"]: cp["text"] for cp in self.counterpoints}
        self.board = {row["claim"]: row["candidates"]
                      for row in duel_board(session.data["claims"], self.counterpoints)}
        super().__init__(session, main_claims(session.data["claims"]), {
            "pick": radios("Strongest counterpoint", []),
            "steelman": text(f"Your steelman (one line, up to {STEELMAN_MAX_CHARS} characters)",
                             "The counterpoint at its strongest, in your own words"),
        }, "Check my pick and steelman")

    def _candidates(self, item: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        return list(zip(string.ascii_uppercase, self.board[item["id"]]))

    def title(self, item: dict[str, Any]) -> str:
        return self.session.plain(item["text"])

    def prepare(self, item: dict[str, Any]) -> None:
        self.controls["pick"].options = [(f"{letter}: {short(self.session.plain(cp['text']), 60)}", cp["id"])
                                         for letter, cp in self._candidates(item)]

    def card_html(self, item: dict[str, Any]) -> str:
        listed = [f"{letter}: {self.session.plain(cp['text'])}" + (f" ({cp['voice']})" if cp["voice"] else "")
                  for letter, cp in self._candidates(item)]
        return box("The claim", para(self.session.plain(item["text"])),
                   para("Which of these counterpoints is the strongest answer to it?"), bullets(listed))

    def feedback_html(self, item: dict[str, Any], answer: dict[str, Any]) -> str:
        pick = check_pick(item, answer["pick"], self.counterpoints)
        steelman = check_steelman(answer["steelman"], self.texts[answer["pick"]])
        parts = [para(pick["message"], "Your pick:")]
        if not pick["correct"]:
            parts.append(para(self.session.plain(pick["model_text"]), "Model answer:"))
        parts.append(para(pick["why"], "Why it is the strongest:"))
        parts += ([para("It is one line, in your own words: good.", "Your steelman:")] if steelman["ok"]
                  else [para(p, "Your steelman:") for p in steelman["problems"]])
        good = pick["correct"] and steelman["ok"]
        return box("Well argued" if good else "Compare with the model answer", *parts, tone="good" if good else "warn")


def counterpoint_duel_ui(session: Session | None = None) -> widgets.VBox:
    """Go through the main claims; your pick and steelman are saved as you write them."""
    return _Duel(session or default_session()).build()
