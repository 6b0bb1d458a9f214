"""befintlig_verksamhet: the money must develop a method, not run existing operations."""

from __future__ import annotations

import re

from rules.checks.base import (
    CheckContext,
    CheckResult,
    Evidence,
    Hit,
    check_data,
    clause_hits,
    pattern,
    quoted,
    register,
    result,
    unknown,
    unreadable,
)
from rules.facts import readable, sentences
from rules.profiles import FundProfile
from rules.sources import Citation

_EXISTING_WORDS = re.compile(r"(befintlig|nuvarande)\w* verksamhet\w*")


def _sources(profile: FundProfile) -> list[Citation]:
    return profile.cite(profile.existing_operations)


def _use(ctx: CheckContext, ev: Evidence, signal: str) -> None:
    """Record the funding purpose as the fact, stated if the signal is in a stated field."""
    if ev.stated.has(signal):
        ctx.use("funding_purpose")
    else:
        ctx.use_purpose(ev.sentence(signal))


@register(
    "befintlig_verksamhet",
    "Befintlig verksamhet",
    "Går pengarna till drift av befintlig verksamhet (löner, hyra, fortsätta som i dag) i stället för att "
    "utveckla en ny metod?",
    _sources,
)
def check(ctx: CheckContext) -> CheckResult:
    p = ctx.profile
    cites = _sources(p)
    ev = ctx.evidence("funding_purpose")
    rule = p.existing_operations.text.strip()
    aside = _set_aside(ctx)
    strong = [x for x in ev.phrases("existing_strong") if not _is_aside(x)]
    decisive = [x for x in strong if not _EXISTING_WORDS.fullmatch(x)]
    # The classifier says whether the money runs what exists; a plain mention of "befintlig verksamhet" beside
    # a new method (existing_mentioned) is not drift, but which costs are funded still needs saying.
    named_words = [
        w for w in _kept(ev.phrases("existing_mentioned"), aside, ctx) if not _only_negated(w, ctx)
    ]
    mentioned = bool(named_words) and ev.has("development")
    if (strong and ev.has("development")) or (mentioned and not strong):
        signal = "existing_strong" if strong else "existing_mentioned"
        # "komplettera befintlig verksamhet med en ny metod", "Skolfrånvaron är hög redan idag. Vi vill pröva
        # en ny metod": existing work is named beside a new method, so which costs are funded decides; ask.
        _use(ctx, ev, signal)
        named = "" if not decisive else f" ({quoted(decisive)})"
        return result(
            "befintlig_verksamhet",
            "warn",
            f"Beskrivningen nämner både det som redan finns{named} och en ny metod. Fonden betalar bara "
            f"utvecklingen av den nya metoden, inte driften. {rule}",
            fix="Förtydliga att pengarna bara går till utvecklingen av den nya metoden, inte till driften.",
            citations=cites,
        )
    if strong:
        _use(ctx, ev, "existing_strong")
        found = quoted(strong + ev.phrases("existing_weak"))
        return result(
            "befintlig_verksamhet",
            "fail",
            f"Beskrivningen tyder på att pengarna ska gå till befintlig verksamhet ({found}). {rule}",
            fix=(
                "Beskriv vad som är nytt: vilken metod ni ska utveckla eller pröva och vilka kostnader som "
                "bara "
                "finns under utvecklingen. Löpande drift får finansieras i ordinarie budget."
            ),
            citations=cites,
        )
    if not ctx.sketch.funding_purpose:
        return unknown(
            "befintlig_verksamhet",
            ["funding_purpose"],
            "Fonden finansierar inte befintlig verksamhet.",
            cites,
        )
    weak_words = _kept(ev.phrases("existing_weak"), aside, ctx)
    if weak_words:
        _use(ctx, ev, "existing_weak")
        found = quoted(weak_words)
        if ev.has("development"):
            return result(
                "befintlig_verksamhet",
                "warn",
                f"Pengarna ska delvis gå till {found}. Det går om kostnaderna hör till utvecklingen av den "
                "nya "
                f"metoden, inte till den löpande driften. {rule}",
                fix="Ange att lön och lokal gäller utvecklingsarbetet och bara under projekttiden.",
                citations=cites,
            )
        return result(
            "befintlig_verksamhet",
            "warn",
            f"Pengarna ska gå till {found}, och det framgår inte vilken ny metod som utvecklas. {rule}",
            fix="Förklara vilken ny metod kostnaderna utvecklar, eller finansiera driften i ordinarie "
            "budget.",
            citations=cites,
        )
    if ctx.stated("funding_purpose") and not ctx.readable("funding_purpose"):
        return unreadable("befintlig_verksamhet", "Fonden finansierar inte befintlig verksamhet.", cites)
    cues = _existing_cues(ctx)
    stated_maybe = [x for x in ev.stated.weak("existing_strong") if not _is_aside(x)]
    maybe = stated_maybe + [
        x for x in ev.inferred.weak("existing_strong") if not ctx.confirmed_in(x) and not _is_aside(x)
    ]
    new_work = pattern("befintlig_verksamhet", "new_work")
    stated_new = [
        getattr(ctx.sketch, f)
        for f in ("funding_purpose", "method")
        if ctx.stated(f) and new_work.search(getattr(ctx.sketch, f) or "")
    ]
    running = pattern("befintlig_verksamhet", "keeps_running")
    kept_running = [hit.clause for hit, stated in cues if stated and running.search(hit.clause)]
    contrast = check_data("declined_answer")["contrast"]
    hedged = any(re.search(contrast, text, re.IGNORECASE) for text in _stated_texts(ctx))
    if kept_running and not stated_new and not ev.has("development") and not hedged:
        # a stated purpose that keeps what exists running and names nothing new ("Bibehålla nuvarande
        # bemanning … när ramen minskar 2026")
        ctx.use("funding_purpose")
        return result(
            "befintlig_verksamhet",
            "fail",
            "Pengarna ska hålla igång det som redan finns "
            f"({quoted(list(dict.fromkeys(kept_running))[:2])}), och inget nytt ska utvecklas eller prövas. "
            f"{rule}",
            fix="Beskriv vilken ny metod ni ska utveckla eller pröva; löpande drift finansieras i ordinarie "
            "budget.",
            citations=cites,
        )
    if cues or maybe:
        if any(stated for _, stated in cues) or stated_maybe:
            ctx.use("funding_purpose")
        else:
            ctx.use_purpose(cues[0][0].clause if cues else maybe[0])
        shown = [hit.clause for hit, _ in cues] or maybe
        return result(
            "befintlig_verksamhet",
            "warn",
            "Det låter som att något av det som redan finns ska fortsätta "
            f"({quoted(list(dict.fromkeys(shown))[:2])})"
            f". Fonden betalar utvecklingen av en ny metod, inte drift av verksamhet som finns. {rule}",
            fix="Förtydliga vad som är nytt och att pengarna bara går till utvecklingen, inte till driften.",
            missing=["funding_purpose"],
            citations=cites,
        )
    described_new = bool(ctx.sketch.description) and new_work.search(ctx.sketch.description or "")
    if not stated_new and not ctx.stated("funding_purpose") and described_new:
        # a purpose read from a description that also names the new work ("En ny, avgränsad insats …;
        # medlen täcker projektledning … och utvärdering"): the pass below, held to a warning to confirm by
        # run_checks (retired blind v5, odd id k021, was unknown)
        stated_new = [ctx.sketch.description or ""]
    if not stated_new and not ctx.stated("funding_purpose"):
        # a purpose read from a chat message that names neither existing work nor anything new ("Vi vill ge
        # läxhjälp till alla elever i åk 7"): nothing to judge yet, so a question, not a warning on a guess
        # (the drift classifier's weak reading of such sentences was the misfire fixed in session 5)
        return unknown(
            "befintlig_verksamhet",
            ["funding_purpose"],
            "Beskriv vad som är nytt: fonden ger inte bidrag till drift av befintlig verksamhet.",
            cites,
        )
    ctx.use("funding_purpose")
    if not stated_new:
        return result(
            "befintlig_verksamhet",
            "warn",
            f"Det framgår inte vad som är nytt i det pengarna ska betala. {rule}",
            fix="Beskriv vilken ny metod eller vilket nytt arbetssätt pengarna utvecklar eller prövar.",
            missing=["funding_purpose"],
            citations=cites,
        )
    return result(
        "befintlig_verksamhet",
        "pass",
        "Pengarna ska gå till att utveckla eller pröva något nytt, och inget i beskrivningen tyder på drift "
        "av befintlig verksamhet.",
        citations=cites,
    )


