"""The chat's code filter (actions/text_input.py) reads the text the way a browser would: entities decoded."""

import pytest

from actions.text_input import bad_input_reply


@pytest.mark.parametrize(
    "message",
    [
        "[Klicka här](javascript:alert(1))",
        "[Klicka här](javascript&#58;alert(1))",
        "[Klicka här](javascript&colon;alert(1))",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&#60;iframe src=x&#62;",
        "<img src=x onerror=alert(1)>",
    ],
)
def test_code_is_refused_also_when_it_is_html_encoded(message: str) -> None:
    reply = bad_input_reply(message)
    assert reply is not None and "kod" in reply


def test_an_ordinary_question_with_an_ampersand_is_not_code() -> None:
    assert bad_input_reply("Kan kultur- &amp; fritidsnämnden söka?") is None
