"""The coordinators' workspace pages and APIs under ``/samordnare``, and the chat page's feedback API."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field
from sqlalchemy import select
from starlette.datastructures import UploadFile

from fondassistenten.accounts import authenticate
from fondassistenten.db import Document, FaqChange, FaqEntry, Feedback, Question, session_scope
from fondassistenten.settings import get_settings
from knowledge.ingest import load_manifest
from rules.profiles import available_funds, load_profile
from webapp.coordinator import insights, sso, store, throttle
from webapp.coordinator.auth import (
    CurrentUser,
    check_csrf,
    check_login_csrf,
    end_session,
    login_csrf,
    require_admin,
    require_user,
    start_session,
)
from webapp.coordinator.recorder import mask, question_key

HERE = Path(__file__).parent
CHART_JS = HERE / "node" / "node_modules" / "chart.js" / "dist" / "chart.umd.min.js"
templates = Jinja2Templates(directory=HERE / "templates")
LOCAL_TIME = ZoneInfo("Europe/Stockholm")
"""Times are stored in UTC; the coordinators read them in Swedish time (summer and winter time)."""


def local_time(value: dt.datetime | None, seconds: bool = False) -> str:
    """A stored UTC time as Swedish local time, ``2026-11-24 00:26``."""
    if value is None:
        return ""
    local = value.replace(tzinfo=dt.UTC).astimezone(LOCAL_TIME)
    return local.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


templates.env.filters["lokal_tid"] = local_time
router = APIRouter(prefix="/samordnare", include_in_schema=False)
api = APIRouter(tags=["återkoppling"])

User = Annotated[CurrentUser, Depends(require_user)]
Admin = Annotated[CurrentUser, Depends(require_admin)]


def funds() -> dict[str, str]:
    """The funds that have a profile in ``rules/profiles/``, by id, with their municipality's name."""
    return {fund: load_profile(fund).municipality for fund in available_funds()}


def render(request: Request, name: str, user: CurrentUser | None, status: int = 200, **context: Any):
    return templates.TemplateResponse(
        request, name, {"user": user, "chart_js": CHART_JS.is_file(), **context}, status_code=status
    )


# --- login -------------------------------------------------------------------------------------------------


def login_page(request: Request, error: str = "", status: int = 200) -> HTMLResponse:
    response = HTMLResponse("")
    token = login_csrf(request, response)
    page = render(
        request, "login.html", None, status=status, csrf=token, error=error, sso=sso.settings(request).enabled
    )
    for key, value in response.headers.items():
        if key == "set-cookie":
            page.headers.append(key, value)
    return page


@router.get("/logga-in")
async def login_form(request: Request) -> HTMLResponse:
    return login_page(request)


