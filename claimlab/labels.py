"""Words shown to readers for the codes used in the data, in one place.

The pages, the exercises and the class report all describe a grading or a
status the same way because they all read these tables.
"""
from __future__ import annotations

KIND: dict[str, str] = {
    "fact": "something that happened or is the case, which records can confirm or refute",
    "allegation": "an accusation of wrongdoing that has not been proven in public",
    "interpretation": "a reading of motives or meaning that informed people can dispute",
    "prediction": "a statement about what will or could happen",
    "recommendation": "advice on what someone should do",
}
#: A claim's status: the one list of words, each with the definition readers see. Predictions and
#: recommendations are judged as such (not borne out, unsupported, contested), never "wrong" for being advice.
STATUS: dict[str, str] = {
    "holds": "the evidence at the date given supports it",
    "overstated": "there is something in it, but it claims more certainty or more reach than the evidence shows",
    "partly-wrong": "its core stands, but a specific part of it (a date, a number, a detail) is inaccurate",
    "contested": "serious evidence or informed analysts point both ways",
    "unsupported": "there is not enough public evidence either way to confirm or refute it",
    "not-borne-out": "a prediction or warning that has not come about by the date given",
    "overtaken": "it may have been right when written, but later events changed it",
    "wrong": "it was not accurate even when it was written",
}
RELIABILITY: dict[str, str] = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
CREDIBILITY: dict[int, str] = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def human_date(date: str) -> str:
    """'2025-07-03' -> '3 July 2025'; '2025-07' -> 'July 2025'; '2025' stays."""
    parts = date.split("-")
    if len(parts) == 1:
        return date
    month = MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def grade_code(grading: dict) -> str:
    """The Admiralty code, e.g. ``B2``."""
    return f"{grading['reliability']}{grading['credibility']}"


def grade_words(grading: dict) -> str:
    """The code in words, e.g. 'source usually reliable; information probably true'."""
    return (f"source {RELIABILITY[grading['reliability']]}; "
            f"information {CREDIBILITY[grading['credibility']]}")


def status_word(status: str) -> str:
    """The reader-facing word for a status id: 'partly-wrong' -> 'partly wrong'."""
    return status.replace("-", " ")
