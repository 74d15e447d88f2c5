"""regulars feedback ...: each command's JSON is the service's answer; bad input is an exit code
and a message, never a traceback."""

from __future__ import annotations

from regulars.services import feedback


def test_summary_themes_and_drivers_match_the_library(cli, demo_workspace, as_json):
    assert cli("feedback", "summary", ws=demo_workspace) == as_json(
        feedback.feedback_summary(demo_workspace)
    )
    themes = cli("feedback", "themes", "--channel", "email", ws=demo_workspace)["themes"]
    assert themes == as_json(feedback.feedback_themes(demo_workspace, "email"))
    assert cli("feedback", "drivers", ws=demo_workspace) == as_json(
        feedback.feedback_drivers(demo_workspace)
    )


def test_alerts_theme_and_trends(cli, demo_workspace, demo_truths):
    alerts = cli("feedback", "alerts", ws=demo_workspace)["alerts"]
    assert alerts and alerts[0]["theme"] == "shipping" and alerts[0]["orders"]
    one = cli("feedback", "theme", "shipping", "--period", "week", ws=demo_workspace)
    assert one["theme"]["name"] == "shipping" and len(one["trend"]) > 50
    trends = cli("feedback", "trends", "--period", "month", ws=demo_workspace)
    ship = next(t for t in trends["themes"] if t["name"] == "shipping")
    peak = max(ship["points"], key=lambda p: p["share"])
    assert peak["period"] == demo_truths["shipping_delay"]["month"]


def test_unknown_theme_and_bad_period_are_clear_errors(cli, demo_workspace):
    gone = cli("feedback", "theme", "weather", ws=demo_workspace, code=66)
    assert "weather" in gone["message"] and "shipping" in gone["message"]
    bad = cli("feedback", "trends", "--period", "decade", ws=demo_workspace, code=65)
    assert "month or week" in bad["message"]


def test_score_a_file_masks_and_scores(cli, tmp_path):
    f = tmp_path / "comments.csv"
    f.write_text('text\n"Terrible, it arrived late. Mail me at a@b.com"\nLovely beans!\n')
    rows = cli("feedback", "score", f, ws=tmp_path / "ws")["texts"]
    assert [r["line"] for r in rows] == [2, 3]
    assert rows[0]["label"] == "negative" and "shipping" in rows[0]["themes"]
    assert "[email]" in rows[0]["text"] and "a@b.com" not in rows[0]["text"]
    assert rows[1]["label"] == "positive"


def test_score_problems_name_the_file(cli, tmp_path):
    f = tmp_path / "no_text.csv"
    f.write_text("words\nhello\n")
    bad = cli("feedback", "score", f, ws=tmp_path / "ws", code=65)
    assert "no_text.csv" in bad["message"] and bad["problems"][0]["column"] == "text"
    gone = cli("feedback", "score", tmp_path / "missing.txt", ws=tmp_path / "ws", code=66)
    assert "missing.txt" in gone["message"]
