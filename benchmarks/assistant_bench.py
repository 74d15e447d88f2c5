"""Customer assistant: training speed, side by side in one run.

Training on 15,000 example phrases (the starter set's phrases, each with a random shop-style
prefix and suffix drawn with a fixed seed, so no two are alike): ours (wordllama embeddings +
logistic regression + out-of-scope calibration) against a scikit-learn TF-IDF + LinearSVC baseline
on the same phrases. Rasa, the anchor the issue names, is not reasonably installable offline, so
the TF-IDF + LinearSVC baseline stands in as the peer. Goal: ours <= 60 s.

Reply latency: 20 conversations at once (a thread and a connection each, as the server's pool
gives them), five turns each (an FAQ question, a product question, an order number, its email, a
person asked for), on a DuckDB workspace with a FAQ, a catalog and orders; every turn read and
written in the store, without an LLM. A customer reads and types between messages (``--think``,
on average 1 s, drawn with a fixed seed; 0 sends every message at once, the worst case).
The peer answers the same messages with TF-IDF retrieval
over the same FAQ in memory (no store, no verification): the floor of a reply. Goal: ours p95
<= 100 ms.

    python benchmarks/assistant_bench.py [--phrases 15000] [--conversations 20]
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

from regulars.analytics.assistant.intents import IntentModel
from regulars.analytics.assistant.starter import OUT_OF_SCOPE, STARTER
from regulars.analytics.feedback import embedding

PREFIX = ("", "hi ", "hello, ", "please ", "quick question: ", "sorry, ", "hey ")
SUFFIX = ("", "?", " please", " thanks", " asap", " today", " for my mum", " again")


def phrases(n: int, seed: int = 7) -> tuple[list[str], list[str]]:
    rng = np.random.default_rng(seed)
    pool = [(p, k) for k, v in STARTER.items() for p in v]
    texts, labels = [], []
    for i in range(n):
        p, k = pool[rng.integers(len(pool))]
        texts.append(
            f"{PREFIX[rng.integers(len(PREFIX))]}{p}{SUFFIX[rng.integers(len(SUFFIX))]} {i % 97}"
        )
        labels.append(k)
    return texts, labels


def ours(texts: list[str], labels: list[str]) -> float:
    t0 = time.perf_counter()
    X = embedding.embed(texts)
    model = IntentModel().fit(X, labels)
    model.calibrate(X[::10], embedding.embed(list(OUT_OF_SCOPE)))
    return time.perf_counter() - t0


def peer(texts: list[str], labels: list[str]) -> float:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    t0 = time.perf_counter()
    X = TfidfVectorizer(ngram_range=(1, 2)).fit_transform(texts)
    LinearSVC().fit(X, labels)
    return time.perf_counter() - t0


TURNS = ("how long does delivery take?", "is the blue mug in stock?", "where is order {n}?",
         "my email is c{n}@example.com", "I want to talk to a person")  # fmt: skip


def _shop(folder: Path, conversations: int):
    from regulars.services.assistant import import_faq
    from regulars.services.imports import import_file
    from regulars.services.workspace import Workspace

    ws = Workspace.open(folder / "ws")
    ws.init()
    files = {
        "customers": "customer_id,email\n"
        + "".join(f"c{n},c{n}@example.com\n" for n in range(conversations)),
        "orders": "order_id,customer_id,ordered_at,currency,total_cents,status\n"
        + "".join(
            f"{n + 1000},c{n},2026-11-28T10:00:00Z,EUR,2490,paid\n" for n in range(conversations)
        ),  # fmt: skip
        "products": "product_id,name,price_cents,currency,stock\nP1,Blue Mug,1290,EUR,14\n",
    }
    for table, text in files.items():
        (folder / f"{table}.csv").write_text(text, encoding="utf-8")
        import_file(ws, table, folder / f"{table}.csv")
    (folder / "faq.csv").write_text(FAQ_CSV, encoding="utf-8")
    import_faq(ws, folder / "faq.csv")
    return ws


FAQ_CSV = "question,answer\n" + "".join(
    f"{q},{a}\n" for q, a in (
        ("How long does delivery take?", "Delivery takes 2 to 4 days and costs 4.90."),
        ("Can I return an item?", "Send items back within 30 days for a full refund."),
        ("When are you open?", "Monday to Saturday from 9 to 18."),
        ("Do you ship abroad?", "We ship to the EU and the UK in 5 to 8 days."),
    )
)  # fmt: skip


def ours_latency(ws, conversations: int, think: float) -> list[float]:
    from regulars.services.assistant import reply

    times, lock = [], threading.Lock()
    reply(ws, None, "hello", client="warm-up")  # the index and the model, built once

    def talk(n: int) -> None:
        mine = ws.sibling()
        pause = np.random.default_rng(n).uniform(0.5 * think, 1.5 * think, len(TURNS))
        cid = None
        for turn, wait in zip(TURNS, pause, strict=True):
            time.sleep(wait)  # the customer reads and types
            t0 = time.perf_counter()
            cid = reply(mine, cid, turn.format(n=n + 1000 if "order" in turn else n),
                        client=f"bench-{n}").conversation_id  # fmt: skip
            with lock:
                times.append(time.perf_counter() - t0)

    threads = [threading.Thread(target=talk, args=(n,)) for n in range(conversations)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times


def peer_latency(conversations: int) -> list[float]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    answers = [line.split(",", 1) for line in FAQ_CSV.splitlines()[1:]]
    vec = TfidfVectorizer().fit([q for q, _ in answers])
    matrix = vec.transform([q for q, _ in answers])
    times, lock = [], threading.Lock()

    def talk(n: int) -> None:
        for turn in TURNS:
            t0 = time.perf_counter()
            _ = answers[int((matrix @ vec.transform([turn]).T).toarray().argmax())][1]
            with lock:
                times.append(time.perf_counter() - t0)

    threads = [threading.Thread(target=talk, args=(n,)) for n in range(conversations)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times


def _p(times: list[float], q: float) -> float:
    return float(np.quantile(np.array(times) * 1000, q))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--phrases", type=int, default=15000)
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--think", type=float, default=1.0, help="Seconds between a "
                        "customer's messages, on average (0: all at once).")  # fmt: skip
    args = parser.parse_args()
    texts, labels = phrases(args.phrases)
    embedding.embed(["warm up"])  # load the packaged model once, outside the timing
    a, b = ours(texts, labels), peer(texts, labels)
    print(
        f"train {len(texts):,} phrases: ours {a:.2f} s (goal <= 60 s), "
        f"TF-IDF+LinearSVC {b:.2f} s, ratio ours/peer {a / b:.1f}x"
    )
    with tempfile.TemporaryDirectory() as folder:
        ws = _shop(Path(folder), args.conversations)
        mine = ours_latency(ws, args.conversations, args.think)
        ws.close()
    theirs = peer_latency(args.conversations)
    print(
        f"reply latency, {args.conversations} concurrent conversations x {len(TURNS)} turns "
        f"({args.think:g} s between a customer's messages): "
        f"ours p50 {_p(mine, 0.5):.1f} ms, p95 {_p(mine, 0.95):.1f} ms (goal <= 100 ms); "
        f"TF-IDF retrieval in memory p95 {_p(theirs, 0.95):.1f} ms, "
        f"ratio ours/peer {_p(mine, 0.95) / _p(theirs, 0.95):.0f}x"
    )


if __name__ == "__main__":
    main()
