"""What the assistant can quote: the shop's FAQ (``faq_entries``) and its catalog (``products``),
as passages with their embeddings and a BM25 index, built once per data version."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from regulars.analytics.assistant.grounding import Passage
from regulars.analytics.assistant.retrieval import BM25, Hit, fuse
from regulars.services.cache import cached
from regulars.services.workspace import Workspace
from regulars.units import money


@dataclass(frozen=True)
class Knowledge:
    passages: tuple[Passage, ...]
    kinds: tuple[str, ...]  # faq or product, per passage
    vectors: np.ndarray
    index: BM25
    products: dict[str, str]  # lower-case product name -> product id

    def search(self, question: str, vector: np.ndarray, kind: str | None = None) -> list[Passage]:
        """The passages that match ``question`` best (BM25 and cosine fused), of ``kind``."""
        return [self.passages[h.index] for h in self.hits(question, vector, kind)]

    def hits(self, question: str, vector: np.ndarray, kind: str | None = None) -> list[Hit]:
        if not self.passages:
            return []
        keyword, cosine = self.index.scores(question), self.vectors @ vector
        if kind is not None:
            wrong = np.array([k != kind for k in self.kinds])
            keyword, cosine = np.where(wrong, 0.0, keyword), np.where(wrong, -1.0, cosine)
        return fuse(keyword, cosine)


def _faq(ws: Workspace) -> list[Passage]:
    t = ws.store.table("faq_entries")
    rows = ws.store.to_arrow(t.select("faq_id", "question", "answer", "url").order_by("faq_id"))
    return [
        Passage(r["question"], r["answer"], r["url"] or f"FAQ: {r['question']}")
        for r in rows.to_pylist()
    ]


def _product_text(r: dict, currency: str) -> str:
    parts = [r["category"] or "product"]
    if r["price_cents"] is not None:
        parts.append(money(r["price_cents"], r["currency"] or currency))
    if r["stock"] is not None:
        parts.append(f"{r['stock']} in stock" if r["stock"] > 0 else "out of stock")
    return ", ".join(parts) + "."


def _catalog(ws: Workspace) -> tuple[list[Passage], dict[str, str]]:
    t = ws.store.table("products")
    cols = ("product_id", "name", "category", "price_cents", "currency", "stock")
    rows = ws.store.to_arrow(t.select(*cols).order_by("product_id")).to_pylist()
    currency = ws.settings.currency
    passages = [
        Passage(r["name"], _product_text(r, currency), f"catalog: {r['name']}") for r in rows
    ]
    return passages, {r["name"].lower(): r["product_id"] for r in rows if r["name"]}


@cached
def knowledge(ws: Workspace) -> Knowledge:
    from regulars.analytics.feedback import embedding

    faq = _faq(ws)
    catalog, products = _catalog(ws)
    passages = faq + catalog
    texts = [f"{p.title}. {p.text}" for p in passages]
    vectors = embedding.embed(texts) if texts else np.zeros((0, 256), dtype=np.float32)
    kinds = ("faq",) * len(faq) + ("product",) * len(catalog)
    return Knowledge(tuple(passages), kinds, vectors, BM25(texts), products)
