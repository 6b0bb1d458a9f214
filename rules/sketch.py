"""The idea sketch (idéskiss): every part optional so a check can run on a half-finished draft.

Field names double as Rasa slot names. Validation messages are Swedish because they reach the user
(through the API's 422 answers and the bot's forms).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

MAX_TEXT_CHARS = 10_000
"""Longest accepted free text per field; longer input is refused with a Swedish message."""

EARLIEST_DATE = date(1990, 1, 1)
LATEST_DATE = date(2100, 12, 31)
MAX_AMOUNT_SEK = 100_000_000_000

_TRUE_WORDS = {"ja", "j", "japp", "sant", "stämmer", "yes", "true", "1"}
_FALSE_WORDS = {"nej", "n", "nä", "falskt", "inte", "no", "false", "0"}

ProcurementForm = Literal["upphandling", "direktupphandling", "iop", "bidrag"]


def _text(title: str, description: str = "", **extra: Any) -> Any:
    return Field(default=None, title=title, description=description, max_length=MAX_TEXT_CHARS, **extra)


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _swedish_bool(value: Any) -> Any:
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
    return value


def check_date_range(value: date | None) -> date | None:
    if value is not None and not (EARLIEST_DATE <= value <= LATEST_DATE):
        raise ValueError(
            f"Datumet {value.isoformat()} är orimligt. Ange ett datum mellan "
            f"{EARLIEST_DATE.year} och {LATEST_DATE.year} (ÅÅÅÅ-MM-DD)."
        )
    return value


class _Base(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True, validate_assignment=True)

    @field_validator("*", mode="before")
    @classmethod
    def _normalise_input(cls, value: Any, info: ValidationInfo) -> Any:
        """Blank answers count as not given; 'ja'/'nej' count as booleans (chat answers, Rasa slots)."""
        value = _blank_to_none(value)
        field = cls.model_fields.get(info.field_name or "")
        if field is not None and field.annotation in (bool | None, bool):
            value = _swedish_bool(value)
        return value


def parse_sek(value: Any) -> Any:
    """An amount written the Swedish way ("1,2 mnkr", "850 tkr", "3 x 450 000 kr", "700 000:-") as kronor;
    anything else is left to the field's own validation."""
    if isinstance(value, str) and value.strip() and not value.strip().isdigit():
        from rules.extract import parse_amount

        amount = parse_amount(value)
        if amount is None:
            raise ValueError(
                f"Beloppet ”{value}” går inte att läsa. Ange ett heltal i kronor, till exempel 850000."
            )
        return amount
    return value


class ExternalActor(_Base):
    """An actor outside the municipality that is to take part in, or be paid by, the project."""

    name: str | None = _text("Namn", "Organisationens namn.", examples=["Föreningen Unga Röster"])
    kind: str | None = _text("Organisationsform", "Till exempel förening, aktiebolag, stiftelse.")
    service: str | None = _text("Tjänst", "Vad aktören ska göra.")
    value_sek: int | None = Field(
        default=None,
        title="Kontraktsvärde (kr)",
        description="Värdet för hela avtalsperioden i kronor, exklusive moms.",
        ge=0,
        le=MAX_AMOUNT_SEK,
    )
    contract_months: int | None = Field(default=None, title="Avtalsperiod (månader)", ge=0, le=600)
    purchase_date: date | None = Field(default=None, title="Planerat inköpsdatum")
    social_service: bool | None = Field(
        default=None,
        title="Social tjänst (LOU bilaga 2)",
        description="Hälso- och sjukvård, sociala tjänster, utbildning med mera enligt LOU bilaga 2.",
    )
    own_concept: bool | None = Field(default=None, title="Aktörens eget koncept")
    form: ProcurementForm | None = Field(default=None, title="Form för samarbetet")
    supplier_key: str | None = _text(
        "Leverantörsnyckel", "Samma nyckel för avtal med samma leverantör, t.ex. organisationsnummer."
    )

    _date = field_validator("purchase_date")(check_date_range)
    _sek = field_validator("value_sek", mode="before")(parse_sek)

    @property
    def supplier(self) -> str | None:
        """Key that groups contracts with the same supplier: the key, or the name without legal form and
        punctuation ("Coach Norr AB" and "Coach Norr" are one supplier)."""
        if self.supplier_key:
            return " ".join(self.supplier_key.lower().split())
        if not self.name:
            return None
        from rules.checks.base import pattern

        plain = pattern("upphandling", "name_noise").sub(" ", self.name.lower())
        return " ".join(plain.split()) or " ".join(self.name.lower().split())


