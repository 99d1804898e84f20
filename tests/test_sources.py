"""Every link a reader follows goes to the outlet's own page or the primary document, without tracking.

A copy on a content-delivery network, a press-release reposter, a document-sharing site, a code host, an
encyclopedia or a web archive can change or vanish without the publisher's say, and it hides who published
what. Tracking parameters tell a third party who clicked. Both are refused anywhere in ``data/`` and ``book/``.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
URL = re.compile(r"https?://[^\s\"'<>)\]}\\,`]+")
TEXT = {".bib", ".yml", ".yaml", ".md"}

#: hosts that only ever carry copies of someone else's page (matched on the host name and its subdomains)
MIRROR_HOSTS = (
    "cloudfront.net", "arcpublishing.com", "tolerance.ca", "publicnow.com", "scribd.com",
    "github.com", "githubusercontent.com", "wikipedia.org",
    "archive.org", "archive.ph", "archive.today", "archive.is", "archive.li", "archive.md",
    "webcache.googleusercontent.com", "translate.goog", "cdn.ampproject.org",
)
#: query parameters that identify the click or the campaign, not the page
TRACKING_PARAMS = re.compile(
    r"^(utm(_\w+)?|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|igshid|_hsenc|_hsmi|"
    r"at_medium|at_campaign|traffic_source|ref_src|cmpid|ocid)$", re.IGNORECASE)


def url_problem(url: str) -> str | None:
    """Why a URL may not be cited, or None when it may."""
    parts = urlsplit(url.rstrip(".;:"))
    host = (parts.hostname or "").lower()
    for mirror in MIRROR_HOSTS:
        if host == mirror or host.endswith("." + mirror):
            return f"copy on {mirror}; cite the outlet's own page or the primary document"
    tracking = [k for k, _ in parse_qsl(parts.query, keep_blank_values=True) if TRACKING_PARAMS.match(k)]
    if tracking:
        return f"tracking parameter {', '.join(tracking)}; cite the URL without it"
    return None


def cited_urls() -> list[tuple[str, int, str]]:
    found = []
    for folder in ("data", "book"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in TEXT or not path.is_file():
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                found += [(f"{path.relative_to(ROOT)}:{number}", number, u) for u in URL.findall(line)]
    return found


@pytest.mark.parametrize("url, expected", [
    ("https://dcyh5l5lgidpq.cloudfront.net/a/some-story/33109802.html", "cloudfront.net"),
    ("https://thenational-the-national-prod.cdn.arcpublishing.com/news/x", "arcpublishing.com"),
    ("https://www.tolerance.ca/ArticleExt.aspx?ID=509030&L=en", "tolerance.ca"),
    ("https://www.publicnow.com/view/FAC49CE8", "publicnow.com"),
    ("https://pl.scribd.com/document/397929026/ACH", "scribd.com"),
    ("http://www.github.com/someone/ICD203-intel-analysis", "github.com"),
    ("https://raw.githubusercontent.com/someone/repo/main/doc.pdf", "githubusercontent.com"),
    ("https://en.wikipedia.org/wiki/Admiralty_code", "wikipedia.org"),
    ("https://web.archive.org/web/2020/https://example.org/", "archive.org"),
    ("https://archive.ph/abcde", "archive.ph"),
    ("https://www.seattletimes.com/story/?utm_source=RSS&utm_medium=Referral", "utm_source"),
    ("https://tass.com/world/2012051?utm_source=chatgpt.com", "utm_source"),
    ("https://example.net/a?fbclid=IwAR0", "fbclid"),
    ("https://example.net/a?x=1&gclid=abc", "gclid"),
    ("https://www.bbc.co.uk/news/uk-1?at_medium=RSS&at_campaign=KARANGA", "at_medium"),
    ("https://www.tribuneindia.com/news/x/amp/?utm=relatedarticles", "utm"),
])
def test_the_check_refuses_mirrors_and_tracking(url, expected):
    problem = url_problem(url)
    assert problem is not None and expected in problem


@pytest.mark.parametrize("url", [
    "https://www.rferl.org/a/kyrgyzstan-afghanistan-taliban-terrorist-list/33109802.html",
    "https://www.jta.org/1997/10/09/archive/u-s-issues-long-awaited-list-of-foreign-terror-organizations-2",
    "https://plenglish.com/?p=243830",
    "https://www.legislation.gov.uk/uksi/2019/406/made/data.xht?view=snippet&wrap=true",
    "https://www.cia.gov/resources/csi/books-monographs/psychology-of-intelligence-analysis-2",
])
def test_the_check_accepts_original_pages_and_functional_parameters(url):
    assert url_problem(url) is None


def test_no_mirror_copies_or_tracking_parameters_in_data_or_book():
    urls = cited_urls()
    assert len(urls) > 100, "the scan found the sources"
    bad = [f"{where}: {url} ({problem})" for where, _, url in urls if (problem := url_problem(url))]
    assert bad == []
