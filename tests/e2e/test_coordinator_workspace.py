"""The coordinators' workspace in headless Chromium against the real services: an unanswered question asked in
the chat shows up in the list, a coordinator writes an FAQ entry for it with a passage picked through search,
the chat then answers it; a thumbed-down answer shows up with its comment; an idéskiss written, finished and
downloaded in the chat is counted in the insights; an uploaded document is found by search; axe-core finds
no serious violation on any page; the workspace works with the keyboard only."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from fondassistenten.launcher import Services
from fondassistenten.settings import ROOT
from tests.e2e.conftest import AXE, CHROMIUM
from tests.e2e.test_conversations import answer_for

PASSWORD = "e2e-losenord-som-ar-langt"
# Reaches the document search and is not answered by the bundled documents or FAQ (checked before the entry).
QUESTION = "Får vi bjuda deltagarna på lunch?"
pytestmark = [
    pytest.mark.servers,
    pytest.mark.skipif(CHROMIUM is None, reason="Debians chromium är inte installerad"),
]


@pytest.fixture(scope="module")
def account(services: Services) -> str:
    env = {**os.environ, "FOND_STATE_DIR": str(services.state_dir), "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [sys.executable, "-m", "fondassistenten.accounts", "create", "e2e", "--roll", "administratör",
         "--namn", "Eva Samordnare", "--lösenord-stdin"],
        input=PASSWORD + "\n", text=True, env=env, check=True, cwd=ROOT,
    )  # fmt: skip
    return "e2e"


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="sv-SE")
    yield context
    context.close()


def login(page: Page, base: str, username: str) -> None:
    page.goto(base + "/samordnare/logga-in")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Översikt")).to_be_visible()


def open_chat(context: BrowserContext, base: str, bypass_csp: bool = False) -> Page:
    """A new applicant's chat page (own browser context, own cookies), past the role question."""
    page = context.browser.new_context(locale="sv-SE", bypass_csp=bypass_csp).new_page()
    page.goto(base + "/")
    greeting = page.locator("#log li.bot").first
    expect(greeting).to_be_visible(timeout=60_000)
    greeting.get_by_role("button", name="Jag arbetar i kommunen").click()
    expect(page.locator("#log li.bot")).not_to_have_count(1, timeout=60_000)
    expect(page.locator("#status")).to_have_text("", timeout=60_000)
    return page


def ask(page: Page, question: str) -> None:
    before = page.locator("#log li.bot").count()
    page.get_by_label("Ditt meddelande").fill(question)
    page.keyboard.press("Enter")
    expect(page.locator("#log li.bot")).not_to_have_count(before, timeout=60_000)
    expect(page.locator("#status")).to_have_text("", timeout=60_000)


def sketch_counts(page: Page, base: str) -> tuple[int, ...]:
    """(started, finished, exported) idéskisser on the insights page, as the coordinator reads them."""
    page.goto(base + "/samordnare/insikter")
    summary = page.locator("#skisser-summa").inner_text()
    found = re.fullmatch(r"Påbörjade: (\d+), klara: (\d+), exporterade: (\d+)\.", " ".join(summary.split()))
    assert found, summary
    return tuple(int(n) for n in found.groups())


