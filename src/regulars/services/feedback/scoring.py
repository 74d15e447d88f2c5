"""Score a file of texts without a shop: one text per line, or a CSV with a ``text`` column.
Masked first, scored by the lexicon path, themes matched."""

from __future__ import annotations

import csv
from pathlib import Path

from regulars.analytics.feedback import lexicon
from regulars.analytics.feedback.privacy import mask_pii
from regulars.analytics.feedback.themes import STARTER, match
from regulars.errors import InputError, NotFoundError, Problem
from regulars.services.feedback.results import ScoredFile, ScoredText

MAX_TEXTS = 1_000_000


def _read(path: Path) -> list[tuple[int, str]]:
    if not path.is_file():
        raise NotFoundError(f"{path}: no such file")
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not UTF-8 text",
            [Problem(str(path), None, None, None, f"byte {exc.start} is not UTF-8")],
        ) from exc
    lines = raw.splitlines()
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(lines)
        if not reader.fieldnames or "text" not in reader.fieldnames:
            raise InputError(
                f"{path}: a CSV needs a 'text' column",
                [Problem(str(path), 1, "text", None, "no column named text")],
            )
        return [(i + 2, row["text"] or "") for i, row in enumerate(reader)]
    return [(i + 1, line) for i, line in enumerate(lines) if line.strip()]


def score_file(path: Path) -> ScoredFile:
    rows = _read(Path(path))[:MAX_TEXTS]
    texts = [mask_pii(t) or "" for _, t in rows]
    scores = lexicon.compound(texts)
    labels = lexicon.classes(scores)
    matrix = match(texts, STARTER)
    names = [t.name for t in STARTER]
    out = tuple(
        ScoredText(
            line,
            text,
            float(s),
            ("negative", "neutral", "positive")[int(c) + 1],
            tuple(n for n, hit in zip(names, m) if hit),
        )
        for (line, _), text, s, c, m in zip(rows, texts, scores, labels, matrix)
    )
    return ScoredFile(str(path), "lexicon (VADER)", out)
