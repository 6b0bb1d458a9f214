"""Locust users of the intranet web app: they chat, search, run the checks and export a sketch, with 1–3 s of
thinking between requests, as people do. Run by ``benchmarks/locust_benchmark.py`` (headless, loopback, a
bounded number of users and seconds per step); by hand: ``locust -f benchmarks/locustfile.py --host URL``.

Each user is one browser: its own cookie jar, so the web app gives it one conversation.
"""

from __future__ import annotations

import random

from locust import HttpUser, between, task

CHAT = [
    "Hej",
    "Kan en förening söka pengar ur fonden?",
    "Vem beslutar om pengarna?",
    "Hur mycket pengar finns i fonden?",
    "Vad menas med befintlig verksamhet?",
    "Måste projektet utvärderas?",
    "Vad gäller för upphandling om vi anlitar ett företag?",
    "Tack, hej då",
]
SEARCH = [
    "Vem kan söka pengar ur fonden?",
    "Vad är återföring?",
    "Hur lång tid får ett projekt pågå?",
    "Måste nämnden ha beslutat innan vi söker?",
    "Kan pengarna gå till personalkostnader?",
]
SKETCH = {
    "title": "Föräldrastöd i Hovsjö",
    "applicant": "Socialnämnden",
    "department_head_on_board": True,
    "committee_informed": True,
    "target_group": "Föräldrar till barn i förskoleklass i Hovsjö",
    "funding_purpose": "Utbildning av personal i en ny metod för föräldrastöd.",
    "external_actors": [],
}


class IntranetUser(HttpUser):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.turn = 0

    @task(6)
    def chat(self) -> None:
        message = CHAT[self.turn % len(CHAT)]
        self.turn += 1
        with self.client.post(
            "/webhooks/rest/webhook", json={"sender": "locust", "message": message}, name="chatt",
            catch_response=True,
        ) as response:  # fmt: skip
            if response.status_code != 200 or not response.json():
                response.failure(f"status {response.status_code}")

    @task(3)
    def search(self) -> None:
        self.client.get("/api/search", params={"q": random.choice(SEARCH)}, name="sök")

    @task(2)
    def checks(self) -> None:
        self.client.post("/api/checks", json=SKETCH, name="kontroller")

    @task(1)
    def export(self) -> None:
        self.client.post("/api/sketch/export", params={"format": "md"}, json=SKETCH, name="export")
