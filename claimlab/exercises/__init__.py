"""The exercise engine: the exercises that practise reading a one-sided analysis critically.

Marking lives in small standard-library modules that take plain dicts and lists (so
the same code can run in a browser-side Python kernel); the ipywidgets front ends
only build controls and call them. The widget functions are imported lazily, so
marking, storage and export work where ipywidgets is not installed.

Engine (one module per exercise, named for it):
    source_analysis (source_analysis), grade_sources (grade_sources), grade_outlet / update_claim (lateral_reading),
    sort_claims (sort_claims),
    duel_rounds / duel_board / duel_candidates / check_ranking / check_steelman (counterpoint_duel),
    define_terms (define_terms), competing_hypotheses (competing_hypotheses), check_verdict (verdict),
    essay_outline (outline); evaluate / evaluate_all (chain);
    AnswerStore (store); build_export / write_export (export).
Widgets: ``<exercise>_ui`` in the module of the same name: source_analysis_ui, grade_sources_ui, lateral_reading_ui,
sort_claims_ui, counterpoint_duel_ui,
define_terms_ui, competing_hypotheses_ui, verdict_ui.
"""
from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from .chain import EXERCISES, evaluate, evaluate_all, plain_data
from .competing_hypotheses import competing_hypotheses
from .counterpoint_duel import check_ranking, check_steelman, duel_board, duel_candidates, duel_rounds, main_claims
from .define_terms import define_terms
from .export import build_export, write_export
from .grade_sources import grade_sources
from .outline import essay_outline
from .sort_claims import sort_claims
from .source_analysis import source_analysis
from .store import AnswerStore
from .verdict import check_verdict

_WIDGETS = {  # function -> module (one name per exercise: the function shares its module's name)
    "source_analysis_ui": "source_analysis_ui",
    "grade_sources_ui": "grade_sources_ui",
    "lateral_reading_ui": "lateral_reading_ui",
    "sort_claims_ui": "sort_claims_ui",
    "counterpoint_duel_ui": "counterpoint_duel_ui",
    "define_terms_ui": "define_terms_ui",
    "competing_hypotheses_ui": "competing_hypotheses_ui",
    "verdict_ui": "verdict_ui",
}

__all__ = [
    "EXERCISES", "AnswerStore", "build_export", "check_ranking", "check_steelman", "check_verdict",
    "competing_hypotheses", "define_terms", "duel_board", "duel_candidates", "duel_rounds", "essay_outline",
    "evaluate",
    "evaluate_all", "grade_sources", "main_claims", "plain_data", "sort_claims", "source_analysis", "write_export",
    *_WIDGETS,
]


def _bind(name: str) -> Any:
    """Import a widget module and bind its function here. Importing a submodule binds the package
    attribute of the same name to the *module*, so the function is bound again after it."""
    function = getattr(import_module(f".{_WIDGETS[name]}", __name__), name)
    globals()[name] = function
    return function


if find_spec("ipywidgets") is not None:  # bind now, so a later submodule import cannot shadow a function
    for _name in _WIDGETS:
        _bind(_name)


def __getattr__(name: str) -> Any:
    """Import a widget front end on first use (it needs ipywidgets; the engine does not)."""
    if name in _WIDGETS:
        return _bind(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
