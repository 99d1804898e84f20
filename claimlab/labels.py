"""Words shown to readers for the codes used in the data, in one place.

The pages, the exercises and the class report all describe a grading or a
status the same way because they all read these tables.
"""
from __future__ import annotations

KIND = {
    "fact": "a statement that can be checked against the record",
    "allegation": "an accusation that has not been proven",
    "interpretation": "a reading of why something happened or what it means",
    "prediction": "a statement about what will happen",
    "recommendation": "advice about what someone should do",
}
STATUS = {
    "holds": "still supported by the evidence",
    "contested": "supported by some evidence and disputed by other evidence",
    "overtaken": "true when written, but events have moved on",
    "wrong": "not supported by the evidence, even when written",
}
RELIABILITY = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
CREDIBILITY = {
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
