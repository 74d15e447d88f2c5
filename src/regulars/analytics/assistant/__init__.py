"""The customer assistant's pure parts: an intent classifier on sentence embeddings with an
out-of-scope threshold, slot extraction, and hybrid (BM25 + embedding) retrieval."""
