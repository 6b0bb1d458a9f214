"""The idéskiss form takes corrections, over the REST channel against the real Rasa server, action server and
web app: a change of mind is never stored as the pending answer, every part reopens by the bot's own label
(skipped ones too), lead-ins are stripped, the bot's own examples are accepted, an unclear yes/no gets one
follow-up, and what the user already said is not asked again."""

from __future__ import annotations

import re

from tests.e2e.conftest import Chat
from tests.e2e.test_conversations import answer_for


def start_form(chat: Chat) -> str:
    chat.say("Hej")
    return chat.say("jag vill skriva en idéskiss")


def answer_until(chat: Chat, reply: str, question: str, limit: int = 30) -> str:
    """Answer the form with the usual applicant's answers until the bot asks ``question``."""
    for _ in range(limit):
        if question in reply:
            return reply
        answer = answer_for(reply)
        assert answer, f"the bot asked something the applicant cannot answer:\n{reply}"
        reply = chat.say(answer)
    raise AssertionError(f"the form never asked {question!r}; last reply:\n{reply}")


def summary_line(chat: Chat, label: str) -> str:
    summary = chat.say("visa sammanfattning")
    lines = [line for line in summary.splitlines() if line.startswith(f"• {label}:")]
    assert lines, f"no line for {label!r} in the summary:\n{summary}"
    return lines[0]


def test_a_change_of_mind_reopens_the_named_part_and_keeps_the_pending_one(chat: Chat) -> None:
    answer_until(chat, start_form(chat), "Hur ska pengarna återföras")
    reopened = chat.say("Förresten, jag behöver ändra målgruppen")
    assert "Vilken målgrupp" in reopened
    assert "Hur ska pengarna återföras" not in reopened
    back = chat.say("Cirka 80 barn i åldern 10–15 år")
    assert "Hur ska pengarna återföras" in back  # the pending part, asked again
    assert summary_line(chat, "Målgrupp") == "• Målgrupp: Cirka 80 barn i åldern 10–15 år"
    assert "Förresten" not in summary_line(chat, "Återföring")
    for change, question in (
        ("kan vi ändra metoden?", "Vilken metod"),
        ("vänta, titeln blev fel", "Vad heter er idé"),
    ):
        reopened = chat.say(change)
        assert question in reopened, f"{change!r} did not reopen its part:\n{reopened}"
        answer = "Vi inför föräldraprogrammet Komet" if "metod" in change else "Skolnärvaro"
        assert "Hur ska pengarna återföras" in chat.say(answer)
    assert "(inte besvarad än)" in summary_line(chat, "Återföring")
    assert summary_line(chat, "Idéns namn") == "• Idéns namn: Skolnärvaro"
    assert summary_line(chat, "Metod") == "• Metod: Vi inför föräldraprogrammet Komet"


def test_nej_jag_menade_corrects_the_answer_just_given(chat: Chat) -> None:
    reply = answer_until(chat, start_form(chat), "Vilken metod")
    reply = chat.say("nej, jag menade barn i åldern 6–9 år och deras föräldrar")
    assert "Vilken metod" in reply
    assert summary_line(chat, "Målgrupp") == "• Målgrupp: Barn i åldern 6–9 år och deras föräldrar"
    assert summary_line(chat, "Metod") == "• Metod: (inte besvarad än) – fonden kräver detta i idéskissen"


def test_a_skipped_part_comes_back_with_the_bots_own_instruction(chat: Chat) -> None:
    answer_until(chat, start_form(chat), "Uppstår besparingarna")
    skipped = chat.say("hoppa över")
    instruction = re.search(r"Skriv ”(ändra [^”]+)”", skipped)
    assert instruction, skipped
    assert instruction.group(1) == "ändra besparingar hos andra förvaltningar"
    economic = summary_line(chat, "Ekonomiska effekter")
    reopened = chat.say(instruction.group(1))
    assert "Uppstår besparingarna" in reopened
    assert "Ska någon extern aktör" in skipped
    assert "Ska någon extern aktör" in chat.say("Nej, i vår egen verksamhet")  # back to the pending part
    assert summary_line(chat, "Ekonomiska effekter") == economic  # not overwritten
    assert summary_line(chat, "Besparingar hos andra förvaltningar").endswith("Nej, i vår egen verksamhet")


def test_the_list_of_parts_uses_labels_that_work_in_andra(chat: Chat) -> None:
    answer_until(chat, start_form(chat), "Vilket problem")
    listing = chat.say("vilka delar finns?")
    labels = [line.removeprefix("• ") for line in listing.splitlines() if line.startswith("• ")]
    assert "Besparingar hos andra förvaltningar" in labels and "Sökt belopp (kr)" in labels
    assert "Vilket problem" in listing  # and the pending part is asked again
    reopened = chat.say(f"ändra {labels[0].lower()}")  # Idéns namn
    assert "Vad heter er idé" in reopened


