"""The instructor's class report: ``python -m claimlab report SUBMISSIONS_DIR --out DIR``.

One package, split by what each part does:

* :mod:`~claimlab.report.read`: find and read files in the folder, trusting none (untrusted input);
* :mod:`~claimlab.report.submission`: type-check one export (formats 1 and 2) and re-mark it on the
  current data, reducing it to a small digest;
* :mod:`~claimlab.report.stats`: fold digests into class figures with bounded samples of quotes;
* :mod:`~claimlab.report.sections`, :mod:`~claimlab.report.document`: what the report says;
* :mod:`~claimlab.report.render` and ``templates/``: HTML (Jinja2, autoescape on) and Markdown;
* :mod:`~claimlab.report.svg`: inline charts; :mod:`~claimlab.report.gradebook`: the CSV;
* :mod:`~claimlab.report.cli`: ties them together for the command line.
"""
from __future__ import annotations

from .cli import Report, build_report, run, write_report

__all__ = ["Report", "build_report", "run", "write_report"]
