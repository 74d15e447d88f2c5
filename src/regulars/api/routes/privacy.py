"""The privacy notice, generated from what each consent purpose uses: /privacy.json and /privacy
(one code path: the page is the document in HTML). Public: a shop links it for its customers."""

from __future__ import annotations

from html import escape

from fastapi import APIRouter, Response

from regulars.http.answers import json_answer
from regulars.services.privacy_notice import PrivacyNotice, privacy_notice

router = APIRouter(tags=["privacy"])


@router.get(
    "/privacy.json", summary="The privacy notice, by consent purpose", response_model=PrivacyNotice
)
def notice_json() -> Response:
    return json_answer(privacy_notice())


@router.get("/privacy", summary="The privacy notice as a page", response_class=Response)
def notice_page() -> Response:
    notice = privacy_notice()
    items = "".join(
        f"<section><h2>{escape(p.purpose)}</h2><p>Used {escape(p.used_for)}.</p>"
        f"<p>Used by: {escape(', '.join(p.used_by) or 'nothing yet')}.</p>"
        f"<p>Without your consent: {escape(p.without_consent)}.</p></section>"
        for p in notice.purposes
    )
    rights = "".join(f"<li>{escape(r)}</li>" for r in notice.rights)
    page = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<title>Privacy notice</title></head><body><main><h1>How this shop uses your data</h1>"
        f"{items}<h2>Your rights</h2><ul>{rights}</ul></main></body></html>"
    )
    return Response(page, media_type="text/html")
