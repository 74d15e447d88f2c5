"""Every generated table matches its declaration in regulars.schema."""

import pyarrow.compute as pc
import pytest

from regulars import schema
from regulars.demo import generate
from regulars.demo.tables import ARROW_TYPES

NAMES = [t.name for t in schema.TABLES]


def test_one_table_per_canonical_table(shop):
    assert list(shop.tables) == NAMES
    assert all(shop.tables[n].num_rows > 0 for n in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_columns_types_required_choices_keys(shop, name):
    decl = schema.table(name)
    t = shop.tables[name]
    assert t.column_names == list(decl.column_names)
    for col in decl.columns:
        arr = t[col.name]
        assert arr.type == ARROW_TYPES[col.type], col.name
        if col.required:
            assert arr.null_count == 0, col.name
        if col.choices:
            values = set(pc.unique(arr.drop_null()).to_pylist())
            assert values <= set(col.choices), (col.name, values - set(col.choices))
    key = t.select(list(decl.key)).group_by(list(decl.key)).aggregate([([], "count_all")])
    assert key.num_rows == t.num_rows


@pytest.mark.parametrize("name", NAMES)
def test_references_valid(shop, name):
    for col in schema.table(name).columns:
        if col.references:
            ref_table, ref_col = col.references
            values = shop.tables[name][col.name].drop_null()
            assert pc.all(
                pc.is_in(values, value_set=shop.tables[ref_table][ref_col].combine_chunks())
            ).as_py(), col.name


def test_other_links_valid(shop):
    orders = shop.tables["orders"]["order_id"].combine_chunks()
    products = shop.tables["products"]["product_id"].combine_chunks()
    for table, col, ref in (
        ("feedback", "order_id", orders),
        ("order_items", "product_id", products),
        ("events", "product_id", products),
        ("competitor_observations", "product_id", products),
        ("events", "content_id", shop.tables["content_items"]["content_id"].combine_chunks()),
        ("events", "campaign_id", shop.tables["campaigns"]["campaign_id"].combine_chunks()),
    ):
        assert pc.all(pc.is_in(shop.tables[table][col].drop_null(), value_set=ref)).as_py(), (
            table,
            col,
        )


def test_emails_unique_lowercase(shop):
    emails = shop.tables["customers"]["email"]
    assert pc.count_distinct(emails).as_py() == len(emails)
    assert pc.all(pc.equal(emails, pc.utf8_lower(emails))).as_py()


def test_row_counts_sane(shop):
    total = sum(t.num_rows for t in shop.tables.values())
    assert total < 1_500_000
    assert 60 <= shop.tables["products"].num_rows <= 70
    assert shop.tables["customers"].num_rows == 8000


def test_deterministic_and_seed_sensitive():
    a, b, c = generate(1500, seed=7), generate(1500, seed=7), generate(1500, seed=8)
    for name in a.tables:
        assert a.tables[name].equals(b.tables[name]), name
    assert a.truths.to_dict() == b.truths.to_dict()
    assert not a.tables["orders"].equals(c.tables["orders"])


def test_small_shop_valid():
    small = generate(customers=500, seed=3, months=12)
    assert small.tables["orders"].num_rows > 0
    assert small.truths.customers == 500
