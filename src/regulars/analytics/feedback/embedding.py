"""Sentence embeddings from WordLlama's ``l2_supercat`` model (256 dimensions), whose weights and
tokenizer ship inside the ``wordllama`` PyPI package: loaded from the package's own files, never
from a model hub, run on NumPy (no torch). Embeddings are L2-normalised mean token vectors."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np

from regulars.errors import ConfigError

MODEL = "wordllama l2_supercat 256"
_WEIGHTS = ("weights", "l2_supercat_256.safetensors")
_TOKENIZER = ("tokenizers", "l2_supercat_tokenizer_config.json")


@functools.cache
def _model():
    try:
        import wordllama
        from safetensors import safe_open
        from tokenizers import Tokenizer
        from wordllama.inference import WordLlamaInference
    except ImportError as exc:
        raise ConfigError(
            "the learned sentiment path needs wordllama: pip install wordllama"
        ) from exc
    root = Path(wordllama.__file__).parent
    weights, tokenizer = root.joinpath(*_WEIGHTS), root.joinpath(*_TOKENIZER)
    if not (weights.exists() and tokenizer.exists()):
        raise ConfigError(f"wordllama's packaged model files are missing under {root}")
    with safe_open(str(weights), framework="np", device="cpu") as f:
        matrix = f.get_tensor("embedding.weight")
    return WordLlamaInference(matrix, Tokenizer.from_file(str(tokenizer)))


def available() -> bool:
    """Whether the packaged model can be loaded (said in words where it cannot)."""
    try:
        _model()
    except ConfigError:
        return False
    return True


def embed(texts: list[str], batch_size: int = 4096) -> np.ndarray:
    """One unit-length 256-vector per text (float32)."""
    if not texts:
        return np.zeros((0, 256), dtype=np.float32)
    clean = [t if t else " " for t in texts]
    return np.asarray(_model().embed(clean, norm=True, batch_size=batch_size), dtype=np.float32)
