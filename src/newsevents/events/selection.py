"""Learned argument selection: the source or target the hand rules leave empty.

The hand rules in :mod:`newsevents.events.arguments` read the trigger's own slots (subject,
object, a preposition that names the other party), and they often find only one side: the
party sits further from the trigger than they look, or in a slot they do not read. For such a
trigger every actor of its clause is a *candidate*, described by plain, explainable features
(the dependency path from the trigger, voice, word order, the actor's kind, the preposition
that introduces it, what the rules chose), and a conditional logit trained on expert-coded news
(Multi-CoPED's source and target spans) chooses one of them or "none of them" for the empty
side. It never replaces a party the rules found and never makes an event of a trigger the rules
leave without any party: on general news both did worse than the rules (docs/arguments.md
gives the figures). Without a model (setting ``learned_arguments`` off) the rules decide alone.

The model is a table of feature weights (``data/arguments.json``), so applying it costs a few
dictionary lookups per candidate and needs nothing beyond the standard library. It is trained
by ``newsevents train arguments`` (:mod:`newsevents.learn.arguments`), which also reports its
cross-validated figures beside the rules'.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from ..errors import ConfigError
from ..nlp.tree import DepTree
from ..nlp.words import LOCATIVE_PREPS, REPORTING_VERBS
from ..types import Actor, Token, same_party
from .parties import own_forces

__all__ = [
    "ArgumentModel",
    "Candidate",
    "Candidates",
    "RuleChoice",
    "Side",
    "candidates",
    "conjunct_group",
    "done_to_place",
    "select",
    "speaker_spans",
    "target_options",
    "text_key",
]

Side = Literal["source", "target"]
SIDES: tuple[Side, ...] = ("source", "target")
MODEL_FILE = "arguments.json"
FORMAT = "newsevents-arguments-2"
#: Paths longer than this many steps are one feature value ("far").
MAX_PATH = 6
#: CAMEO roots of aid, yielding, force and coercion: done to the place where they happen
#: ("bombed targets in northern Iraq" targets Iraq, "massed troops near Ukraine" Ukraine,
#: "imposed a curfew in Kashmir" India, "delivered food aid in Yemen" Yemen, "declared a
#: ceasefire in Tripoli" Libya, "suspended aid deliveries in Borno State" Nigeria), as CAMEO
#: coders read them; so are asking for refuge there (0233) and promising to yield there (035).
#: Other events only happen there.
PLACE_TARGET_CODES = ("07", "08", "15", "16", "17", "18", "19", "20", "0233", "035")
#: Prepositions that put a place where an event happens.
LOCATIVE = LOCATIVE_PREPS | {"throughout", "around"}  # "protests throughout the country"
#: Dependencies of a word that only modifies the phrase it belongs to.
MODIFIER_DEPS = frozenset({"amod", "compound", "poss", "nmod"})
#: Dependencies of clauses that embed another: a path through one leaves the trigger's clause.
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "xcomp", "conj", "parataxis", "pcomp"})


@dataclass(frozen=True, slots=True)
class RuleChoice:
    """What the hand rules chose for one trigger (actors, in the rules' order)."""

    sources: tuple[Actor, ...] = ()
    targets: tuple[Actor, ...] = ()
    fallback: tuple[Actor, ...] = ()


@dataclass(frozen=True, slots=True)
class Candidate:
    """One actor of the sentence as a possible party of one trigger, with its features."""

    token: Token
    actor: Actor
    features: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TriggerView:
    """What the features read about the trigger: its head token, the verb of its clause (the
    light verb of an event noun), its kind and CAMEO code, and whether its clause is passive."""

    anchor: Token
    predicate: Token
    kind: str
    cameo: str
    tokens: tuple[Token, ...]


@dataclass(frozen=True, slots=True)
class Candidates:
    """The choices for one trigger: its candidates, and the features of choosing none of them
    (what the trigger is like: its kind, CAMEO root, voice, whether the rules found a party)."""

    none: tuple[str, ...]
    items: tuple[Candidate, ...]
    #: the trigger's clause is passive and names no agent: the doer is not said
    unattributed: bool = False
    #: the event uses or shows force, so the place it happens in is what it is done to
    forceful: bool = False

    def without(self, drop: Callable[[Candidate], bool]) -> Candidates:
        kept = tuple(c for c in self.items if not drop(c))
        return Candidates(self.none, kept, self.unattributed, self.forceful)


def done_to_place(cameo: str) -> bool:
    """Whether an event of this code is done to the place it happens in."""
    return cameo.startswith(PLACE_TARGET_CODES)


def candidates(
    tree: DepTree,
    sentence: Sequence[Token],
    trigger: TriggerView,
    actors: Mapping[int, Actor],
    rules: RuleChoice,
    speaker: Iterable[Token] = (),
) -> Candidates:
    """Every actor of the trigger's sentence outside the trigger itself, with its features."""
    inside = {t.i for t in trigger.tokens}
    said = speaker_spans(speaker, actors)
    found: list[Candidate] = []
    seen: set[tuple[int, int]] = set()
    local = {t.i for t in tree.subtree(trigger.predicate.i)}
    local.update(t.i for t in tree.subtree(trigger.anchor.i))
    ruled = {(a.start, a.end) for a in (*rules.sources, *rules.targets, *rules.fallback)}
    told = _told_subjects(tree, trigger.predicate)
    for tok in sentence:
        actor = actors.get(tok.i)
        if actor is None or tok.i in inside or (actor.start, actor.end) in seen:
            continue
        if own_forces(tree, tok, actors):
            continue  # "sent troops": the means, no party
        if tok.i in told:
            continue  # "Russia warned NATO would attack": who the warning is about, no party
        if tok.i not in local and (actor.start, actor.end) not in ruled:
            continue  # outside the trigger's clause, and no rule reaches it
        if any(start <= actor.start and actor.end <= end for start, end in said):
            continue  # who says it is no party of what is said (a pronoun stands in for them)
        seen.add((actor.start, actor.end))
        features = _features(tree, trigger, tok, actor, rules)
        found.append(Candidate(tok, actor, features))
    _add_order_features(trigger.anchor, found)
    none = _none_features(tree, trigger, rules, len(found), bool(said))
    forceful = done_to_place(trigger.cameo)
    return Candidates(none, tuple(found), _unattributed(tree, trigger.predicate), forceful)


def _told_subjects(tree: DepTree, verb: Token) -> set[int]:
    """The subjects of what a reporting verb tells ("warned NATO would attack": NATO)."""
    if verb.lemma.lower() not in REPORTING_VERBS:
        return set()
    return {
        t.i
        for clause in tree.children(verb.i, "ccomp")
        for subject in tree.children(clause.i, "nsubj", "nsubjpass")
        for t in tree.conjuncts(subject.i)
    }


def _unattributed(tree: DepTree, verb: Token) -> bool:
    """A passive clause without a ``by`` agent ("Avenatti was charged")."""
    return bool(tree.children(verb.i, "nsubjpass")) and not tree.children(verb.i, "agent")


def speaker_spans(speaker: Iterable[Token], actors: Mapping[int, Actor]) -> list[tuple[int, int]]:
    """The character spans of the phrases naming who tells an event."""
    spans = []
    for tok in speaker:
        actor = actors.get(tok.i)
        spans.append((actor.start, actor.end) if actor is not None else (tok.idx, tok.end))
    return spans


def _none_features(
    tree: DepTree, trigger: TriggerView, rules: RuleChoice, n: int, said: bool
) -> tuple[str, ...]:
    voice = "pass" if _passive(tree, trigger.predicate) else "act"
    root = trigger.cameo[:2]
    ruled = f"{'s' if rules.sources else '-'}{'t' if rules.targets else '-'}"
    plural = "yes" if len(rules.sources) > 1 else "no"
    return (
        f"none|plural={plural}",
        f"none|plural|root={plural}|{root}",
        "none|bias",
        f"none|kind={trigger.kind}",
        f"none|root={root}",
        f"none|code={trigger.cameo[:3]}",
        f"none|voice={voice}",
        f"none|rules={ruled}",
        f"none|rules|root={ruled}|{root}",
        f"none|rules|kind={ruled}|{trigger.kind}",
        f"none|n={min(n, 6)}",
        f"none|said={'yes' if said else 'no'}",
    )


def conjunct_group(tree: DepTree, tok: Token) -> list[Token]:
    """``tok`` with the tokens coordinated with it, whichever of them ``tok`` is."""
    top = tok
    while top.dep == "conj" or (top.dep == "appos" and tree.children(top.i, "conj")):
        head = tree.head(top.i)
        if head is None:
            break
        top = head
    return tree.conjuncts(top.i)


def select(
    tree: DepTree,
    model: ArgumentModel,
    found: Candidates,
    rules: RuleChoice,
    groups: Mapping[int, tuple[Actor, ...]] | None = None,
) -> tuple[list[Actor], list[Actor]]:
    """The sources and targets of a trigger: the rules' where they found one, the model's
    choice where they did not. A choice brings the actors coordinated with it, and a plural
    reference ("they") all it stands for."""
    # A source the model adds is none of the rules' targets ("Page received criticism").
    groups = groups or {}
    sources = _side(
        tree, model, "source", target_options(found, rules.targets), rules.sources, groups
    )
    taken = {(a.start, a.end) for a in sources}
    # The rules' target counts only if it is another party for some source ("strengthened its
    # forces near Ukraine": its forces are Russia's own, so the target is still to be found;
    # "Putin and Xi visited Russia" is Xi's visit).
    partnered = not sources or any(not same_party(s, t) for s in sources for t in rules.targets)
    ruled = list(rules.targets) if partnered else []
    targets = _side(tree, model, "target", target_options(found, sources), ruled, groups)
    return sources, [a for a in targets if (a.start, a.end) not in taken]


def target_options(found: Candidates, sources: Sequence[Actor]) -> Candidates:
    """The candidates that may be the target once the sources are known: another party, not
    a source (nor a word inside a source's phrase) nor the state a source acts for."""
    return found.without(
        lambda c: (
            any(a.start <= c.actor.start and c.actor.end <= a.end for a in sources)
            or bool(sources and same_party(sources[0], c.actor))
        )
    )


def _side(
    tree: DepTree,
    model: ArgumentModel,
    side: Side,
    found: Candidates,
    ruled: Sequence[Actor],
    groups: Mapping[int, tuple[Actor, ...]],
) -> list[Actor]:
    if ruled or (side == "source" and found.unattributed):
        # the rules' own party; or no source in a passive clause that names no agent
        # ("Avenatti was charged"): its subject is acted upon, and who acted is not said
        return list(ruled)
    if side == "target" and not found.forceful:
        # A place where the event happens is its location (the places stage), not its target
        # ("spoke at a rally in Minsk"), unless force is used there (see PLACE_TARGET_CODES).
        found = found.without(lambda c: "place" in c.features)
    best = model.choose(side, found)
    if best is None:
        return []
    chosen = _whole_phrase(best[0], found.items)
    group = {t.i for t in conjunct_group(tree, chosen.token)}
    out: list[Actor] = []
    for cand in found.items:
        if cand.token.i in group or cand is chosen:
            out.extend(groups.get(cand.token.i, (cand.actor,)))  # "they": all it stands for
    return out


def _whole_phrase(chosen: Candidate, found: Sequence[Candidate]) -> Candidate:
    """The candidate whose phrase holds ``chosen`` when ``chosen`` only modifies it: "Israeli"
    in "the Israeli government", "China" in "China's Defense Ministry" (the fuller actor)."""
    if chosen.token.dep not in MODIFIER_DEPS:
        return chosen
    for cand in found:
        if (
            cand.token.i == chosen.token.head
            and cand.actor.start <= chosen.actor.start
            and chosen.actor.end <= cand.actor.end
        ):
            return cand
    return chosen


# -- features -------------------------------------------------------------------------------


def _features(
    tree: DepTree, trigger: TriggerView, tok: Token, actor: Actor, rules: RuleChoice
) -> tuple[str, ...]:
    anchor = trigger.anchor
    steps = path(tree, anchor, tok)
    kind = trigger.kind
    root = trigger.cameo[:2]
    passive = _passive(tree, trigger.predicate)
    voice = "pass" if passive else "act"
    full = " ".join(steps) if len(steps) <= MAX_PATH else "far"
    ups = sum(s.startswith("<") for s in steps)
    downs = len(steps) - ups
    slot = steps[0] if steps and ups == 0 else ("up" if ups else "self")
    last = steps[-1] if steps else "self"
    where = "before" if tok.i < anchor.i else "after"
    crossing = sorted({s[1:] for s in steps if s[1:] in CLAUSE_DEPS})
    feats = [
        "bias",
        f"path={full}",
        f"path|kind={full}|{kind}",
        f"path|voice={full}|{voice}",
        f"slot={slot}",
        f"slot|voice={slot}|{voice}",
        f"slot|kind={slot}|{kind}",
        f"slot|root={slot}|{root}",
        f"last={last}",
        f"updown={min(ups, 4)}/{min(downs, 4)}",
        f"where={where}",
        f"where|voice={where}|{voice}",
        f"dist={_bucket(abs(tok.i - anchor.i))}",
        f"kind={kind}",
        f"root={root}",
        f"cand_dep={tok.dep}",
        f"cand_pos={tok.pos}",
        f"ent={tok.ent_type or '-'}",
        f"ent|slot={tok.ent_type or '-'}|{slot}",
        f"via={actor.via}",
        f"country={'yes' if actor.country else 'no'}",
        f"sector={actor.sectors[0] if actor.sectors else '-'}",
        f"state={'yes' if actor.code == actor.country else 'no'}",
        f"pron={'yes' if tok.pos == 'PRON' else 'no'}",
    ]
    if steps and len(steps) >= 2:
        feats.append(f"first2={steps[0]} {steps[1]}")
        feats.append(f"last2={steps[-2]} {steps[-1]}")
    for dep in crossing:
        feats.append(f"cross={dep}")
    if not crossing:
        feats.append("cross=none")
    prep = _governing_prep(tree, tok)
    if prep:
        feats.append(f"prep={prep}")
        feats.append(f"prep|kind={prep}|{kind}")
        feats.append(f"prep|root={prep}|{root}")
        if prep in LOCATIVE:
            feats.append("place")  # "in Baghdad": where it happens
    feats.extend(_rule_features(actor, rules))
    return tuple(feats)


def _rule_features(actor: Actor, rules: RuleChoice) -> list[str]:
    feats = [
        f"rules_src={'yes' if rules.sources else 'no'}",
        f"rules_tgt={'yes' if rules.targets else 'no'}",
    ]
    for name, chosen in (("src", rules.sources), ("tgt", rules.targets)):
        if any(_same(actor, a) for a in chosen):
            feats.append(f"rule={name}")
            if chosen and _same(actor, chosen[0]):
                feats.append(f"rule1={name}")
    if any(_same(actor, a) for a in rules.fallback):
        feats.append("rule=fallback")
    if not any(f.startswith("rule=") for f in feats):
        feats.append("rule=none")
    return feats


def _add_order_features(anchor: Token, found: list[Candidate]) -> None:
    """Mark the nearest candidate on each side of the trigger (in place)."""
    before = [c for c in found if c.token.i < anchor.i]
    after = [c for c in found if c.token.i > anchor.i]
    marks: dict[int, str] = {}
    if before:
        marks[max(before, key=lambda c: c.token.i).token.i] = "nearest=before"
    if after:
        marks[min(after, key=lambda c: c.token.i).token.i] = "nearest=after"
    for n, cand in enumerate(found):
        mark = marks.get(cand.token.i)
        if mark is not None:
            found[n] = Candidate(cand.token, cand.actor, (*cand.features, mark))


def path(tree: DepTree, start: Token, end: Token) -> list[str]:
    """The dependency steps from ``start`` to ``end``: ``<dep`` up (the dependency of the token
    left behind), ``>dep`` down; a preposition carries its word (``>prep:with``)."""
    up = [start, *tree.ancestors(start.i)]
    index = {t.i: n for n, t in enumerate(up)}
    down: list[Token] = []
    node: Token | None = end
    while node is not None and node.i not in index:
        down.append(node)
        node = tree.head(node.i)
    if node is None:
        return ["far"] * (MAX_PATH + 1)
    steps = [f"<{t.dep}" for t in up[: index[node.i]]]
    steps += [_down(t) for t in reversed(down)]
    return steps


def _down(tok: Token) -> str:
    if tok.dep in {"prep", "agent", "dative"} and tok.pos == "ADP":
        return f">{tok.dep}:{tok.lemma.lower()}"
    return f">{tok.dep}"


def _governing_prep(tree: DepTree, tok: Token) -> str:
    """The preposition whose object is the phrase ``tok`` heads or modifies ("in" for "US"
    in "in US cities")."""
    node = tok
    while node.dep in MODIFIER_DEPS:
        parent = tree.head(node.i)
        if parent is None:
            return ""
        node = parent
    head = tree.head(node.i)
    if node.dep == "pobj" and head is not None:
        return head.lemma.lower()
    return ""


def _passive(tree: DepTree, verb: Token) -> bool:
    return bool(tree.children(verb.i, "nsubjpass", "auxpass"))


def _bucket(n: int) -> str:
    for limit, name in ((1, "1"), (2, "2"), (3, "3"), (5, "4-5"), (8, "6-8"), (12, "9-12")):
        if n <= limit:
            return name
    return "13+"


def _same(a: Actor, b: Actor) -> bool:
    return a.start == b.start and a.end == b.end


# -- the model ------------------------------------------------------------------------------


def text_key(text: str) -> str:
    """A short, stable fingerprint of a sentence, to tell later whether a model trained on it."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class ArgumentModel:
    """Feature weights for each side of a conditional logit over a trigger's candidates.

    For one trigger and side, each candidate scores the sum of its features' weights, and
    "none of them" scores the sum of the trigger's ``none|`` feature weights plus the side's
    ``margin``; the choice is the highest score, and the softmax over the choices is its
    probability. ``meta`` records how the model was trained (data, hashes, seed, figures).
    """

    weights: Mapping[Side, Mapping[str, float]]
    margins: Mapping[Side, float]
    meta: Mapping[str, Any]

    def score(self, side: Side, features: Iterable[str]) -> float:
        """The raw score (log-odds scale) of a choice with these features."""
        table = self.weights[side]
        return sum(table.get(f, 0.0) for f in features)

    def choose(self, side: Side, found: Candidates) -> tuple[Candidate, float] | None:
        """The best candidate of ``side`` with its probability, or None when "none of them"
        scores higher (ties: the earlier candidate, and "none" over a candidate)."""
        if not found.items:
            return None
        none = self.score(side, found.none) + self.margins[side]
        scores = [self.score(side, c.features) for c in found.items]
        top = max(scores)
        if top <= none:
            return None
        peak = max(top, none)
        total = math.exp(none - peak) + sum(math.exp(z - peak) for z in scores)
        best = scores.index(top)
        return found.items[best], math.exp(top - peak) / total

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "meta": dict(self.meta),
            "margins": dict(self.margins),
            "weights": {side: dict(sorted(self.weights[side].items())) for side in SIDES},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], origin: str = "") -> ArgumentModel:
        if data.get("format") != FORMAT:
            raise ConfigError(f"{origin}: not an argument model (format {data.get('format')!r})")
        try:
            weights: dict[Side, dict[str, float]] = {
                side: {str(k): float(v) for k, v in data["weights"][side].items()} for side in SIDES
            }
            margins: dict[Side, float] = {side: float(data["margins"][side]) for side in SIDES}
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ConfigError(f"{origin}: malformed argument model ({exc})") from exc
        return cls(weights, margins, dict(data.get("meta", {})))

    @classmethod
    def read(cls, path: Path) -> ArgumentModel:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ConfigError(f"{path}: cannot read the argument model ({exc})") from exc
        return cls.from_json(data, str(path))

    @classmethod
    def builtin(cls) -> ArgumentModel | None:
        """The shipped model (``None`` if the package was built without one)."""
        return _builtin()


@functools.cache
def _builtin() -> ArgumentModel | None:
    resource = resources.files("newsevents.events") / "data" / MODEL_FILE
    if not resource.is_file():
        return None
    data = json.loads(resource.read_text(encoding="utf-8"))
    return ArgumentModel.from_json(data, f"newsevents/events/data/{MODEL_FILE}")
