"""The learned event-type model at coding time: an ONNX sentence classifier.

``newsevents train types`` (:mod:`newsevents.learn.types`) fine-tunes a small sentence
encoder (all-MiniLM-L6-v2) to name the class of a news sentence's main event, and a PLOVER
head over the same sentence vector, then exports the network with int8 weights. Coding runs
it with onnxruntime and the tokenizers library: no torch, nothing downloaded. The files
(``model.onnx``, ``tokenizer.json``, ``types.json``) ship in ``newsevents/events/data/types``;
their SHA-256 sums are in ``types.json`` and checked when the model is loaded, so a damaged or
swapped file is an error, not silently different output.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ConfigError

__all__ = ["TypeModel", "TypeProbabilities", "shipped_type_model"]

_FILES = ("model.onnx", "tokenizer.json")


@dataclass(frozen=True, slots=True)
class TypeProbabilities:
    """What the model reads in one sentence.

    ``classes`` are the probabilities of the five PentaClasses of its main event ("0"
    statements and appeals, "1" verbal cooperation, "2" material cooperation, "3" verbal
    conflict, "4" material conflict); ``plover`` those of the PLOVER types the head knows.
    """

    classes: tuple[float, ...]
    plover: tuple[tuple[str, float], ...]

    def best_class(self) -> tuple[str, float]:
        k = max(range(len(self.classes)), key=self.classes.__getitem__)
        return str(k), self.classes[k]

    def of_class(self, label: str) -> float:
        return self.classes[int(label)]

    def of_plover(self, label: str) -> float:
        return dict(self.plover).get(label, 0.0)


class TypeModel:
    """A loaded type model: ``predict(sentences)`` gives each sentence's probabilities."""

    def __init__(self, directory: Path | Any, *, threads: int = 1) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.directory = directory
        try:
            self.meta: dict[str, Any] = json.loads(
                directory.joinpath("types.json").read_text(encoding="utf-8")
            )
        except (OSError, ValueError) as exc:
            raise ConfigError(
                f"{directory}: cannot read the type model's types.json: {exc}"
            ) from exc
        blobs = {name: directory.joinpath(name).read_bytes() for name in _FILES}
        for name, blob in blobs.items():
            expected = self.meta.get("sha256", {}).get(name)
            if hashlib.sha256(blob).hexdigest() != expected:
                raise ConfigError(
                    f"{directory}: {name} does not match the SHA-256 sum in types.json "
                    "(damaged or replaced; reinstall the package or retrain)"
                )
        self.plover_labels: tuple[str, ...] = tuple(self.meta["plover"])
        self.tokenizer = Tokenizer.from_str(blobs["tokenizer.json"].decode("utf-8"))
        self.tokenizer.enable_truncation(int(self.meta.get("max_tokens", 96)))
        self.tokenizer.no_padding()  # the file pads to 128; one sentence a call needs none
        options = ort.SessionOptions()
        # Coding runs one model per parser process; more threads only fight the parser.
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            blobs["model.onnx"], sess_options=options, providers=["CPUExecutionProvider"]
        )

    def predict(self, sentences: Sequence[str]) -> list[TypeProbabilities]:
        """One sentence at a time: the int8 model scales its activations per call, so padding a
        sentence in a batch beside a longer one would change its result (and batching is no
        faster on CPU). A sentence's probabilities never depend on its neighbours."""
        import numpy as np

        out: list[TypeProbabilities] = []
        for sentence in sentences:
            encoded = self.tokenizer.encode_batch([sentence])
            ids = np.array([e.ids for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
            classes, plover = self.session.run(None, {"input_ids": ids, "attention_mask": mask})
            for c, p in zip(classes, plover, strict=True):
                out.append(
                    TypeProbabilities(
                        tuple(float(x) for x in c),
                        tuple(zip(self.plover_labels, (float(x) for x in p), strict=True)),
                    )
                )
        return out


@functools.cache
def shipped_type_model(path: str = "") -> TypeModel:
    """The shipped model (or the one in folder ``path``), loaded once per process."""
    if path:
        directory: Any = Path(path)
        if not directory.is_dir():
            raise ConfigError(f"{path}: no such type model folder")
    else:
        directory = resources.files("newsevents.events").joinpath("data", "types")
    return TypeModel(directory)
