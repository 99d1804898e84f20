"""The lateral-reading dossier (``data/lateral-reading.yml``) as a page: who runs each outlet, for classes offline.

Students grade these outlets *before* they check who runs them, then grade again after reading this page
(or searching online). So the page gives only what a lateral reader would find: who runs the outlet, where
it is based, its stated affiliation or funding, how others describe it, each fact dated and cited. It never
shows the model grades (they would end the exercise), and a topic we searched for without success says
"not found" rather than staying silent: a gap is itself something to weigh.
"""
from __future__ import annotations

from typing import Any

from . import myst_text as mt
from .exercises.lateral_reading import outlets
from .data import Dataset
from .labels import human_date

#: The dossier's questions, in the order a lateral reader asks them.
TOPICS = {"runs": "Who owns or runs it", "based": "Where it is based", "funding": "Stated affiliation or funding",
          "described": "How others describe it", "carries": "What it publishes"}


def _fact(fact: dict[str, Any]) -> str:
    if fact.get("not_found"):
        return f"**Not found.** {mt.text(fact['text'])}"
    return f"{mt.cited(fact['text'])} *(As of {human_date(str(fact['as_of']))}.)*"


def dossier(ds: Dataset) -> str:
    """One section per outlet: the searches to make online, then one line per dossier topic. No grades."""
    found = outlets({"lateral": ds.extra.get("lateral-reading")})  # the exercise's own reading of the file
    if not found:
        return "*No lateral-reading outlets in this data folder.*\n"
    out: list[str] = []
    for outlet in found:
        out += [f"## {mt.text(outlet['name'])} ({mt.text(outlet['site'])})", "",
                "Online, search for: " + "; ".join(f"*{mt.text(q)}*" for q in outlet["searches"]) + ".", ""]
        for topic, heading in TOPICS.items():
            facts = [f for f in outlet["dossier"] if f["topic"] == topic]
            if facts:
                out += [f"**{heading}.** " + " ".join(_fact(f) for f in facts), ""]
    return "\n".join(out)