def test_lead_ins_are_stripped_and_unclear_yes_no_gets_one_follow_up(chat: Chat) -> None:
    answer_until(chat, start_form(chat), "Vad heter er idé")
    chat.say("Vi har tänkt kalla det Skolnärvaro för alla")
    answer_until(chat, chat.say("visa sammanfattning"), "Står kontorschefen")
    follow_up = chat.say("positiv, men inte formellt ja")
    assert "Svara ja eller nej, tack" not in follow_up
    assert "Räkna det som ja" in follow_up and "Står kontorschefen" in follow_up
    second = chat.say("hon har sagt att hon gillar idén")
    assert "oklart" in second and "Har nämnden informerats" in second  # kept, no loop
    assert summary_line(chat, "Idéns namn") == "• Idéns namn: Skolnärvaro för alla"
    line = summary_line(chat, "Kontorschef eller förvaltningschef står bakom")
    assert "hon har sagt att hon gillar idén" in line
    markdown = chat.client.get(f"/api/sketch/{chat.sender}/export", params={"format": "md"}).text
    assert "Skolnärvaro för alla" in markdown and "Vi har tänkt" not in markdown
    assert "hon har sagt att hon gillar idén" in markdown


def test_what_was_already_said_is_not_asked_again(chat: Chat) -> None:
    reply = answer_until(chat, start_form(chat), "Hur ska insatsen följas upp")
    reply = chat.say(
        "Vi mäter frånvaro och betyg varje termin och jämför med en jämförelsegrupp på en liknande skola. "
        "Södertörns högskola utvärderar."
    )
    assert "Finns det en jämförelsegrupp" not in reply and "Vem utvärderar insatsen" not in reply
    assert "Du har redan berättat" in reply and "Södertörns högskola" in reply
    assert "Hur ska pengarna återföras" in reply


def test_the_bots_own_examples_fill_the_whole_form(chat: Chat) -> None:
    reply = start_form(chat)
    given = []
    for _ in range(40):
        if "Klart!" in reply:
            break
        example = re.findall(r"Exempel: ”([^”]+)”", reply)
        assert example, f"the bot asked without an example:\n{reply}"
        given.append(example[-1])
        reply = chat.say(example[-1])
        for refusal in (
            "Svara ja eller nej, tack",
            "Jag förstod inte",
            "Jag hittade inget",
            "inte säker på om",
        ):
            assert refusal not in reply, f"{given[-1]!r} was not accepted:\n{reply}"
    assert "Klart!" in reply, reply
    markdown = chat.client.get(f"/api/sketch/{chat.sender}/export", params={"format": "md"}).text
    assert "Föräldrastöd i Hovsjö" in markdown
    assert "Återföring från år 3 ur minskade placeringskostnader" in markdown
    # after the end, "ändra <label>" reopens that part and the sketch is finished again
    reopened = chat.say("ändra målgrupp")
    assert "Vilken målgrupp" in reopened, reopened
    done = chat.say("Cirka 90 elever i årskurs 7–9")
    assert "Klart!" in done and "• Målgrupp: Cirka 90 elever i årskurs 7–9" in done
    markdown = chat.client.get(f"/api/sketch/{chat.sender}/export", params={"format": "md"}).text
    assert "Cirka 90 elever i årskurs 7–9" in markdown and "Cirka 60 barn" not in markdown


def test_parts_named_in_any_message_land_where_they_belong(chat: Chat) -> None:
    """Retired v3 conversations (tuning): facts in the message that starts the form, several parts in one
    message and parts named after a courtesy were stored in the wrong part or lost."""
    chat.say(
        "Hej! Jag är enhetschef på socialkontoret i Södertälje. Socialnämnden ska stå som sökande och "
        "projektet heter Tidigt stöd Ronna. Kan vi börja på idéskissen?"
    )
    reply = chat.say("ok tack. Målgruppen är barn 6-12 år i Ronna, och metoden är familjestöd i hemmet")
    assert "Målgrupp" in reply and "Metod" in reply and "fyller jag i" in reply
    reply = chat.say("nu vet jag vad jag ska svara: kontakt Lena på familjeenheten")
    assert "Sammanfattning" not in reply
    assert summary_line(chat, "Idéns namn") == "• Idéns namn: Tidigt stöd Ronna"
    assert summary_line(chat, "Sökande nämnd eller förvaltning").endswith("Socialnämnden")
    assert summary_line(chat, "Målgrupp") == "• Målgrupp: Barn 6-12 år i Ronna"
    assert summary_line(chat, "Metod") == "• Metod: Familjestöd i hemmet"
    assert summary_line(chat, "Kontaktperson") == "• Kontaktperson: Lena på familjeenheten"
