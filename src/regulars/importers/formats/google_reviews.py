"""Google Business Profile reviews (``google-reviews``) -> feedback.

Input: JSON lines of API v4 ``Review`` objects (as ``reviews.list`` returns them, one per line;
nested objects are read as dotted names such as ``reviewer.displayName``), or a CSV with the same
dotted names or flat ones (``displayName``, ``reviewReplyComment``, ...): names are compared with
case, dots and underscores ignored.

- feedback_id = ``reviewId``, else the last part of ``name``
  (``accounts/{a}/locations/{l}/reviews/{id}``), else derived (the table's derivation).
- rating = ``starRating``: ONE..FIVE -> 1..5 (the digits 1..5 are accepted too); anything else,
  STAR_RATING_UNSPECIFIED included, is a problem naming the line and value.
- text = ``comment`` (Google's "(Translated by Google)" text is kept as written).
- created_at = ``createTime`` (RFC 3339); ``updateTime`` is not stored.
- author_name = ``reviewer.displayName`` unless ``reviewer.isAnonymous`` is true.
- reply_text = ``reviewReply.comment``.
- kind = review, source = google, channel and customer_id empty: Google does not say who the
  reviewer is as a customer.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from regulars.importers import register
from regulars.importers.batch import ImportBatch, canonical_rows
from regulars.importers.formats._common import (
    Columns,
    batch,
    clean,
    constant,
    fields,
    map_values,
    mask,
)
from regulars.importers.options import ImportOptions
from regulars.importers.problems import ProblemLog
from regulars.importers.source import SourceFile
from regulars.schema import table

STAR_RATING = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "1": "1",
    "2": "2",
    "3": "3",
    "4": "4",
    "5": "5",
}

REVIEW_FIELDS = {
    "feedback_id": ("reviewId", "review_id"),
    "text": ("comment",),
    "created_at": ("createTime", "create_time"),
    "author_name": ("reviewer.displayName", "displayName", "reviewerName"),
    "reply_text": ("reviewReply.comment", "reviewReplyComment", "replyComment", "reply"),
}


def read_reviews(source: SourceFile, options: ImportOptions) -> ImportBatch:
    cols = Columns(source)
    cols.require("google-reviews", ("starRating",), ("createTime",))
    log = ProblemLog(source.name)
    text, shown_as = fields(cols, REVIEW_FIELDS)
    text["feedback_id"] = _review_ids(cols, text.get("feedback_id"))
    shown_as.setdefault("feedback_id", cols.find("name") or "reviewId")
    rating = cols.find("starRating")
    text["rating"] = map_values(
        cols.text(rating), STAR_RATING, source.lines, log, rating, "ONE, TWO, THREE, FOUR, FIVE"
    )
    shown_as["rating"] = rating
    anonymous = cols.text("reviewer.isAnonymous", "isAnonymous")
    if anonymous is not None and "author_name" in text:
        hide = mask(pc.equal(pc.utf8_lower(clean(anonymous)), "true"))
        text["author_name"] = pc.if_else(
            pa.array(hide), pa.scalar(None, pa.string()), text["author_name"]
        )
    text["kind"] = constant("review", source.num_rows)
    text["source"] = constant("google", source.num_rows)
    rows = canonical_rows(
        {k: v for k, v in text.items() if v is not None},
        table("feedback"),
        source.lines,
        log,
        timezone=options.timezone,
        currency=options.currency,
        shown_as=shown_as,
    )
    log.raise_if_any(f"{source.num_rows} Google reviews")
    return batch(source, "google-reviews", {"feedback": rows})


def _review_ids(cols: Columns, review_ids: pa.Array | None) -> pa.Array | None:
    """reviewId, else the last part of the resource name."""
    names = cols.text("name")
    from_name = None
    if names is not None:
        from_name = clean(
            pc.struct_field(pc.extract_regex(clean(names), r"/reviews/(?P<id>[^/]+)$"), "id")
        )
    parts = [clean(a) for a in (review_ids, from_name) if a is not None]
    return pc.coalesce(*parts) if parts else None


register("google-reviews", "feedback", read_reviews)
