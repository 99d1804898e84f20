"""Command line: ``python -m claimlab validate | report | edition``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .data import DataError, default_data_dir, load_dataset


def _validate(args: argparse.Namespace) -> int:
    return check_data(Path(args.data) if args.data else None)


def check_data(data_dir: Path | None = None) -> int:
    """``validate``: check the data through the one loader (which keeps a checked snapshot for the build to
    reuse), print every problem as ``file:line: field: ...``; 1 if there are any, else 0.

    ``python -m claimlab.jupyterbook --validate build ...`` (``./dev build``) calls it in the build's own
    process, with the same words and exit status as the command.
    """
    data_dir = data_dir or default_data_dir()
    try:
        load_dataset(data_dir)
    except DataError as err:
        for problem in err.problems:
            print(problem)
        print(f"{len(err.problems)} problem(s) in the data.", file=sys.stderr)
        return 1
    print(f"{data_dir} is valid.")
    return 0


def _edition(args: argparse.Namespace) -> int:
    from .edition import build

    return build(args.edition, Path(args.out))


def _report(args: argparse.Namespace) -> int:
    from .report.cli import run

    return run(Path(args.submissions), Path(args.out), Path(args.data) if args.data else None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m claimlab", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("validate", help="check every data file and list all problems")
    check.add_argument("--data", help="data folder (default: $CLAIMLAB_DATA or the repository's data/)")
    check.set_defaults(run=_validate)
    edition = sub.add_parser("edition", help="build the student edition (no solutions, no guide), the assessed edition "
                                             "(the student edition without any model answer in its data, pages or "
                                             "notebooks) or the instructor edition")
    edition.add_argument("edition", choices=["student", "assessed", "instructor"])
    edition.add_argument("--out", required=True, help="output folder; the site lands in OUT/_build/html")
    edition.set_defaults(run=_edition)
    report = sub.add_parser("report", help="class report (HTML with charts, Markdown summary) from exported answers")
    report.add_argument("submissions", metavar="SUBMISSIONS_DIR",
                        help="folder with the students' claimlab-answers-*.json files (searched recursively)")
    report.add_argument("--out", required=True, help="output folder for report.html and summary.md")
    report.add_argument("--data", help="data folder (default: $CLAIMLAB_DATA or the repository's data/)")
    report.set_defaults(run=_report)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