def serious_violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        f"{page.url}: {v['id']}: {v['help']} ({len(v['nodes'])} ställen)"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_unanswered_question_to_faq_entry_to_new_answer(
    services: Services, account: str, context: BrowserContext
) -> None:
    base = services.web_url
    applicant = open_chat(context, base)
    ask(applicant, QUESTION)
    expect(applicant.locator("#log li.bot").last).to_contain_text("Det vet jag inte")

    coordinator = context.new_page()
    login(coordinator, base, account)
    row = coordinator.locator("#obesvarade tr", has_text=QUESTION)
    expect(row).to_be_visible()
    row.get_by_role("link", name="Skriv FAQ-svar").click()
    expect(coordinator.get_by_label("Frågan, så som folk formulerar den (en per rad)")).to_have_value(
        QUESTION
    )
    coordinator.get_by_label("Rubrik").fill("Inköp av utrustning")
    coordinator.get_by_label("Kort svar").fill("Fonden finansierar inte befintlig verksamhet.")
    coordinator.get_by_label("Sök i dokumenten").fill("riktat föreningsstöd")
    coordinator.keyboard.press("Enter")
    hit = coordinator.locator("#traffar li", has_text="Under inga omständigheter kan fondens medel").first
    label = hit.locator("strong").inner_text()
    hit.get_by_role("button", name="Använd stycket").click()
    expect(coordinator.get_by_label("Valda citat", exact=False)).to_have_value(
        re.compile("Under inga omständigheter")
    )
    coordinator.get_by_role("button", name="Spara FAQ-posten").click()
    expect(coordinator.get_by_role("status")).to_contain_text("FAQ-posten är sparad")

    before = applicant.locator("#log li.bot").count()
    ask(applicant, QUESTION)
    reply = " ".join(applicant.locator("#log li.bot").all_inner_texts()[before:])
    assert "Det vet jag inte" not in reply
    assert "Fonden finansierar inte befintlig verksamhet." in reply  # the coordinator's short answer
    assert f"Källa: {label}" in reply  # the passage the coordinator picked, with its source
    applicant.context.close()


def test_thumbs_down_is_found_in_the_overview(
    services: Services, account: str, context: BrowserContext
) -> None:
    base = services.web_url
    applicant = open_chat(context, base)
    ask(applicant, "Vem beslutar om pengar ur fonden?")
    last = applicant.locator("#log li.bot").last
    last.get_by_role("button", name="Tummen ned").click()
    expect(last.get_by_role("status")).to_contain_text("Tack för din återkoppling")
    last.get_by_label("Kommentar (valfri, skriv inga personuppgifter)").fill("Jag ville veta vilken nämnd")
    last.get_by_role("button", name="Skicka kommentaren").click()
    expect(last.get_by_role("status")).to_contain_text("Tack för din återkoppling")
    applicant.context.close()

    coordinator = context.new_page()
    login(coordinator, base, account)
    expect(coordinator.locator("#tumme-ned")).to_contain_text("Jag ville veta vilken nämnd")
    expect(coordinator.locator("#tumme-ned tr", has_text="Vem beslutar om pengar ur fonden?")).to_be_visible()


def test_idea_sketch_started_finished_and_exported_shows_in_the_insights(
    services: Services, account: str, context: BrowserContext
) -> None:
    base = services.web_url
    coordinator = context.new_page()
    login(coordinator, base, account)
    started, finished, exported = sketch_counts(coordinator, base)

    applicant = open_chat(context, base)
    before = applicant.locator("#log li.bot").count()
    ask(applicant, "Jag vill skriva en idéskiss")
    for _ in range(40):
        reply = "\n".join(applicant.locator("#log li.bot").all_inner_texts()[before:])
        if "Klart!" in reply:
            break
        answer = answer_for(reply)
        assert answer, f"formuläret frågade något testet inte kan svara på:\n{reply}"
        before = applicant.locator("#log li.bot").count()
        ask(applicant, answer)
    else:
        raise AssertionError("formuläret blev inte klart")
    assert sketch_counts(coordinator, base) == (started + 1, finished + 1, exported)

    with applicant.expect_download() as download:
        applicant.get_by_role("link", name="Ladda ned idéskissen (MD)").last.click()
    assert download.value.suggested_filename.endswith(".md")
    for fmt in ("DOCX", "PDF"):  # the same sketch in other formats is still one exported sketch
        with applicant.expect_download() as other:
            applicant.get_by_role("link", name=f"Ladda ned idéskissen ({fmt})").last.click()
        assert other.value.suggested_filename.endswith("." + fmt.lower())
    applicant.context.close()

    assert sketch_counts(coordinator, base) == (started + 1, finished + 1, exported + 1)
    expect(coordinator.locator("#skissdiagram")).to_be_visible()  # the Chart.js chart beside the table
    csv = coordinator.request.get(base + "/samordnare/insikter.csv?tabell=ideskisser")
    rows = [line.split(";") for line in csv.text().lstrip("\ufeff").splitlines()[1:]]
    assert [sum(int(r[i]) for r in rows) for i in (1, 2, 3)] == [started + 1, finished + 1, exported + 1]


