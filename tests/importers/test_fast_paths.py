"""The vectorised fast paths give exactly what the plain definitions give (derived ids must not
change
between versions, or a re-import would add rows)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from regulars.importers.batch import PARALLEL_ROWS, canonical_rows
from regulars.importers.coercion import _trimmed
from regulars.importers.keys import KEY_SEPARATOR, stable_id, stable_ids, utc_text
from regulars.importers.problems import ProblemLog
from regulars.schema import table


def test_stable_ids_are_stable_id_of_each_value():
    values = ["a@example.com", None, "b@example.com", "a@example.com", "ü@example.com"]
    joined = pc.binary_join_element_wise("customers", pa.array(values, pa.string()), KEY_SEPARATOR)
    expected = [None if v is None else stable_id("customers", v) for v in values]
    assert stable_ids(joined).to_pylist() == expected
    assert stable_ids(pa.chunked_array([joined[:2], joined[2:]])).to_pylist() == expected


def test_utc_text_is_arrows_utc_text():
    rng = np.random.default_rng(1)
    micros = rng.integers(-2_208_988_800_000_000, 4_133_980_800_000_000, 5000)
    stamps = pa.array(micros, pa.timestamp("us", tz="UTC"))
    stamps = pc.if_else(pa.array(rng.random(5000) > 0.1), stamps, None)
    for zone in ("UTC", "Europe/Berlin"):
        zoned = stamps.cast(pa.timestamp("us", tz=zone))
        assert utc_text(zoned).equals(
            pc.cast(zoned, pa.timestamp("us", tz="UTC")).cast(pa.string())
        )


def test_trimming_is_utf8_trimming():
    values = pa.array(
        [chr(i) + "x" + chr(i) for i in range(1, 128)] + ["", "  ", None, "\u00a0y\u2003"]
    )
    plain = pc.utf8_trim_whitespace(values)
    plain = pc.if_else(pc.equal(plain, ""), pa.scalar(None, pa.string()), plain)
    assert _trimmed(values).equals(plain)
    assert _trimmed(values[:127]).equals(plain[:127])


def test_a_long_file_read_on_threads_still_names_duplicates_and_bad_values():
    n = PARALLEL_ROWS + 10
    ids = [f"O{i}" for i in range(n)]
    ids[-1] = "O7"
    totals = ["1.50"] * n
    totals[3] = "twelve"
    text = {
        "order_id": pa.array(ids),
        "ordered_at": pa.array(["2024-01-02T10:00:00Z"] * n),
        "total_cents": pa.array(totals),
        "currency": pa.array(["USD"] * n),
    }
    log = ProblemLog("big.csv")
    canonical_rows(
        text, table("orders"), pa.array(np.arange(2, n + 2)), log, timezone="UTC", currency="USD"
    )
    found = sorted((p.line, p.column, p.value) for p in log.problems)
    assert found == [(5, "total_cents", "twelve"), (n + 1, "order_id", "O7")]
