"""On the static site, with no kernel and no network, a self-check gives feedback."""
from __future__ import annotations

import pytest

pytest_plugins = ["browser_support"]

PAGES = ["book/motives.html", "exercises/competing-hypotheses.html", "exercises/verdict.html"]


@pytest.mark.parametrize("path", PAGES)
def test_self_check_answers_right_and_wrong_choices(browser, site, site_dir, path):
    from browser_support import open_page

    context, page, visit = open_page(browser, site, path)
    try:
        form = page.locator("form.sc-q").first
        answer = form.get_attribute("data-answer")
        options = form.locator("input[type=radio]")
        values = [options.nth(i).get_attribute("value") for i in range(options.count())]
        feedback = form.locator(".sc-feedback")

        form.get_by_role("button", name="Check").click()
        assert feedback.inner_text() == "Choose an answer first."

        wrong = next(v for v in values if v != answer)
        form.locator(f"input[value='{wrong}']").check()
        form.get_by_role("button", name="Check").click()
        assert feedback.inner_text().startswith("Not quite") and answer in feedback.inner_text()

        form.locator(f"input[value='{answer}']").check()
        form.get_by_role("button", name="Check").click()
        assert feedback.inner_text().startswith("Correct.")
        # keyboard: the radio group and the button are reachable and usable without a mouse
        form.locator(f"input[value='{wrong}']").focus()
        page.keyboard.press("Space")
        page.keyboard.press("Enter")
        assert feedback.inner_text().startswith("Not quite")
        assert feedback.get_attribute("role") == "status"  # announced by screen readers
        assert visit.external == [] and visit.console_errors == [] and visit.page_errors == []
    finally:
        context.close()