def _existing_cues(ctx: CheckContext) -> list[tuple[Hit, bool]]:
    """Clauses naming existing work that are not negated, and whether each is in a stated field."""
    found: list[tuple[Hit, bool]] = []
    cue = pattern("befintlig_verksamhet", "existing")
    texts = [(getattr(ctx.sketch, f), ctx.stated(f)) for f in ("funding_purpose", "method", "title")]
    texts.append((ctx.sketch.description, False))
    for text, stated in texts:
        if isinstance(text, str) and readable(text):
            for sentence in sentences(text):
                if not _is_aside(sentence):
                    found.extend(
                        (hit, stated)
                        for hit in clause_hits(sentence, cue)
                        if not hit.negated and not _is_aside(hit.clause)
                    )
    return found


def _stated_texts(ctx: CheckContext) -> list[str]:
    """The stated purpose and method."""
    return [
        getattr(ctx.sketch, f)
        for f in ("funding_purpose", "method")
        if ctx.stated(f) and isinstance(getattr(ctx.sketch, f), str)
    ]


def _only_negated(word: str, ctx: CheckContext) -> bool:
    """Every mention of ``word`` in the purpose, method and description is negated in its clause ("Pengarna
    går inte till befintlig verksamhet utan till …")."""
    texts = [getattr(ctx.sketch, f) for f in ("funding_purpose", "method")] + [ctx.sketch.description]
    regex = re.compile(re.escape(word), re.IGNORECASE)
    hits = [h for t in texts if isinstance(t, str) for h in clause_hits(t, regex)]
    return bool(hits) and all(h.negated for h in hits)


