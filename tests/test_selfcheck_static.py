"""On the static site, with no kernel and no network: commit a guess (and a reason), then the reading.

Drives Debian's chromium over the built site (browser_support.py): claim cards on a chapter keep
kind and status hidden until a guess with a reason is committed, keep the first guess across a
reload (revisions counted, never replacing it), and "Show all labels" opens every reading.
Self-checks name options by their words in feedback, never by ids, and work from the keyboard.
Without scripts, the reading is a collapsed <details> and no dead form is shown.

Texts are read with textContent: the site lays out sections far below the fold only when the reader
nears them (CSS content-visibility), and innerText of a section not yet laid out is empty.
"""
from __future__ import annotations

import re

import pytest

pytest_plugins = ["browser_support"]

CHAPTER = "book/motives.html"
REASON = "The Crocus attack and the court ruling both point this way"


def _reading(page, key: str):
    """The <details> that holds the module's reading of ``key``."""
    return page.locator(f'details.cl-reveal:has(.cl-answer[data-cl-key="{key}"])').first


def _choose(form, index: int) -> list[str]:
    """Pick option ``index`` (1 = the first real option) in every menu of ``form``; return their words."""
    picked = []
    selects = form.locator("select")
    for i in range(selects.count()):
        select = selects.nth(i)
        option = select.locator("option").nth(index)
        select.select_option(option.get_attribute("value"))
        picked.append(option.text_content().strip())
    return picked