class IdeaSketch(_Base):
    """A project idea at any stage of drafting."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "title": "Tidiga insatser i förskolan",
                    "applicant": "Barn- och utbildningsnämnden",
                    "applicant_kind": "nämnd",
                    "department_head_on_board": True,
                    "committee_informed": True,
                    "problem": "Många barn saknar behörighet till gymnasiet.",
                    "target_group": "Barn i förskoleklass och deras föräldrar",
                    "method": "Föräldrastödsprogrammet Komet",
                    "knowledge_base": "Utvärderat i randomiserad studie (Kling m.fl. 2010).",
                    "funding_purpose": "Utbildning av personal och projektledning för att pröva metoden.",
                    "evaluation": "Effektutvärdering med jämförelsegrupp.",
                    "comparison_group": True,
                    "external_evaluator": "Södertörns högskola",
                    "savings_elsewhere": "Nej, besparingen uppstår i vår egen verksamhet.",
                    "repayment_plan": "Återbetalning börjar år 3 och pågår i 4 år.",
                    "repayment_start_years": 3,
                    "repayment_years": 4,
                    "implementation_plan": "Metoden förs in i ordinarie verksamhet efter projektet.",
                    "external_actors": [],
                    "budget_sek": 2400000,
                    "start_date": "2026-01-01",
                    "end_date": "2028-12-31",
                }
            ]
        }
    )

    title: str | None = _text("Titel")
    applicant: str | None = _text("Sökande nämnd eller förvaltning")
    applicant_kind: str | None = _text(
        "Vilken typ av organisation som söker", "Till exempel nämnd, förvaltning, kontor, förening."
    )
    contact: str | None = _text("Kontaktperson")
    department_head_on_board: bool | None = Field(
        default=None, title="Om kontorschefen eller förvaltningschefen står bakom idén"
    )
    committee_informed: bool | None = Field(default=None, title="Om nämnden är informerad")
    anchoring_notes: str | None = _text("Förankring (datum och beslut)")
    problem: str | None = _text("Problem")
    target_group: str | None = _text("Målgrupp")
    method: str | None = _text("Metod")
    knowledge_base: str | None = _text("Metodens kunskapsbas (referenser)")
    funding_purpose: str | None = _text("Vad pengarna ska användas till")
    human_effects: str | None = _text("Förväntade mänskliga effekter")
    economic_effects: str | None = _text("Förväntade ekonomiska effekter")
    cooperation: str | None = _text("Samverkan")
    savings_elsewhere: str | None = _text("Var besparingarna uppstår")
    external_actors: list[ExternalActor] | None = Field(default=None, title="Externa aktörer", max_length=50)
    evaluation: str | None = _text("Utvärdering")
    comparison_group: bool | None = Field(
        default=None, title="Om det finns en kontrollgrupp eller jämförelsegrupp"
    )
    external_evaluator: str | None = _text("Extern utvärderare")
    repayment_plan: str | None = _text("Återföringsplan")
    repayment_start_years: float | None = Field(
        default=None, title="År från projektstart till första återbetalning", ge=0, le=50
    )
    repayment_years: float | None = Field(default=None, title="Återbetalningstid (år)", ge=0, le=50)
    implementation_plan: str | None = _text("Implementeringsplan")
    budget_sek: int | None = Field(default=None, title="Budget (kr)", ge=0, le=MAX_AMOUNT_SEK)
    start_date: date | None = Field(default=None, title="Startdatum")
    end_date: date | None = Field(default=None, title="Slutdatum")
    description: str | None = _text("Fri beskrivning", "Fritext som kontrollerna också letar fakta i.")

    _dates = field_validator("start_date", "end_date")(check_date_range)
    _sek = field_validator("budget_sek", mode="before")(parse_sek)

    @field_validator("end_date")
    @classmethod
    def _end_after_start(cls, value: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("start_date")
        if value and start and value < start:
            raise ValueError("Slutdatum kan inte ligga före startdatum.")
        return value

    @property
    def project_years(self) -> float | None:
        if self.start_date and self.end_date:
            return (self.end_date - self.start_date).days / 365.25
        return None


def field_label(name: str) -> str:
    """Swedish label of an IdeaSketch field, for explanations naming missing facts."""
    info = IdeaSketch.model_fields.get(name)
    return (info.title if info and info.title else name).lower()


def swedish_list(items: list[str]) -> str:
    """'a', 'a och b', 'a, b och c' in Swedish ('' for none)."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " och " + items[-1]


def labels(names: list[str]) -> str:
    """The fields' Swedish labels as a list: 'a', 'a och b', 'a, b och c'."""
    return swedish_list([field_label(n) for n in names])