def _is_aside(sentence: str) -> bool:
    """The sentence puts existing work outside the money: paid as before from the committee's own budget
    ("Lokalhyra och personal … bekostas som tidigare av nämnden"), or the method taken over after the project
    ("När projekttiden är slut ska modellen ingå i elevhälsans vanliga arbete"); vocabulary in
    ``data/checks.yaml``. Not when the fund is named as the payer, nor, for the first, when the budget
    fails."""
    if pattern("befintlig_verksamhet", "fund_pays").search(sentence):
        return False
    if pattern("befintlig_verksamhet", "after_project").search(sentence):
        return True
    paid = pattern("befintlig_verksamhet", "paid_as_before").search(sentence)
    return bool(paid) and not pattern("befintlig_verksamhet", "budget_fails").search(sentence)


def _set_aside(ctx: CheckContext) -> list[str]:
    """The sentences of the purpose, method and description that put existing work outside the money."""
    texts = [getattr(ctx.sketch, f) for f in ("funding_purpose", "method")] + [ctx.sketch.description]
    return [s for t in texts if isinstance(t, str) for s in sentences(t) if _is_aside(s)]


def _kept(words: list[str], aside: list[str], ctx: CheckContext) -> list[str]:
    """The matched words that also occur outside the set-aside sentences."""
    if not aside:
        return words
    texts = [getattr(ctx.sketch, f) for f in ("funding_purpose", "method")] + [ctx.sketch.description]
    others = [s.lower() for t in texts if isinstance(t, str) for s in sentences(t) if not _is_aside(s)]
    return [w for w in words if any(w.lower() in s for s in others)]
