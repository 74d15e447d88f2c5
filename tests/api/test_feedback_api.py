"""Voice of the customer over the REST API (demo shop of tests/api/conftest.py): every route,
roles, an unknown theme is a 404 and a bad period a 422, never a 500."""

from __future__ import annotations

import pytest

READS = [
    "/api/v1/feedback/summary",
    "/api/v1/feedback/themes",
    "/api/v1/feedback/themes/shipping",
    "/api/v1/feedback/trends?period=week",
    "/api/v1/feedback/alerts",
    "/api/v1/feedback/drivers",
]


@pytest.mark.parametrize("path", READS)
def test_viewer_reads_and_strangers_do_not(shop, path):
    assert shop.client.get(path).status_code == 401
    response = shop.get(path, "viewer")
    assert response.status_code == 200, response.text


def test_the_answers_hang_together(shop):
    summary = shop.get("/api/v1/feedback/summary", "viewer").json()
    themes = shop.get("/api/v1/feedback/themes", "viewer").json()["themes"]
    assert summary["texts"] > 0 and summary["sentiment_path"] in ("lexicon", "learned")
    assert [t["name"] for t in themes] == [t["name"] for t in summary["themes"]]
    ship = shop.get("/api/v1/feedback/themes/shipping", "viewer").json()
    assert ship["theme"]["mentions"] == next(
        t["mentions"] for t in themes if t["name"] == "shipping"
    )


def test_unknown_theme_and_bad_period(shop):
    gone = shop.get("/api/v1/feedback/themes/weather", "viewer")
    assert gone.status_code == 404 and "shipping" in gone.text
    assert shop.get("/api/v1/feedback/trends?period=decade", "viewer").status_code == 422


def test_the_feedback_page_shows_themes_alerts_and_drivers(shop):
    shop.log_in("viewer")
    page = shop.client.get("/feedback")
    assert page.status_code == 200, page.text
    assert 'id="feedback-themes"' in page.text and 'id="feedback-drivers"' in page.text
    assert "Emerging issues" in page.text and 'href="/feedback"' in page.text
    email = shop.client.get("/feedback?channel=email")
    assert email.status_code == 200 and 'value="email" selected' in email.text
