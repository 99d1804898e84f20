"""``python -m claimlab.jupyterbook build . -W -n --keep-going``: Jupyter Book's own command, started faster.

Jupyter Book imports jsonschema to check its configuration, and jsonschema imports rfc3987_syntax
when it is installed, which compiles its grammars on import: about 1.5 s of every build, no-op
builds included (upstream jsonschema issue 1428). Neither Jupyter Book's schema nor ours uses the
IRI format that module checks, so it is marked absent (as :mod:`claimlab.validate` does) before
Jupyter Book's command line starts. ``./dev``, ``benchmarks/perf.py`` and the editions build
through this module; ``jupyter-book`` itself still works, only slower.
"""
from __future__ import annotations

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

from jupyter_book.cli.main import main  # noqa: E402

if __name__ == "__main__":
    main()