@router.post("/logga-in")
async def login(
    request: Request,
    username: Annotated[str, Form(max_length=120)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    check_login_csrf(request, csrf_token)
    blocked = throttle.check(request, username)
    if blocked is not None:
        page = login_page(request, blocked.message, status=429)
        page.headers["Retry-After"] = str(blocked.retry_after)
        return page
    user = await run_in_threadpool(authenticate, username, password)
    if user is None:
        throttle.failed(request, username)
        return login_page(request, "Fel användarnamn eller lösenord.", status=401)
    throttle.succeeded(username)
    response = RedirectResponse("/samordnare/", status_code=303)
    start_session(request, response, user)
    return response


@router.post("/logga-ut")
async def logout(request: Request, user: User) -> Response:
    await check_csrf(request, user)
    target = await sso.end_session_url(request) if user.sso else None
    response: Response
    if target:
        # A page, not a redirect: the CSP's form-action 'self' stops a form's redirect to another site, and
        # the provider's logout must end its session too (else the next SSO sign-in is silent).
        response = render(request, "logged_out.html", None, target=target)
    else:
        response = RedirectResponse("/samordnare/logga-in", status_code=303)
    end_session(response)
    return response


# --- overview and insights ---------------------------------------------------------------------------------


def _period(start: str | None, end: str | None, fund: str | None) -> insights.Period:
    today = dt.date.today()
    try:
        last = dt.date.fromisoformat(end) if end else today
        first = dt.date.fromisoformat(start) if start else last - dt.timedelta(days=90)
    except ValueError as error:
        raise HTTPException(422, "Ange datum som ÅÅÅÅ-MM-DD.") from error
    if fund and fund not in available_funds():
        raise HTTPException(422, "Okänd fond.")
    return insights.Period(first, last, fund or None)


@router.get("/")
async def overview(request: Request, user: User) -> HTMLResponse:
    period = _period(None, None, None)
    with session_scope() as session:
        open_questions = insights.unanswered(session, period, limit=20)
        down = insights.thumbs_down(session, period, limit=20)
        entries = session.scalars(select(FaqEntry).where(FaqEntry.active)).all()
        covered = {question_key(mask(q)): e.id for e in entries for q in e.questions}
    for row in [*open_questions, *down]:  # a question an FAQ entry already answers links to that entry
        row["faq"] = covered.get(question_key(row["fraga"]))
    return render(request, "overview.html", user, unanswered=open_questions, thumbs_down=down)


def _insights_data(period: insights.Period) -> dict[str, Any]:
    with session_scope() as session:
        return {
            "veckor": insights.per_week(session, period),
            "vanligaste": insights.most_frequent(session, period),
            "obesvarade": insights.unanswered(session, period),
            "tumme_ned": insights.thumbs_down(session, period),
            "aterkoppling": insights.feedback_counts(session, period),
            "typer": insights.kinds(session, period),
            "kontroller": insights.verdicts(session, period),
            "ideskisser": insights.sketches_per_week(session, period),
        }


@router.get("/insikter")
async def insights_page(
    request: Request, user: User, fran: str | None = None, till: str | None = None, fond: str | None = None
) -> HTMLResponse:
    period = _period(fran, till, fond)
    data = await run_in_threadpool(_insights_data, period)
    # without the embedding model the questions stay grouped by their wording only
    with contextlib.suppress(Exception):
        data["vanligaste"] = await run_in_threadpool(insights.group_by_meaning, data["vanligaste"])
    weeks = data["veckor"]
    chart = {
        "labels": [w["vecka"] for w in weeks],
        "questions": [w["fragor"] for w in weeks],
        "unanswered": [w["vet_ej"] for w in weeks],
        "sketches": {
            "labels": [w["vecka"] for w in data["ideskisser"]],
            **{c: [w[c] for w in data["ideskisser"]] for c in insights.SKETCH_COLUMNS.values()},
        },
    }
    totals = insights.sketch_totals(data["ideskisser"])
    return render(
        request,
        "insights.html",
        user,
        period=period,
        funds=funds(),
        data=data,
        chart=chart,
        sketch_totals=totals,
    )


CSV_TABLES = {
    "veckor": ("vecka", "fragor", "vet_ej"),
    "vanligaste": ("fraga", "antal", "senast"),
    "obesvarade": ("fraga", "antal", "senast"),
    "tumme_ned": ("tid", "fraga", "kommentar", "kallor"),
    "ideskisser": ("vecka", *insights.SKETCH_COLUMNS.values()),
}


def _csv_value(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(value)
    return local_time(value) if isinstance(value, dt.datetime) else value


@router.get("/insikter.csv")
async def insights_csv(
    user: User,
    tabell: str = "veckor",
    fran: str | None = None,
    till: str | None = None,
    fond: str | None = None,
) -> Response:
    if tabell not in CSV_TABLES:
        raise HTTPException(422, f"Okänd tabell. Välj {', '.join(CSV_TABLES)}.")
    data = await run_in_threadpool(_insights_data, _period(fran, till, fond))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(CSV_TABLES[tabell])
    for row in data[tabell]:
        writer.writerow([_csv_value(v) for v in (row[c] for c in CSV_TABLES[tabell])])
    return Response(
        "\ufeff" + out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="insikter-{tabell}.csv"'},
    )


@router.get("/vendor/chart.umd.min.js")
async def chart_js(user: User) -> FileResponse:
    if not CHART_JS.is_file():
        raise HTTPException(404, "Chart.js är inte installerat (kör make setup).")
    return FileResponse(CHART_JS, media_type="text/javascript")


# --- FAQ ---------------------------------------------------------------------------------------------------


@router.get("/faq")
async def faq_list(request: Request, user: User) -> HTMLResponse:
    with session_scope() as session:
        entries = session.scalars(select(FaqEntry).order_by(FaqEntry.updated_at.desc())).all()
        changes = session.scalars(select(FaqChange).order_by(FaqChange.id.desc()).limit(50)).all()
        titles = {e.id: e.title for e in entries}
    return render(request, "faq_list.html", user, entries=entries, changes=changes, titles=titles)


def _corpus_files() -> list[str]:
    files = [d.file for d in load_manifest(get_settings().corpus_dir)]
    with session_scope() as session:
        files += list(session.scalars(select(Document.file)))
    return files


@router.get("/faq/ny")
async def faq_new(request: Request, user: User, fraga: int | None = None) -> HTMLResponse:
    question = ""
    if fraga is not None:
        with session_scope() as session:
            found = session.get(Question, fraga)
            question = found.question if found else ""
    draft = store.FaqDraft(title=question, questions=[question] if question else [], answer="", passages=[])
    return render(request, "faq_edit.html", user, draft=draft, entry_id=None, error="", files=_corpus_files())


@router.get("/faq/{entry_id}")
async def faq_edit(request: Request, user: User, entry_id: int) -> HTMLResponse:
    with session_scope() as session:
        entry = session.get(FaqEntry, entry_id)
        if entry is None:
            raise HTTPException(404, "FAQ-posten finns inte.")
        draft = store.FaqDraft(entry.title, list(entry.questions), entry.answer, list(entry.passages))
    return render(
        request, "faq_edit.html", user, draft=draft, entry_id=entry_id, error="", files=_corpus_files()
    )


async def _save(request: Request, user: CurrentUser, entry_id: int | None) -> Response:
    await check_csrf(request, user)
    form = await request.form()
    picked = [str(v) for v in form.getlist("valda")]
    draft = store.FaqDraft(
        title=mask(str(form.get("title", "")))[:300],
        questions=[mask(q.strip()) for q in str(form.get("questions", "")).splitlines() if q.strip()],
        answer=mask(str(form.get("answer", ""))),
        passages=[],
    )
    try:
        draft.passages = store.parse_locator_lines("\n".join(picked) + "\n" + str(form.get("citat", "")))
        with session_scope() as session:
            await run_in_threadpool(store.save_faq, session, draft, user.username, entry_id)
    except store.InvalidInput as error:
        return render(
            request, "faq_edit.html", user, status=422, draft=draft, entry_id=entry_id, error=str(error),
            files=_corpus_files(),
        )  # fmt: skip
    return RedirectResponse("/samordnare/faq?sparad=1", status_code=303)


@router.post("/faq")
async def faq_create(request: Request, user: User) -> Response:
    return await _save(request, user, None)


@router.post("/faq/{entry_id}")
async def faq_update(request: Request, user: User, entry_id: int) -> Response:
    return await _save(request, user, entry_id)


@router.post("/faq/{entry_id}/ta-bort")
async def faq_delete(request: Request, user: User, entry_id: int) -> Response:
    await check_csrf(request, user)
    try:
        with session_scope() as session:
            await run_in_threadpool(store.delete_faq, session, entry_id, user.username)
    except store.InvalidInput as error:
        raise HTTPException(422, str(error)) from error
    return RedirectResponse("/samordnare/faq", status_code=303)


@router.post("/faq/andring/{change_id}/angra")
async def faq_undo(request: Request, user: User, change_id: int) -> Response:
    await check_csrf(request, user)
    try:
        with session_scope() as session:
            await run_in_threadpool(store.undo_change, session, change_id, user.username)
    except store.InvalidInput as error:
        raise HTTPException(422, str(error)) from error
    return RedirectResponse("/samordnare/faq?angrad=1", status_code=303)


# --- documents ---------------------------------------------------------------------------------------------


@router.get("/dokument")
async def documents_page(request: Request, user: User) -> HTMLResponse:
    with session_scope() as session:
        docs = session.scalars(select(Document).order_by(Document.uploaded_at.desc())).all()
    return render(
        request, "documents.html", user, docs=docs, kinds=store.KINDS, files=_corpus_files(), error=""
    )


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value.strip() else None
    except ValueError as error:
        raise store.InvalidInput(f"Datumet ”{value}” ska skrivas ÅÅÅÅ-MM-DD.") from error


@router.post("/dokument")
async def documents_upload(request: Request, user: Admin) -> Response:
    await check_csrf(request, user)
    form = await request.form()
    upload = form.get("fil")
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise store.InvalidInput("Välj en fil att ladda upp.")
        data = await upload.read(store.MAX_UPLOAD_BYTES + 1)
        meta = store.DocumentMeta(
            title=str(form.get("title", "")),
            municipality=str(form.get("municipality", "")),
            kind=str(form.get("kind", "")),
            date=_date(str(form.get("date", ""))),
            valid_from=_date(str(form.get("valid_from", ""))),
            valid_to=_date(str(form.get("valid_to", ""))),
            supersedes=str(form.get("supersedes", "")) or None,
        )
        with session_scope() as session:
            await run_in_threadpool(store.add_document, session, upload.filename, data, meta, user.username)
    except store.InvalidInput as error:
        with session_scope() as session:
            docs = session.scalars(select(Document).order_by(Document.uploaded_at.desc())).all()
        return render(
            request, "documents.html", user, status=422, docs=docs, kinds=store.KINDS, files=_corpus_files(),
            error=str(error),
        )  # fmt: skip
    return RedirectResponse("/samordnare/dokument?sparad=1", status_code=303)


@router.post("/dokument/{document_id}/ta-bort")
async def documents_remove(request: Request, user: Admin, document_id: int) -> Response:
    await check_csrf(request, user)
    try:
        with session_scope() as session:
            await run_in_threadpool(store.remove_document, session, document_id)
    except store.InvalidInput as error:
        raise HTTPException(404, str(error)) from error
    return RedirectResponse("/samordnare/dokument?borttaget=1", status_code=303)


# --- feedback from the chat page ---------------------------------------------------------------------------


class FeedbackIn(BaseModel):
    token: str = Field(min_length=10, max_length=64, description="Svarets token från chattens svar")
    rating: int = Field(description="1 för tummen upp, -1 för tummen ned")
    comment: str = Field(default="", max_length=1000, description="Valfri kommentar")


@api.post("/api/feedback", summary="Tummen upp eller ned på ett svar, med valfri kommentar", status_code=201)
async def feedback(body: FeedbackIn) -> JSONResponse:
    if body.rating not in (1, -1):
        raise HTTPException(422, "Betyget ska vara 1 (tummen upp) eller -1 (tummen ned).")
    with session_scope() as session:
        question = session.scalar(select(Question).where(Question.token == body.token))
        if question is None:
            raise HTTPException(404, "Svaret finns inte längre (sparade frågor gallras efter en tid).")
        comment = mask(body.comment.strip())
        earlier = session.scalar(select(Feedback).where(Feedback.question_id == question.id))
        if earlier is None:  # one opinion per answer: a second click or a comment updates it
            session.add(Feedback(question_id=question.id, rating=body.rating, comment=comment))
        else:
            earlier.rating, earlier.comment = body.rating, comment or earlier.comment
    return JSONResponse({"status": "tack"}, status_code=201)
