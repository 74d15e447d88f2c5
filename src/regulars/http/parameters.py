"""What the API and the dashboard take and send in the same shape: path and query parameters,
dates read as the end of a day, the headers of an audience export."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from fastapi import Path, Query

from regulars.services import segments
from regulars.vocabulary import ATTRIBUTION_MODELS

# Text that reaches the database may not hold NUL characters (neither DuckDB nor PostgreSQL takes
# them).
NO_NUL = r"^[^\x00]*$"
CustomerId = Path(min_length=1, max_length=200, pattern=NO_NUL, description="The customer's id")
#: The attribution models a campaign report may credit orders by.
ATTRIBUTION_MODEL = f"^({'|'.join(ATTRIBUTION_MODELS)})$"


def segment_query():
    """A segment name in the query (one Query object per parameter: FastAPI must not share them)."""
    return Query(None, max_length=100, pattern=NO_NUL)


def end_of_day(day: date | None) -> datetime | None:
    """A date means the end of that day, UTC (as on the command line)."""
    return datetime.combine(day, time.max, tzinfo=UTC) if day else None


def export_headers(record, hashed: bool) -> dict[str, str]:
    """What the CSV leaves out travels in headers: matching customers, rows, those excluded for
    consent."""
    name = segments.download_name(record.audience, hashed)
    return {
        "Content-Disposition": f'attachment; filename="{name}"',
        "X-Regulars-Export-Id": record.export_id,
        "X-Regulars-Matching": str(record.matching),
        "X-Regulars-Rows-Exported": str(record.rows_exported),
        "X-Regulars-Excluded-No-Consent": str(record.excluded_no_consent),
        "X-Regulars-Skipped-No-Email": str(record.skipped_no_email),
    }
