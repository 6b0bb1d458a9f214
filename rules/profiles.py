"""Fund profiles: each fund's rules as data (``rules/profiles/<id>.yaml``), every value with its source."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails

from fondassistenten.settings import get_settings
from rules.sources import Citation, SourceRef, cite_passage

PROFILE_DIR = Path(__file__).resolve().parent / "profiles"


class UnknownFundError(ValueError):
    """Raised for a fund id without a profile file; the message is Swedish."""


class ProfileError(ValueError):
    """A profile file that does not follow the model below; the Swedish message names every key at fault."""


class _Strict(BaseModel):
    """A key the model does not have is an error, not silently dropped (a misspelt key, or ``known: false``
    on an item that cannot be unknown)."""

    model_config = ConfigDict(extra="forbid")


class ProfileSourceRef(_Strict, SourceRef):
    """A source in a profile: ``section``, ``quote``, optional ``file`` (else the profile's ``default_file``)
    and ``proposal``."""


class Sourced(_Strict):
    """A fund fact: a Swedish summary plus the passages it rests on."""

    text: str
    sources: list[ProfileSourceRef] = Field(default_factory=list)

    @property
    def proposal(self) -> bool:
        """Every source of the fact is proposed wording (e.g. Stockholm's consultation draft)."""
        return bool(self.sources) and all(ref.proposal for ref in self.sources)


class FundFact(Sourced):
    """A fact about the fund itself (size, who decides, process, first step).

    ``known: false`` when the documents do not state it: then ``text`` says so, and an answer says "det vet
    jag inte" and names the contact role.
    """

    known: bool = True


class FundSize(FundFact):
    value_sek: int | None = None


class TargetGroup(Sourced):
    scope: Literal["restricted", "all"]
    terms: list[str] = Field(default_factory=list)
    indirect_terms: list[str] = Field(default_factory=list)
    outside_terms: list[str] = Field(default_factory=list)


class Applicants(Sourced):
    allowed_kinds: list[str]


class FirstStep(FundFact):
    name: str


class Process(FundFact):
    steps: list[str] = Field(default_factory=list)


class Anchoring(Sourced):
    department_head_required: bool
    committee_before_application: bool


class MethodRules(Sourced):
    references_required: bool


class EvaluationRules(Sourced):
    external_evaluator_required: bool
    comparison_required: bool
    before_after_only_complement: bool


class RepaymentRules(Sourced):
    start_max_years: float | None = None
    duration_max_years: float | None = None
    duration_min_years: float | None = None
    start_after_project_end: bool = False
    min_work_years_before_repayment: float | None = None
    exemption: Sourced = Field(
        default_factory=lambda: Sourced(text="Fondens dokument anger inget undantag från återföringen.")
    )
    """When repayment may be waived. Left out of the profile: no exemption (the text above, no source)."""
    early_exemption_after_years: float | None = None
    """A very early effort whose gains come more than this many years ahead may be exempted (None: no such
    exemption in the fund's text)."""
    early_exemption_needs_control_groups: bool = False
    """The early exemption also needs a method resting on studies with control groups."""


class CooperationRules(Sourced):
    savings_department_must_take_part: bool


class ProcurementRules(Sourced):
    association_grants_allowed: bool | None = None


class RequiredPart(_Strict):
    field: str
    stage: str
    sources: list[ProfileSourceRef]


class Contact(_Strict):
    """Who to contact, by role. A person named in an old document is not presented as today's contact."""

    known: bool = True
    name: str
    role: str
    email: str | None = None
    phone: str | None = None
    generic: bool
    note: str | None = None
    sources: list[ProfileSourceRef] = Field(default_factory=list)

    def text(self) -> str:
        """ "fondens samordnare (beredningsgruppens sekreterare, …)" for a sentence."""
        reach = ", ".join(x for x in (self.email, self.phone) if x)
        return f"{self.name} ({self.role}{', ' + reach if reach else ''})"


class FundProfile(_Strict):
    id: str
    name: str
    municipality: str
    default_file: str
    valid_note: str
    fund_size: FundSize
    target_group: TargetGroup
    applicants: Applicants
    decision: FundFact
    first_step: FirstStep
    process: Process
    anchoring: Anchoring
    method: MethodRules
    evaluation: EvaluationRules
    repayment: RepaymentRules
    implementation: Sourced
    cooperation: CooperationRules
    existing_operations: Sourced
    equality: Sourced
    business_support: Sourced
    procurement: ProcurementRules
    required_parts: list[RequiredPart]
    contact: Contact

    def cite(self, fact: Sourced | RequiredPart | Contact) -> list[Citation]:
        """Citations for one of this profile's facts."""
        return [cite_passage(ref, self.default_file) for ref in fact.sources]


def available_funds() -> list[str]:
    return sorted(p.stem for p in PROFILE_DIR.glob("*.yaml"))


@lru_cache
def load_profile(fund_id: str | None = None) -> FundProfile:
    """The profile of ``fund_id`` (default: the configured fund)."""
    fund_id = (fund_id or get_settings().fund).strip().lower()
    if fund_id not in available_funds():
        raise UnknownFundError(f"Fonden ”{fund_id}” finns inte. Välj en av: {', '.join(available_funds())}.")
    return read_profile(PROFILE_DIR / f"{fund_id}.yaml")


def read_profile(path: Path) -> FundProfile:
    """The profile in ``path``; a file that does not follow the model raises ``ProfileError`` in Swedish."""
    try:
        return FundProfile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except ValidationError as error:
        problems = "\n".join(f"- {_problem(e)}" for e in error.errors())
        raise ProfileError(f"Fondprofilen {path.name} följer inte mallen:\n{problems}") from error


def _may_be_unknown() -> list[str]:
    """The profile's items that take ``known: false``."""
    return [
        name
        for name, field in FundProfile.model_fields.items()
        if isinstance(field.annotation, type)
        and issubclass(field.annotation, BaseModel)
        and "known" in field.annotation.model_fields
    ]


_EXPECTED = {
    "bool_parsing": "ska vara true eller false",
    "bool_type": "ska vara true eller false",
    "int_parsing": "ska vara ett heltal",
    "int_type": "ska vara ett heltal",
    "float_parsing": "ska vara ett tal",
    "float_type": "ska vara ett tal",
    "string_type": "ska vara en text",
    "list_type": "ska vara en lista",
    "model_type": "ska ha underuppgifter (nycklar med värden)",
    "dict_type": "ska ha underuppgifter (nycklar med värden)",
}


def _problem(error: ErrorDetails) -> str:
    """One validation error in Swedish, naming the key (``repayment.exemption.text``)."""
    key = ".".join(str(part) for part in error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden" and error["loc"][-1] == "known":
        return (
            f"`{key}`: bara {', '.join(_may_be_unknown())} kan ha `known: false`. Skriv i stället i "
            "`text` vad dokumenten säger och inte säger."
        )
    if kind == "extra_forbidden":
        return f"`{key}` är ingen uppgift i en fondprofil (felstavad, eller på fel nivå?)."
    if kind == "missing":
        return f"`{key}` saknas."
    if kind == "literal_error":
        choices = str(error.get("ctx", {}).get("expected", "")).replace(" or ", " eller ")
        return f"`{key}` ska vara en av {choices}, inte {error['input']!r}."
    expected = _EXPECTED.get(kind, f"har ett värde som inte går att läsa ({error['msg']})")
    return f"`{key}` {expected}, inte {error['input']!r}."