def test_uploaded_document_is_found_by_search(
    services: Services, account: str, context: BrowserContext, tmp_path: Path
) -> None:
    document = tmp_path / "riktlinje-2027.md"
    document.write_text(
        "# Reviderad riktlinje\n\n## Klimat\n\nFrån och med 2027 ska varje idéskiss till fonden beskriva hur "
        "projektet minskar klimatpåverkan från resor och lokaler, och nämnden ska redovisa detta i sin "
        "årliga uppföljning.\n",
        encoding="utf-8",
    )
    page = context.new_page()
    login(page, services.web_url, account)
    page.get_by_role("link", name="Dokument", exact=True).click()
    page.get_by_label("Fil (PDF, DOCX eller Markdown)").set_input_files(str(document))
    page.get_by_label("Titel").fill("Reviderad riktlinje 2027")
    page.get_by_label("Kommun").fill("Södertälje")
    page.get_by_label("Dokumenttyp").select_option("riktlinje")
    page.get_by_role("button", name="Ladda upp").click()
    expect(page.get_by_role("status")).to_contain_text("går redan att söka i", timeout=60_000)
    page.goto(services.web_url + "/samordnare/faq/ny")
    page.get_by_label("Sök i dokumenten").fill("Ska idéskissen beskriva klimatpåverkan från resor?")
    page.get_by_role("button", name="Sök", exact=True).click()
    expect(page.locator("#traffar li").first).to_contain_text("klimatpåverkan från resor och lokaler")


@pytest.mark.skipif(not AXE.exists(), reason="axe-core är inte installerad (npm ci --prefix tests/e2e/node)")
def test_no_serious_accessibility_violation_on_any_page(
    services: Services, account: str, browser: Browser
) -> None:
    context = browser.new_context(locale="sv-SE", bypass_csp=True)  # axe-core is injected as a script
    page = context.new_page()
    page.goto(services.web_url + "/samordnare/logga-in")
    problems = serious_violations(page)
    login(page, services.web_url, account)
    for path in ("/samordnare/", "/samordnare/insikter", "/samordnare/faq", "/samordnare/faq/ny",
                 "/samordnare/dokument"):  # fmt: skip
        page.goto(services.web_url + path)
        problems += serious_violations(page)
    chat = open_chat(context, services.web_url, bypass_csp=True)
    ask(chat, "Vem beslutar om pengar ur fonden?")
    chat.locator("#log li.bot").last.get_by_role("button", name="Tummen upp").click()
    problems += serious_violations(chat)
    context.close()
    assert not problems, problems


def test_keyboard_only(services: Services, account: str, context: BrowserContext) -> None:
    page = context.new_page()
    page.goto(services.web_url + "/samordnare/logga-in")

    def tab_to(name: str) -> None:
        for _ in range(40):
            page.keyboard.press("Tab")
            if (
                page.evaluate("document.activeElement.textContent.trim() || document.activeElement.id")
                == name
            ):
                return
        raise AssertionError(f"”{name}” nås inte med Tab")

    tab_to("username")
    page.keyboard.type(account)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Översikt")).to_be_visible()
    tab_to("Insikter")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Insikter", exact=True)).to_be_visible()
    expect(page.locator("#veckodiagram")).to_be_visible()
    tab_to("Vanliga frågor (FAQ)")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Vanliga frågor (FAQ)")).to_be_visible()
    tab_to("Skriv en ny FAQ-post")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Ny FAQ-post")).to_be_visible()
    tab_to("title")
    # the keyboard focus is visible (the workspace's :focus-visible outline)
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
