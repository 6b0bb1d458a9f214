"""The intranet chat page in headless Chromium, against the real services."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from fondassistenten.launcher import Services
from tests.e2e.conftest import AXE, CHROMIUM

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debians chromium är inte installerad")


@pytest.fixture
def page(browser: Browser, services: Services) -> Iterator[Page]:
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    page.goto(services.web_url + "/")
    yield page
    context.close()


@pytest.fixture
def page_for_axe(browser: Browser, services: Services) -> Iterator[Page]:
    """The page as in ``page``, but the test may inject axe-core (the page's CSP allows no inline script)."""
    context = browser.new_context(locale="sv-SE", bypass_csp=True)
    page = context.new_page()
    page.goto(services.web_url + "/")
    yield page
    context.close()


def test_page_greets_and_says_it_is_automated(page: Page) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.locator("#notice")).to_contain_text("automatisk assistent")
    expect(page.locator("#log")).to_have_attribute("aria-live", "polite")
    # The page opens the conversation itself; the bot's greeting appears.
    expect(page.locator("#log li.bot").first).to_contain_text("automatiserad assistent", timeout=30_000)
    expect(page.locator("#log li.user")).to_have_count(0)  # the opening greeting is not the user's words


def test_user_asks_with_the_keyboard_and_gets_a_cited_answer(page: Page) -> None:
    expect(page.locator("#log li.bot").first).to_be_visible(timeout=30_000)
    page.get_by_label("Ditt meddelande").fill("Vem beslutar om pengar ur fonden?")
    page.keyboard.press("Enter")
    expect(page.locator("#log li.user").last).to_contain_text("Vem beslutar")
    # The answer arrives as several bubbles: the passage, then its sources.
    expect(page.locator("#log")).to_contain_text("Källa:", timeout=30_000)


def test_html_from_the_user_is_shown_as_text_not_run(page: Page) -> None:
    expect(page.locator("#log li.bot").first).to_be_visible(timeout=30_000)
    page.get_by_label("Ditt meddelande").fill("<b>fet</b><img src=x onerror=alert(1)>")
    page.get_by_role("button", name="Skicka").click()
    expect(page.locator("#log li.user").last).to_contain_text("<b>fet</b>")
    assert page.locator("#log b, #log img").count() == 0


def test_empty_message_is_not_sent(page: Page) -> None:
    expect(page.locator("#log li.bot").first).to_be_visible(timeout=30_000)
    sent = page.locator("#log li.user").count()
    page.get_by_label("Ditt meddelande").fill("   ")
    page.get_by_role("button", name="Skicka").click()
    expect(page.locator("#status")).to_contain_text("Skriv ett meddelande först")
    assert page.locator("#log li.user").count() == sent


@pytest.mark.skipif(not AXE.exists(), reason="axe-core är inte installerad (npm ci --prefix tests/e2e/node)")
def test_page_meets_wcag_21_aa_with_a_conversation_on_screen(page_for_axe: Page) -> None:
    page = page_for_axe
    expect(page.locator("#log li.bot").first).to_be_visible(timeout=30_000)
    page.get_by_label("Ditt meddelande").fill("Vem beslutar om pengar ur fonden?")
    page.keyboard.press("Enter")
    expect(page.locator("#log")).to_contain_text("Källa:", timeout=30_000)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    problems = [f"{v['id']}: {v['help']} ({len(v['nodes'])} ställen)" for v in result["violations"]]
    assert not problems, problems


def test_the_role_question_offers_quick_replies_that_answer_an_association(page: Page) -> None:
    greeting = page.locator("#log li.bot").first
    expect(greeting).to_contain_text("Arbetar du i kommunen", timeout=30_000)
    expect(greeting.get_by_role("button", name="Jag arbetar i kommunen")).to_be_visible()
    greeting.get_by_role(
        "button", name="Jag företräder en förening, ett företag eller en annan organisation"
    ).click()
    expect(page.locator("#log li.user").last).to_contain_text("Jag företräder en förening")
    # The first thing an outside organisation hears is that it cannot apply itself, with the rule's source.
    expect(page.locator("#log li.bot").nth(1)).to_contain_text("Nej, ni kan inte söka själva", timeout=30_000)
    expect(page.locator("#log li.bot").nth(1)).to_contain_text("Källa:")


def test_the_page_runs_under_its_csp_and_starting_over_gives_a_new_session(
    browser: Browser, services: Services
) -> None:
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(services.web_url + "/")
    expect(page.locator("#log li.bot").first).to_be_visible(timeout=30_000)
    first = {c["name"]: c for c in context.cookies()}["fond_samtal"]
    assert first["httpOnly"] and first["sameSite"] == "Strict"
    assert page.evaluate("document.cookie") == ""  # the page's script cannot read the session
    # The old greeting stays on screen until the new session exists: wait for that answer, not the screen.
    with page.expect_response(lambda r: r.url.endswith("/api/session"), timeout=30_000):
        page.get_by_role("button", name="Börja om konversationen").click()
    expect(page.locator("#log li.bot").first).to_be_visible(timeout=30_000)
    second = {c["name"]: c for c in context.cookies()}["fond_samtal"]
    assert second["value"] != first["value"]
    assert not violations, violations
    context.close()