def _ids(page) -> set[str]:
    """Every option value on the page that is an id (words joined by hyphens)."""
    values = page.eval_on_selector_all("form.cl-guess option, form.cl-guess input[type=radio]",
                                       "els => els.map(e => e.value)")
    return {v for v in values if re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", v)}


def test_claim_card_reveals_after_a_reasoned_guess_and_keeps_the_first(browser, site, site_dir):
    from browser_support import open_page

    context, page, visit = open_page(browser, site, CHAPTER)
    try:
        form = page.locator('form.cl-guess[data-cl-key^="claim:"]').first
        key = form.get_attribute("data-cl-key")
        reading, message = _reading(page, key), form.locator(".cl-msg")
        assert form.is_visible() and not reading.is_visible()

        first = _choose(form, 1)
        form.get_by_role("button", name="Commit my guess").click()
        assert "reason" in message.text_content() and not reading.is_visible()  # a reason comes first
        form.get_by_label(re.compile("Your reason")).fill("because")
        form.get_by_role("button", name="Commit my guess").click()
        assert "at least 3 words" in message.text_content() and not reading.is_visible()

        form.get_by_label(re.compile("Your reason")).fill(REASON)
        form.get_by_role("button", name="Commit my guess").click()
        assert reading.is_visible() and reading.get_attribute("open") is not None
        said = message.text_content()
        assert "Saved as your first guess" in said and ", ".join(first) in said and REASON in said
        assert ("within the range" in said) or ("outside the module’s range" in said)
        assert "Not this one" not in said and "Right:" not in said  # a contestable call is never marked
        assert message.get_attribute("role") == "status"

        page.reload()
        form = page.locator(f'form.cl-guess[data-cl-key="{key}"]')
        assert _reading(page, key).is_visible()
        assert f"Your first guess (kept): {', '.join(first)}" in form.locator(".cl-msg").text_content()

        second = _choose(form, 2)  # a revision
        form.get_by_label(re.compile("Your reason")).fill("On second thoughts the later evidence weighs more")
        form.get_by_role("button", name="Commit my guess").click()
        page.reload()
        said = page.locator(f'form.cl-guess[data-cl-key="{key}"] .cl-msg').text_content()
        assert f"Your first guess (kept): {', '.join(first)}" in said and "Revisions since: 1." in said
        assert [page.locator(f'form.cl-guess[data-cl-key="{key}"] select').nth(i).evaluate(
            "s => s.options[s.selectedIndex].text") for i in range(2)] == second  # the menus show the latest
        stored = page.evaluate(f"() => JSON.parse(localStorage.getItem('claimlab:guess:{key}'))")
        assert len(stored["attempts"]) == 2 and stored["attempts"][0]["reason"] == REASON
        assert not [v for v in _ids(page) if v in said]  # words, never ids
        assert visit.external == [] and visit.console_errors == [] and visit.page_errors == []
    finally:
        context.close()


def test_show_all_reveals_every_card(browser, site, site_dir):
    from browser_support import open_page

    context, page, visit = open_page(browser, site, CHAPTER)
    try:
        readings = page.locator("details.cl-reveal")
        assert readings.count() >= 3
        assert all(not readings.nth(i).is_visible() for i in range(readings.count()))
        toggle = page.get_by_role("button", name="Show all labels (instructors, review)")
        assert toggle.count() == 1  # one per page
        toggle.click()
        assert toggle.get_attribute("aria-pressed") == "true"
        assert all(readings.nth(i).is_visible() and readings.nth(i).get_attribute("open") is not None
                   for i in range(readings.count()))
        toggle.click()
        assert all(not readings.nth(i).is_visible() for i in range(readings.count()))
        assert visit.console_errors == [] and visit.page_errors == []
    finally:
        context.close()


def test_one_guess_opens_every_card_of_that_claim_on_the_page(browser, site, site_dir):
    from browser_support import open_page

    context, page, _ = open_page(browser, site, "book/what-changed.html")
    try:
        keys = page.eval_on_selector_all("form.cl-guess", "fs => fs.map(f => f.dataset.clKey)")
        key = next(k for k in keys if keys.count(k) > 1)  # a claim in the table and in the corrections
        form = page.locator(f'form.cl-guess[data-cl-key="{key}"]').last
        _choose(form, 1)
        form.get_by_label(re.compile("Your reason")).fill(REASON)
        form.get_by_role("button", name="Commit my guess").click()
        readings = page.locator(f'details.cl-reveal:has(.cl-answer[data-cl-key="{key}"])')
        assert readings.count() >= 2 and all(readings.nth(i).is_visible() for i in range(readings.count()))
        assert "Your first guess (kept)" in page.locator(f'form.cl-guess[data-cl-key="{key}"]').first.text_content()
    finally:
        context.close()


@pytest.mark.parametrize("path", ["exercises/counterpoint-duel.html", "exercises/verdict.html"])
def test_self_check_feedback_uses_words_and_the_keyboard(browser, site, site_dir, path):
    from browser_support import open_page

    context, page, visit = open_page(browser, site, path)
    try:
        form = page.locator(".claimlab-selfcheck form.cl-guess").first
        answer = page.locator(".claimlab-selfcheck .cl-answer").first
        model = answer.get_attribute("data-model-answer")
        exact = answer.get_attribute("data-exact") is not None
        values = form.locator("input[type=radio]").evaluate_all("els => els.map(e => e.value)")
        other = next(v for v in values if v != model)
        message = form.locator(".cl-msg")

        form.locator("button[type=submit]").click()
        assert message.text_content().startswith("Choose first")

        form.locator(f"input[value='{other}']").focus()  # keyboard: radio, (reason), Enter
        page.keyboard.press("Space")
        if not exact:
            page.keyboard.press("Tab")
            page.keyboard.type(REASON)
        page.keyboard.press("Enter")
        said = message.text_content()
        words = form.locator(f"input[value='{other}']").evaluate("e => e.parentNode.textContent.trim()")
        assert words in said
        if exact:
            assert "Not this one" in said
        else:
            assert "outside the module’s range" in said and "make your case" in said
        assert not [v for v in (model, other) if re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", v) and v in said]  # no ids
        assert _reading(page, form.get_attribute("data-cl-key")).is_visible()
        assert visit.external == [] and visit.console_errors == [] and visit.page_errors == []
    finally:
        context.close()


def test_without_scripts_the_reading_is_a_collapsed_details(browser, site, site_dir):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site + CHAPTER)
        assert page.locator("form.cl-guess").first.is_hidden()  # no form that would do nothing
        reading = page.locator("details.cl-reveal").first
        summary = reading.locator("summary")
        assert "commit your own guess first" in summary.text_content()
        assert reading.get_attribute("open") is None
        summary.click()
        assert "The module’s reading" in reading.text_content()
    finally:
        context.close()
