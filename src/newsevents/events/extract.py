"""The events stage: triggers from the lexicon + arguments from the parse → coded events.

For each sentence: verb triggers (most specific lexicon pattern first), light verbs carrying an
event noun ("launched an invasion of"), receptive verbs ("drew condemnation from") and
free-standing event nouns ("Belousov's visit to Beijing"). Each trigger's source and target
tokens are mapped to the actors found by the actors stage. Each trigger occurrence is ONE event
with all its participants ("Putin and Xi pledged ..." is not two pledges); reciprocal event
types ("X and Y held talks") are marked mutual, and ``Event.dyads()`` codes them both ways.
An event told as someone's statement ("X said ...", "according to X", "X accused Y of ...")
records X as its ``speaker``; the statement is an event of X only when the statement itself is
one (an accusation, a threat), never X acting on the quote's subject.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from ..codes import cameo
from ..nlp.tree import DepTree
from ..nlp.words import ADMIT_VERBS, DENY_VERBS, FUTURE_AUX, REPORTING_VERBS, UTTERANCE_NOUNS
from ..settings import Settings
from ..types import (
    Actor,
    Document,
    Event,
    Mode,
    Precision,
    Span,
    TimeRef,
    Token,
    code_order,
    same_party,
)
from .anaphora import EventMemory
from .anchor import PREDICATE_POS
from .arguments import (
    TIME_ENTITIES,
    Arguments,
    misparsed_recipient,
    nested_groups,
    noun_arguments,
    subject_of,
    verb_arguments,
)
from .attribution import Attribution, attribution
from .constructions import (
    DESTRUCTION_CODES,
    carries_object,
    conditional_future,
    destruction_threat,
    is_official,
    names_no_event,
    owners_of_destroyed,
    regretted_other,
)
from .lexicon import Lexicon, Trigger, TriggerKind
from .modality import is_refusal, mode_of, refused_permission
from .parties import (
    ActorIndex,
    actors_of,
    distinct,
    dyadic,
    mutual_object,
    own_forces,
    partnered,
)
from .place_targets import place_targets
from .selection import (
    ArgumentModel,
    Candidates,
    RuleChoice,
    TriggerView,
    candidates,
    select,
    speaker_spans,
)
from .unattributed import UNATTRIBUTED, is_attack_noun_code, unattributed_agent

#: The CAMEO code of refusing to permit an act that :data:`REFUSAL_BY_ROOT` has no refusal for:
#: refusing to yield (permitting is yielding, 080).
PERMISSION_REFUSAL = "124"
#: Modes a statement keeps when its content is a claim or a denial.
CONTENT_MODES = frozenset({Mode.CLAIMED, Mode.DENIED})
#: CAMEO code prefixes whose events are mutual when coordinated actors act with no object
#: ("Russia and China held talks"): intent to cooperate, consult and negotiate (not visits,
#: hosting or mediation), diplomatic and material cooperation, and fighting.
RECIPROCAL_PREFIXES = ("03", "040", "041", "044", "046", "05", "06", "19")
NOUN_POS = frozenset({"NOUN", "PROPN"})
VERB_EXTRA_DEPS = frozenset(
    {"prt", "prep", "dobj", "dative", "agent", "xcomp", "acomp", "advmod", "oprd"}
)
#: Verbs that end or loosen what their object names: with a coercive measure as object they
#: are a concession ("lifted the boycott", "ended the blockade").
UNDOING_VERBS = frozenset(
    {"lift", "ease", "remove", "end", "scrap", "repeal", "relax", "loosen", "waive", "rescind",
     "revoke", "cease", "halt", "stop", "abandon", "cancel", "drop", "cut", "reduce"}
)  # fmt: skip
UNDOING_PHRASES = frozenset({("roll", "back"), ("call", "off"), ("give", "up"), ("wind", "down")})
#: The CAMEO 08 (yield) code for undoing a measure, by the measure's code: sanctions and
#: embargoes (085), administrative sanctions and their kinds (081x), a strike or protest (082),
#: a blockade (0872), fighting (087), an expulsion or arrest (084 release).
EASING = {
    "163": "085", "172": "081", "1721": "0811", "1722": "0812", "1723": "0813",
    "1724": "0814", "14": "082", "140": "082", "141": "082", "142": "082", "143": "082",
    "144": "082", "191": "0872", "19": "087", "190": "087", "15": "087", "150": "087",
}  # fmt: skip
#: CAMEO rejection codes for refusing a cooperative act, by the act's root: refusing to
#: cooperate materially or give aid (121), to meet or negotiate (125), to yield (124).
REFUSAL_BY_ROOT = {"03": "120", "04": "125", "05": "120", "06": "121", "07": "121", "08": "124"}
#: Nouns that only count or package the event noun under them ("a new round of talks").
CONTAINERS = frozenset({"round", "series", "wave", "spate", "string", "flurry", "day", "week"})
SUPPORT_KINDS: tuple[TriggerKind, ...] = ("light", "receive")
#: Verbs of intent or threat: with a conflictual complement they make a threat
#: ("vowed to take action against X" → threaten X), whatever their own row says.
THREAT_MATRIX = frozenset(
    {"vow", "pledge", "promise", "threaten", "warn", "swear", "plan", "prepare", "intend"}
)
#: The threat code by the CAMEO root of what is threatened.
THREAT_BY_ROOT = {"15": "138", "16": "131", "18": "138", "19": "138", "20": "138"}
#: Verbs of wanting and planning, not events themselves: "X plans to send aid to Y" is X's
#: intent to give aid (033), "X wants to attack Y" a threat (138); nothing has happened yet.
WANT_VERBS = frozenset(
    {"want", "wish", "hope", "plan", "intend", "aim", "seek", "prepare", "plot", "mean"}
)
#: Of those, the ones that take someone else's act: "X wants Y to negotiate" is X's appeal to Y.
WANT_OTHER_VERBS = frozenset({"want", "wish", "need"})
#: Codes of a whole family (appeal 020, intent 030, demand 100) made specific by what is
#: appealed for, intended or demanded: its second digit by the act's root (meet or negotiate,
#: diplomatic or material cooperation, aid, yield) ...
FAMILY_DIGIT = {"04": "6", "05": "2", "06": "1", "07": "3", "08": "5"}
#: ... and its third digit by the act's own code where CAMEO goes that deep: "urged Y to
#: release the prisoners" is 0253, "demanded humanitarian aid" 1033.
FAMILY_SUBDIGIT = {
    "061": "1", "062": "2", "063": "3", "064": "4",
    "071": "1", "072": "2", "073": "3", "074": "4",
    "081": "1", "082": "2", "084": "3", "085": "4", "086": "5", "087": "6",
}  # fmt: skip
#: Mediation has its own code in each family.
FAMILY_MEDIATION = {"02": "028", "03": "039", "10": "108"}
NOUN_EXTRA_DEPS = frozenset({"compound", "amod", "nmod"})
#: Apologies; for another party's act they are disapproval.
APOLOGY, DISAPPROVAL = "055", "110"
#: Protests that a state makes are official complaints (CAMEO 114), not demonstrations.
PROTEST_CODES, COMPLAINT = frozenset({"140", "141"}), "114"
#: Admitting an act is acknowledging responsibility for it.
ADMISSION = "015"


@dataclass(frozen=True, slots=True)
class CandidateSet:
    """One trigger occurrence: where it is, the actors that may be its parties, what the hand
    rules chose, and whether the learned selection would choose anything for it."""

    sentence: int
    start: int
    candidates: Candidates
    rules: RuleChoice
    selectable: bool  # the rules found a party: the selection may fill the other side
    complete: bool  # the rules leave no side to fill
    speaker: tuple[tuple[int, int], ...] = ()  # spans naming who tells the event


def argument_model(settings: Settings) -> ArgumentModel | None:
    """The learned argument selection the settings ask for (None: the hand rules alone)."""
    if not settings.learned_arguments:
        return None
    if settings.argument_model:
        return ArgumentModel.read(Path(settings.argument_model))
    return ArgumentModel.builtin()


@dataclass(frozen=True, slots=True)
class _Found:
    """One trigger occurrence before actors are attached."""

    trigger: Trigger
    predicate: Token  # the verb whose clause carries modality (light verb for nouns)
    tokens: tuple[Token, ...]  # the trigger's words, for the evidence span
    args: Arguments
    verbal: bool
    stated: bool = False  # a threat told as a conditional act: the statement happened


class EventCoder:
    """Stage ``Document -> Document`` that fills ``Document.events``."""

    name = "events"
    requires: tuple[str, ...] = ("nlp", "actors")

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        lexicon: Lexicon | None = None,
        arguments: ArgumentModel | Literal["settings"] | None = "settings",
    ) -> None:
        self.settings = settings or Settings()
        self.lexicon = lexicon or Lexicon.load(self.settings.lexicons)
        #: The learned argument selection (None: the hand rules alone); by default the one
        #: the settings name.
        self.arguments = argument_model(self.settings) if arguments == "settings" else arguments

    def __call__(self, doc: Document) -> Document:
        tree = DepTree(doc.tokens)
        actors = ActorIndex.of(doc)
        told = EventMemory(self.lexicon)
        events: list[Event] = []
        for sentence in doc.sentences:
            tokens = doc.sentence_tokens(sentence.index)
            # "The exercises drew condemnation": the exercises' doers, told earlier
            here = actors.with_groups(told.referents(tree, tokens, actors))
            sentence_events: list[tuple[_Found, Event]] = []
            for found in self._triggers(tree, tokens):
                coded = list(self._events(doc, tree, found, here))
                sentence_events.extend((found, e) for e in coded)
                doers = coded[0].all_sources() if coded else ()
                told.remember(found.tokens[0] if not found.verbal else found.predicate,
                              found.trigger.cameo, doers)  # fmt: skip
            events.extend(_without_restated(tree, sentence_events))
        kept = [e for e in _dedupe(events) if self._keep(e)]
        return replace(doc, events=tuple(kept), stages=(*doc.stages, self.name))

    def candidate_sets(self, doc: Document) -> Iterator[CandidateSet]:
        """Each trigger of ``doc`` with the candidates the learned selection weighs and what
        the hand rules chose (for training and inspection)."""
        tree = DepTree(doc.tokens)
        actors = ActorIndex.of(doc)
        for sentence in doc.sentences:
            for found in self._triggers(tree, doc.sentence_tokens(sentence.index)):
                said = attribution(tree, found.predicate)
                rules = _rule_choice(tree, found, actors)
                speaker = speaker_spans(said.speaker, actors) if said is not None else []
                yield CandidateSet(
                    sentence=sentence.index,
                    start=min(t.idx for t in found.tokens),
                    candidates=self._candidates(doc, tree, found, actors, rules, said),
                    rules=rules,
                    selectable=_selectable(found, rules),
                    complete=not _incomplete(rules, _mutual(tree, found)),
                    speaker=tuple(speaker),
                )

    def _candidates(
        self,
        doc: Document,
        tree: DepTree,
        found: _Found,
        actors: Mapping[int, Actor],
        rules: RuleChoice,
        said: Attribution | None,
    ) -> Candidates:
        anchor = found.predicate if found.verbal else found.tokens[0]
        kind = "light" if found.verbal and found.trigger.kind == "noun" else found.trigger.kind
        view = TriggerView(anchor, found.predicate, kind, found.trigger.cameo, found.tokens)
        sentence = doc.sentence_tokens(found.predicate.sentence)
        speaker = said.speaker if said is not None else ()
        return candidates(tree, sentence, view, actors, rules, speaker)

    def _keep(self, event: Event) -> bool:
        if event.confidence < self.settings.min_confidence:
            return False
        return not (self.settings.require_dyad and (event.source is None or event.target is None))

    # -- triggers ---------------------------------------------------------------------------

    def _triggers(self, tree: DepTree, tokens: Iterable[Token]) -> Iterator[_Found]:
        for found in self._found(tree, tokens):
            yield self._regret(tree, found)
            threat = self._conditional_threat(tree, found)
            if threat is not None:
                yield threat

    def _found(self, tree: DepTree, tokens: Iterable[Token]) -> Iterator[_Found]:
        used_nouns: set[int] = set()
        used_verbs: set[int] = set()
        nouns: list[Token] = []
        for tok in tokens:
            if tok.pos in PREDICATE_POS and tok.i not in used_verbs:
                found = self._verb_trigger(tree, tok, used_nouns)
                if found is not None and not found.args.sources:
                    found = _by_the_responsible(tree, found)
                if found is not None:
                    found = self._with_complement(tree, found, used_nouns, used_verbs)
                    used_nouns.update(_own_objects(tree, found))
                    yield self._with_wanting(tree, found)
                elif tok.lemma.lower() in ADMIT_VERBS:
                    admission = self._admission(tree, tok)
                    if admission is not None:
                        yield admission
            elif tok.pos in NOUN_POS:
                nouns.append(tok)
            if tok.pos in PREDICATE_POS and tok.i not in used_verbs:
                demand = self._demand(tree, tok)
                if demand is not None:
                    yield demand
        for noun in nouns:
            if noun.i in used_nouns or noun.ent_type in TIME_ENTITIES:
                continue  # "on March 4": a month, not a march
            trig = self._match(tree, "noun", noun)
            if trig is None or names_no_event(tree, noun):
                continue  # "the Houthi rebellion", "the protest movement": names
            undone = self._undone(tree, noun, trig)
            if undone is not None:  # "rolled back tariffs on X": easing them (085)
                verb, trig = undone
                args = noun_arguments(tree, noun, verb, receptive=False, cameo=trig.cameo)
                yield _Found(trig, verb, _ordered(verb, noun), args, verbal=True)
                continue
            light = self._governing_verb(tree, noun)
            receptive = light is not None and self.lexicon.is_kind("receive", light.lemma.lower())
            args = noun_arguments(tree, noun, light, receptive=receptive, cameo=trig.cameo)
            found = _Found(trig, light or noun, (noun,), args, verbal=False)
            yield found if args.sources else _by_the_responsible(tree, found)

    def _verb_trigger(self, tree: DepTree, verb: Token, used_nouns: set[int]) -> _Found | None:
        lemma = verb.lemma.lower()
        specific = self._match(tree, "verb", verb)
        if specific is not None and len(specific.words) > 1:
            return self._verbal(tree, verb, specific, used_nouns)
        light = self.lexicon.is_kind("light", lemma)
        receptive = self.lexicon.is_kind("receive", lemma)
        if light or receptive:
            for obj in self._light_objects(tree, verb):
                trig = self._match(tree, "noun", obj)
                if trig is None:
                    continue
                used_nouns.add(obj.i)
                if obj.dep == "nsubjpass":  # "talks were held with X"
                    args = noun_arguments(tree, obj, None, receptive=False, cameo=trig.cameo)
                else:
                    args = noun_arguments(tree, obj, verb, receptive=receptive, cameo=trig.cameo)
                return _Found(trig, verb, _ordered(verb, obj), args, verbal=True)
        if specific is not None:
            return self._verbal(tree, verb, specific, used_nouns)
        return None

    def _light_objects(self, tree: DepTree, verb: Token) -> list[Token]:
        """Objects that may carry the event of a light verb: direct, passive subject, or
        the object of the verb's own preposition ("came under attack", "engaged in talks")."""
        objects = tree.children(verb.i, "dobj", "nsubjpass")
        for obj in list(objects):  # "held a new round of talks"
            if obj.lemma.lower() in CONTAINERS:
                for prep in tree.children(obj.i, "prep"):
                    if prep.lemma.lower() == "of":
                        objects.extend(tree.children(prep.i, "pobj"))
        lemma = verb.lemma.lower()
        preps = {
            word
            for kind in SUPPORT_KINDS
            for trig in self.lexicon.candidates(kind, lemma)
            for word in trig.extras
        }
        for prep in tree.children(verb.i, "prep"):
            if prep.lemma.lower() in preps:
                objects.extend(tree.children(prep.i, "pobj"))
        return objects

    def _with_complement(
        self, tree: DepTree, found: _Found, used_nouns: set[int], used_verbs: set[int]
    ) -> _Found:
        """Fold an infinitive complement into its matrix verb.

        "vowed to take action against X" is a threat against X, not a promise plus an
        action; "agreed to deepen ties with X" is one intent to cooperate whose target is X.
        """
        verb = found.predicate
        comp = next(iter(tree.children(verb.i, "xcomp")), None)
        if comp is None or not found.verbal or found.tokens[0].i != verb.i:
            return found
        if verb.lemma.lower() in DENY_VERBS:
            return found  # "denied supporting X": the denial, and the support as a denied event
        named = any(t.i == comp.i for t in found.tokens)
        inner = self._verb_trigger(tree, comp, set())
        if inner is None:
            return found
        if named:
            # The row names the complement ("refuse lift", "threaten impose"): one event, whose
            # target is the complement's ("refused to lift sanctions on X" refuses X).
            used_verbs.add(comp.i)
            used_nouns.update(t.i for t in inner.tokens)
            targets = found.args.targets or inner.args.targets
            fallback = found.args.fallback or inner.args.fallback
            args = Arguments(found.args.sources or inner.args.sources, targets, fallback)
            return replace(found, args=args)
        inner_code = cameo.get(inner.trigger.cameo)
        if inner_code is None:
            return found
        used_verbs.add(comp.i)
        used_nouns.update(t.i for t in inner.tokens)
        targets = found.args.targets or inner.args.targets
        fallback = found.args.fallback or inner.args.fallback
        args = Arguments(found.args.sources or inner.args.sources, targets, fallback)
        threat = _threat(tree, inner, inner_code) if inner_code.quad_class >= 3 else None
        if threat is not None and verb.lemma.lower() in THREAT_MATRIX:
            code = threat
            args = _threatened(tree, inner, args)
            # "threatened to destroy and obliterate X": one threat
            used_verbs.update(c.i for c in tree.conjuncts(comp.i))
        else:
            # "urged Iran to negotiate" is an appeal to negotiate (026), "pledged to send aid"
            # an intent to give aid (033)
            code = family_code(found.trigger.cameo, inner_code) or found.trigger.cameo
        if code == found.trigger.cameo:
            return replace(found, args=args)
        trig = replace(
            found.trigger, cameo=code, words=(*found.trigger.words, *inner.trigger.words)
        )
        return _Found(trig, verb, _ordered(*found.tokens, *inner.tokens), args, verbal=True)

    def _with_wanting(self, tree: DepTree, found: _Found) -> _Found:
        """Raise an act that someone wants, plans or hopes for to the wanting.

        "Russia hopes to hold talks with Japan" is Russia's intent to negotiate (036), asserted
        (the hope is what happened); "Obama wants to attack Y" a threat against Y (138);
        "Obama wants Putin to attack Y" an appeal to Putin (020), not an attack.
        """
        comp = found.predicate
        head = tree.head(comp.i)
        if (
            not found.verbal
            or comp.dep not in {"xcomp", "ccomp"}
            or head is None
            or head.lemma.lower() not in WANT_VERBS | WANT_OTHER_VERBS
            or self._match(tree, "verb", head) is not None
        ):
            return found
        inner = cameo.get(found.trigger.cameo)
        if inner is None:
            return found
        wanter = subject_of(tree, head)
        doer = (
            tree.children(comp.i, "nsubj") if comp.dep == "ccomp" else tree.children(head.i, "dobj")
        )
        if comp.dep == "ccomp" and not any(
            c.lemma.lower() == "to" for c in tree.children(comp.i, "aux")
        ):
            return found  # "X hopes (that) Y will attack": Y's act, as reported
        if doer and any(d.i != w.i for d in doer for w in wanter):
            if head.lemma.lower() not in WANT_OTHER_VERBS:
                return found
            code = family_code("020", inner) or "020"
            args = Arguments(tuple(wanter), tuple(t for d in doer for t in tree.conjuncts(d.i)))
        elif head.lemma.lower() in WANT_VERBS:
            if inner.quad_class >= 3:
                code = _threat(tree, found, inner)
                args = _threatened(tree, found, found.args)
            else:
                code = family_code("030", inner) or "030"
                args = found.args
        else:
            return found
        trig = replace(found.trigger, cameo=code, words=(head.lemma.lower(), *found.trigger.words))
        return _Found(trig, head, _ordered(head, *found.tokens), args, verbal=True)

    def _verbal(self, tree: DepTree, verb: Token, trig: Trigger, used_nouns: set[int]) -> _Found:
        extras = [c for c in tree.children(verb.i) if c.lemma.lower() in trig.extras]
        preps = frozenset(c.lemma.lower() for c in extras if c.dep in {"prep", "agent", "dative"})
        if trig.cameo.startswith("04"):
            preps |= {"with"}  # "discussed Syria with Lavrov": the partner, not the topic
        args = verb_arguments(tree, verb, used_preps=preps)
        objects = [c for c in extras if c.dep == "dobj"]
        if objects:
            # "impose sanctions on X": the object is part of the trigger and the target is in a
            # PP; "summoned the German ambassador": the object is the target.
            used_nouns.update(o.i for o in objects)
            inner = _prep_targets(tree, verb, extras)
            whole = tuple(t for o in objects for t in tree.conjuncts(o.i))
            deeper = tuple(g for o in objects for g in nested_groups(tree, o))
            args = Arguments(args.sources, inner, fallback=(whole, *deeper))
        return _Found(trig, verb, _ordered(verb, *extras), args, verbal=True)

    def _match(self, tree: DepTree, kind: TriggerKind, tok: Token) -> Trigger | None:
        """The lexicon row for ``tok`` whose extra words all occur among its dependents."""
        candidates = self.lexicon.candidates(kind, tok.lemma.lower())
        if not candidates:
            return None
        deps = VERB_EXTRA_DEPS if kind == "verb" else NOUN_EXTRA_DEPS
        kids = [c for c in tree.children(tok.i) if c.dep in deps and not _of_time(tree, c)]
        near = {c.lemma.lower() for c in kids}
        if kind == "verb":  # "agreed to a ceasefire", "went on strike": a preposition's object
            near.update(
                g.lemma.lower() for c in kids if c.dep == "prep" for g in tree.children(c.i, "pobj")
            )
        if kind == "verb":  # "take action against": the preposition hangs on the object
            near.update(
                g.lemma.lower() for c in kids if c.dep == "dobj" for g in tree.children(c.i, "prep")
            )
        if kind == "noun" and tok.i > 0:
            near.add(tree[tok.i - 1].lemma.lower())
        for trig in candidates:
            if kind == "verb" and carries_object(tree, tok, trig.extras, trig.cameo):
                continue  # "flew fighters to Syria": transport, not a visit
            if all(word in near for word in trig.extras):
                return trig
        return None

    def _undone(self, tree: DepTree, noun: Token, trig: Trigger) -> tuple[Token, Trigger] | None:
        """A coercive measure that a verb lifts or ends, as the easing it is.

        "lifted the boycott", "rolled back tariffs", "gave up fighting": the verb and the easing
        code (CAMEO 08: yield) for the measure's code; ``None`` when the noun is not undone.
        """
        if noun.dep not in {"dobj", "nsubjpass"}:
            return None
        verb = tree.head(noun.i)
        if verb is None or verb.pos not in PREDICATE_POS:
            return None
        particles = {c.lemma.lower() for c in tree.children(verb.i, "prt")}
        lemma = verb.lemma.lower()
        if not (lemma in UNDOING_VERBS or any((lemma, p) in UNDOING_PHRASES for p in particles)):
            return None
        code = EASING.get(trig.cameo) or EASING.get(trig.cameo[:3])
        if noun.lemma.lower() == "boycott":
            code = "085"  # CAMEO files boycotts with embargoes and sanctions
        if code is None:
            return None
        return verb, replace(trig, cameo=code, words=(lemma, *trig.words))

    def _demand(self, tree: DepTree, verb: Token) -> _Found | None:
        """ "X said Y must V", with no event in V itself: X demands that Y act (100).

        Only when V is not a trigger: "X said Y must withdraw its troops" is coded through
        V's own row, reported.
        """
        if verb.dep != "ccomp" or not any(
            a.lemma.lower() == "must" for a in tree.children(verb.i, "aux")
        ):
            return None
        say = tree.head(verb.i)
        if say is None or say.lemma.lower() not in REPORTING_VERBS:
            return None
        if self._verb_trigger(tree, verb, set()) is not None:
            return None
        demanded = tree.children(verb.i, "nsubj", "nsubjpass")
        lemma = say.lemma.lower()
        trig = Trigger("verb", (lemma, "must"), lemma, ("must",), "100", origin="say X must")
        targets = tuple(t for d in demanded for t in tree.conjuncts(d.i))
        args = Arguments(tuple(subject_of(tree, say)), targets)
        return _Found(trig, say, (say,), args, verbal=True)

    def _admission(self, tree: DepTree, verb: Token) -> _Found | None:
        """ "Iran admitted (to) shooting down the airliner", "admitted that its forces downed
        the plane": acknowledging responsibility (015) for the act, coded besides the act itself
        (which happened, and whose doer is the admitter unless the clause names another).
        Its target is the act's."""
        comps = tree.children(verb.i, "xcomp", "ccomp")
        # "admitted shooting down": a gerund the parser may take for an object
        comps += [o for o in tree.children(verb.i, "dobj") if o.pos == "VERB"]
        for prep in tree.children(verb.i, "prep"):
            if prep.lemma.lower() == "to":  # "admitted to shooting down"
                comps += tree.children(prep.i, "pcomp")
        for comp in comps:
            inner = self._verb_trigger(tree, comp, set())
            if inner is None:
                continue
            lemma = verb.lemma.lower()
            trig = Trigger(
                "verb", (lemma, *inner.trigger.words), lemma, inner.trigger.words, ADMISSION,
                origin="admit V",
            )  # fmt: skip
            args = Arguments(tuple(subject_of(tree, verb)), inner.args.targets, inner.args.fallback)
            return _Found(trig, verb, (verb,), args, verbal=True)
        return None

    def _conditional_threat(self, tree: DepTree, found: _Found) -> _Found | None:
        """ "I will totally destroy the economy of Turkey if ...": an act of force or coercion
        promised on a condition is also the threat of it (CAMEO: conflictual acts forecast in
        the future tense are threats). The act stays coded, hypothetical; the threat, told by
        the auxiliary and the verb ("will destroy"), was made."""
        code = cameo.get(found.trigger.cameo)
        verb = found.predicate
        if (
            code is None
            or code.quad_class != 4
            or not found.verbal
            or verb.pos not in PREDICATE_POS
            or not conditional_future(tree, verb)
        ):
            return None
        threat = _threat(tree, found, code)
        trig = replace(found.trigger, cameo=threat, origin=f"{found.trigger.origin} (threat)")
        aux = [a for a in tree.children(verb.i, "aux") if a.lemma.lower() in FUTURE_AUX | {"would"}]
        return replace(
            found,
            trigger=trig,
            tokens=_ordered(*aux, *found.tokens),
            args=_threatened(tree, found, found.args),
            stated=True,
        )

    def _regret(self, tree: DepTree, found: _Found) -> _Found:
        """An apology (055) for another party's act is disapproval of that party (110): "regrets
        that the U.S. imposed sanctions", "regretted Washington's decision"; "regrets its
        decision", "regrets this mistake" stay apologies."""
        if found.trigger.cameo != APOLOGY:
            return found
        other = regretted_other(tree, found.tokens, found.args.sources)
        if other is None:
            return found
        trig = replace(found.trigger, cameo=DISAPPROVAL)
        args = replace(found.args, targets=other or found.args.targets)
        return replace(found, trigger=trig, args=args)

    def _governing_verb(self, tree: DepTree, noun: Token) -> Token | None:
        """The verb whose object the noun is (or the first of the objects it is coordinated
        with: "announced asset freezes and sanctions"), unless that verb is itself a trigger."""
        top = noun
        while top.dep == "conj" and (up := tree.head(top.i)) is not None and up.pos in NOUN_POS:
            top = up
        amount = _amount_of(tree, top)
        if amount is not None:  # "announced $33 million in assistance": the aid is announced
            top = amount
        if top.dep not in {"dobj", "nsubjpass"}:
            return None
        head = tree.head(top.i)
        if head is None or head.pos not in PREDICATE_POS:
            return None
        lemma = head.lemma.lower()
        if self.lexicon.candidates("verb", lemma) and not (
            self.lexicon.is_kind("light", lemma) and self._match(tree, "verb", head) is None
        ):
            return None  # a trigger itself ("announce" is a light verb unless it suspends)
        return head

    # -- events -----------------------------------------------------------------------------

    def _events(
        self, doc: Document, tree: DepTree, found: _Found, actors: ActorIndex
    ) -> Iterator[Event]:
        code = cameo.get(found.trigger.cameo)
        if code is None:
            return
        said = attribution(tree, found.predicate)
        rules = _rule_choice(tree, found, actors)
        if not rules.sources:  # "a car bomb killed 12 people": unidentified forces
            unnamed = unattributed_agent(
                doc,
                tree,
                code=code.code,
                predicate=found.predicate,
                source_tokens=found.args.sources,
                trigger_tokens=found.tokens,
                has_target=bool(rules.targets),
                actors=actors,
                attack_noun=self._attack_noun,
            )
            if unnamed is not None:  # the rules' source: the model keeps it
                rules = replace(rules, sources=(unnamed,))
        sources, targets = list(rules.sources), list(rules.targets)
        mutual = _mutual(tree, found)
        if self.arguments is not None and _selectable(found, rules) and _incomplete(rules, mutual):
            cands = self._candidates(doc, tree, found, actors, rules, said)
            sources, targets = select(tree, self.arguments, cands, rules, actors.groups)
        sources, targets = distinct(sources), distinct(targets)
        if not sources and not targets:
            return
        reciprocal = not targets and len(sources) > 1 and mutual
        if reciprocal:
            sources = targets = list(code_order(sources))
            if same_party(sources[0], sources[1]):
                return  # "Putin and the Kremlin held talks": one party, no dyad
        elif sources and targets:
            paired = dyadic(sources, targets)
            # "Merkel defended Germany's decision": no dyad, but Merkel's act happened
            sources, targets = paired if paired[0] else (sources, [])
        source = sources[0] if sources else None
        target = sources[1] if reciprocal else targets[0] if targets else None
        noun = None if found.verbal else found.tokens[0]
        mode = mode_of(tree, found.predicate, noun)
        if found.stated:  # "will destroy X if ...": the threat was made
            mode = said.mode if said is not None else Mode.ASSERTED
        if code.code in PROTEST_CODES and _official_protest(doc, found, sources):
            code = cameo.get(COMPLAINT) or code  # "Japan protested to China"
        refused = REFUSAL_BY_ROOT.get(code.code[:2]) if not reciprocal else None
        if mode is Mode.NEGATED and refused and is_refusal(tree, found.predicate):
            # "France will not lift the ban": the event is France's refusal, and it happened
            code, mode = cameo.get(refused) or code, Mode.ASSERTED
        speakers = actors_of(tree, said.speaker, actors) if said is not None else []
        sentence = doc.sentences[found.predicate.sentence]
        first = min(t.idx for t in found.tokens)
        last = max(t.end for t in found.tokens)
        event = Event(
            doc_id=doc.id,
            doc_date=doc.date,
            sentence_index=sentence.index,
            source=source,
            target=target,
            **code.event_fields(),
            event_date=TimeRef(doc.date, doc.date, Precision.PUBLICATION),
            evidence=Span(sentence.text, sentence.start, sentence.end),
            trigger=Span(doc.article.text[first:last], first, last),
            mode=mode,
            confidence=_confidence(source, target, found, mode),
            sources=tuple(sources),
            targets=tuple(targets),
            reciprocal=reciprocal,
            speaker=speakers[0] if speakers else None,
        )
        yield event
        permission = None
        if mode is Mode.NEGATED:
            permission = refused_permission(tree, found.predicate, noun)
        if permission is not None:
            refusal = self._refusal(doc, tree, permission, event, actors, found)
            if refusal is not None:
                yield refusal

    def _refusal(
        self,
        doc: Document,
        tree: DepTree,
        verb: Token,
        refused: Event,
        actors: ActorIndex,
        found: _Found,
    ) -> Event | None:
        """The refusal a negated permission states: "the U.S. would not allow any Turkish
        military operations" is, besides operations that do not happen, the U.S. refusing
        Turkey (CAMEO 12: the code for refusing the act, 124 refusing to yield by default,
        as permitting is yielding). Its target is who is refused: the doers of the act, or
        whom the act is for when nobody is named as doing it."""
        refusers = distinct(actors_of(tree, tuple(subject_of(tree, verb)), actors))
        if not refusers:
            return None
        source = refusers[0]
        refused_parties = [a for a in refused.all_sources() if not same_party(a, source)]
        if not refused_parties:
            refused_parties = [a for a in refused.all_targets() if not same_party(a, source)]
        target = refused_parties[0] if refused_parties else None
        code = cameo.get(REFUSAL_BY_ROOT.get(refused.cameo[:2], PERMISSION_REFUSAL))
        if code is None:
            return None
        said = attribution(tree, verb)
        mode = said.mode if said is not None and said.mode in CONTENT_MODES else Mode.ASSERTED
        start = verb.idx
        return replace(
            refused,
            source=source,
            target=target,
            **code.event_fields(),
            trigger=Span(doc.article.text[start : verb.end], start, verb.end),
            mode=mode,
            confidence=_confidence(source, target, found, mode),
            sources=(source,),
            targets=(target,) if target is not None else (),
            reciprocal=False,
        )

    def _attack_noun(self, lemma: str) -> bool:
        """Whether the lexicon has ``lemma`` alone as a noun of an attack ("bombing")."""
        return any(
            len(t.words) == 1 and is_attack_noun_code(t.cameo)
            for t in self.lexicon.candidates("noun", lemma)
        )


def family_code(family: str, act: cameo.CameoCode) -> str | None:
    """The appeal (02x), intent (03x) or demand (10x) code for an act of cooperation.

    ``family`` is the generic code of the family ("020", "030" or "100"); any other code, or
    an act that is no cooperation, gives ``None``.
    """
    if family not in {"020", "030", "100"}:
        return None
    prefix = family[:2]
    if act.code.startswith("045"):
        return FAMILY_MEDIATION[prefix]
    digit = FAMILY_DIGIT.get(act.root)
    if digit is None:
        return None
    specific = prefix + digit + FAMILY_SUBDIGIT.get(act.code[:3], "")
    return specific if cameo.get(specific) is not None else prefix + digit


#: Nouns of responsibility: the act in "admitted responsibility for V-ing" is the admitter's.
RESPONSIBILITY_NOUNS = frozenset({"responsibility", "guilt", "blame", "credit"})


def _mutual(tree: DepTree, found: _Found) -> bool:
    """Whether coordinated sources of this trigger act on each other."""
    cameo = found.trigger.cameo
    return cameo.startswith(RECIPROCAL_PREFIXES) or mutual_object(tree, _heads(found))


def _amount_of(tree: DepTree, noun: Token) -> Token | None:
    """The sum a noun is counted in ("$33 million in assistance", "$5 billion of aid")."""
    if noun.dep != "pobj":
        return None
    prep = tree.head(noun.i)
    if prep is None or prep.lemma.lower() not in {"in", "of"}:
        return None
    amount = tree.head(prep.i)
    if amount is None or not (amount.pos == "NUM" or amount.ent_type == "MONEY"):
        return None
    return amount


def _of_time(tree: DepTree, tok: Token) -> bool:
    """A preposition whose objects are all dates or times: "called Erdogan on Wednesday" is
    no "call on"."""
    objects = tree.children(tok.i, "pobj") if tok.dep == "prep" else []
    return bool(objects) and all(o.ent_type in TIME_ENTITIES for o in objects)


def _by_the_responsible(tree: DepTree, found: _Found) -> _Found:
    """ "Iran acknowledged responsibility for downing the plane": the downing is Iran's; so
    are the killings in "the LRA is responsible for mass killings"."""
    event = found.predicate if found.verbal else found.tokens[0]
    while event.dep == "conj" and (first := tree.head(event.i)) is not None:
        event = first  # "responsible for killings, rapes and abductions"
    prep = tree.head(event.i)
    if prep is None or event.dep not in {"pcomp", "pobj"} or prep.lemma.lower() != "for":
        return found
    holder = tree.head(prep.i)
    if holder is None:
        return found
    if holder.lemma.lower() in RESPONSIBILITY_NOUNS and holder.dep == "dobj":
        above = tree.head(holder.i)  # "claimed responsibility for"
    elif holder.lemma.lower() == "responsible" and holder.dep == "acomp":
        above = tree.head(holder.i)  # "X is responsible for"
    else:
        return found
    if above is None:
        return found
    return replace(found, args=replace(found.args, sources=tuple(subject_of(tree, above))))


def _threat(tree: DepTree, found: _Found, act: cameo.CameoCode) -> str:
    """The threat code for threatening the act ``found`` codes: by its root (force 138, a
    sanction 131), and for destruction by what would be destroyed (an economy 131, a country
    138)."""
    if act.code in DESTRUCTION_CODES:
        return destruction_threat(tree, found.predicate)
    return THREAT_BY_ROOT.get(act.root, "130")


def _threatened(tree: DepTree, found: _Found, args: Arguments) -> Arguments:
    """The target of a threat to destroy something: its owner ("Turkey's economy")."""
    if cameo.get(found.trigger.cameo) is None or found.trigger.cameo not in DESTRUCTION_CODES:
        return args
    owners = owners_of_destroyed(tree, found.predicate)
    if not owners:
        return args
    return replace(args, targets=owners, fallback=(args.targets, *args.fallback))


#: Dependencies that keep a noun inside the clause of the verb above it (its objects and their
#: modifiers), unlike a relative or adverbial clause.
SAME_CLAUSE_DEPS = frozenset(
    {"dobj", "pobj", "prep", "xcomp", "compound", "amod", "nmod", "appos", "attr", "oprd"}
)


def _without_restated(tree: DepTree, found: list[tuple[_Found, Event]]) -> list[Event]:
    """The events of one sentence without an event noun that restates the verb event above it:
    "Putin and Xi pledged a new era of partnership between the two rivals", "agreed to deepen
    their partnership" are one intent each. A noun inside a verb event's clause whose doers are
    among that event's doers is that event told again; other nouns are events of their own
    ("Russia condemned Ukraine's attack")."""
    verbal = [(f, e) for f, e in found if f.verbal]
    predicates = {f.predicate.i for f, _ in found}
    out: list[Event] = []
    for f, e in found:
        if _covering_statement(tree, f, e, predicates):
            continue
        if not f.verbal and any(
            _inside_clause(tree, f.tokens[0], vf.predicate)
            and {a.country for a in e.all_sources()} <= {a.country for a in ve.all_sources()}
            for vf, ve in verbal
        ):
            continue
        out.append(e)
    return out


def _covering_statement(tree: DepTree, f: _Found, e: Event, predicates: set[int]) -> bool:
    """Whether a plain statement (010) is only the cover of the event its text states: in
    "ASEAN issued a statement urging North Korea to comply", the event is the appeal."""
    if e.cameo != "010":
        return False
    return any(
        acl.i in predicates
        for tok in f.tokens
        if tok.lemma.lower() in UTTERANCE_NOUNS
        for acl in tree.children(tok.i, "acl")
        if acl.tag == "VBG"
    )


#: Prepositions that put an event before or after the clause's own: what they govern is
#: another event, not the clause's event told again.
SEQUENCE_PREPOSITIONS = frozenset({"after", "before", "following", "since", "ahead", "prior"})


def _inside_clause(tree: DepTree, tok: Token, verb: Token) -> bool:
    """Whether ``tok`` hangs below ``verb`` through objects and modifiers only (not through a
    preposition of sequence: "following Putin's visit, China and Russia declared ..." tells an
    earlier event)."""
    node = tok
    while node.i != verb.i:
        if node.dep not in SAME_CLAUSE_DEPS or node.text.lower() in SEQUENCE_PREPOSITIONS:
            return False
        head = tree.head(node.i)
        if head is None:
            return False
        node = head
    return True


def _own_objects(tree: DepTree, found: _Found) -> Iterator[int]:
    """Objects of a verb trigger that its subject owns, which tell the same event: "agreed to
    deepen their partnership" is one intent, not an intent and a partnership."""
    for verb in (t for t in found.tokens if t.pos in PREDICATE_POS):
        for obj in tree.children(verb.i, "dobj"):
            if any(p.pos == "PRON" for p in tree.children(obj.i, "poss")):
                yield obj.i


def _selectable(found: _Found, rules: RuleChoice) -> bool:
    """Whether the learned selection chooses this trigger's parties: when the rules find one.

    Whether a trigger is an event at all stays the rules' decision: a word whose own clause
    ties no party to it ("in the 1994 genocide", "released over 70 policy plans") is background
    or no political event, and the model must not invent its parties from the sentence (on
    general news it would: it learned from sentences chosen for the events they report).
    """
    return bool(rules.sources or rules.targets)


def _incomplete(rules: RuleChoice, mutual: bool) -> bool:
    """Whether the rules leave a side for the learned selection to fill: no source, or no
    target that is another party than the sources. Coordinated sources of a mutual event
    ("Police and protesters clashed in Homs") are each other's targets: nothing to fill."""
    sources, targets = list(rules.sources), list(rules.targets)
    if not targets and len(sources) > 1 and mutual:
        return False
    return not sources or not targets or not partnered(sources, targets)


def _rule_choice(tree: DepTree, found: _Found, actors: Mapping[int, Actor]) -> RuleChoice:
    """The hand rules' source and target actors for a trigger (see :mod:`.arguments`).

    When the target tokens name no actor partnered with a source, the fallback groups are
    tried in order: "held talks at Downing Street with the Irish premier" takes the next phrase
    that names someone other than the source. Every fallback actor is kept for the features of
    the learned selection.
    """

    def parties(tokens: Iterable[Token]) -> list[Actor]:  # "sent troops": means, no party
        return actors_of(tree, [t for t in tokens if not own_forces(tree, t, actors)], actors)

    sources = actors_of(tree, found.args.sources, actors)
    targets = parties(found.args.targets)
    fallback: list[Actor] = []
    for group in found.args.fallback:
        candidates = parties(group)
        fallback.extend(candidates)
        if targets and partnered(sources, targets):
            continue
        if candidates and (not targets or partnered(sources, candidates)):
            targets = candidates
    each_other = len(sources) > 1 and _mutual(tree, found)  # "police and protesters clashed"
    code = found.trigger.cameo
    targets = place_targets(
        tree, _heads(found), code, sources, targets, actors, each_other=each_other
    )
    return RuleChoice(tuple(sources), tuple(targets), tuple(fallback))


def _heads(found: _Found) -> list[Token]:
    """The trigger's words and the verb that carries its clause, each once."""
    return list({found.predicate.i: found.predicate, **{t.i: t for t in found.tokens}}.values())


#: Prepositions that carry the target when a verb's object belongs to the trigger.
PREP_TARGETS = frozenset(
    {"on", "against", "with", "to", "for", "at", "from", "into", "toward", "towards", "upon"}
)


def _prep_targets(tree: DepTree, verb: Token, extras: list[Token]) -> tuple[Token, ...]:
    """Objects of the target prepositions on the verb, then on the trigger's own object."""
    found: list[Token] = []
    for prep in tree.children(verb.i, "prep", "dative"):
        # the parser often labels the "to" of "sent doctors to Peru" a dative
        if prep.pos == "ADP" and prep.lemma.lower() in PREP_TARGETS:
            found.extend(t for p in tree.children(prep.i, "pobj") for t in tree.conjuncts(p.i))
        elif prep.dep == "dative" and prep.pos != "ADP":  # "gave Jordan financial aid"
            found.extend(tree.conjuncts(prep.i))
    for obj in extras:
        found.extend(misparsed_recipient(tree, verb, obj))
        for prep in tree.children(obj.i, "prep"):
            if prep.lemma.lower() in PREP_TARGETS | {"of"}:
                found.extend(t for p in tree.children(prep.i, "pobj") for t in tree.conjuncts(p.i))
    return tuple(found)


def _ordered(*tokens: Token) -> tuple[Token, ...]:
    return tuple(sorted(tokens, key=lambda t: t.i))


def _confidence(source: Actor | None, target: Actor | None, found: _Found, mode: Mode) -> float:
    """A transparent score from the evidence used: actors found, trigger kind, how sure the mode is.

    Both actors +0.4 in all, a verbal trigger +0.1, an actor resolved from the text itself
    (not memory or a pronoun) keeps its weight, an unattributed source (unidentified forces
    for an attack with no named agent) half of it; hypothetical and negated events lose 0.1.
    """
    score = 0.3
    score += 0.2 if source is not None else 0.0
    score += 0.2 if target is not None else 0.0
    score += 0.1 if found.verbal else 0.0
    score += 0.1 if len(found.trigger.words) > 1 else 0.0
    if mode in {Mode.HYPOTHETICAL, Mode.NEGATED}:
        score -= 0.1
    for actor in (source, target):
        if actor is not None and actor.via == "memory":
            score -= 0.05
    if source is not None and source.via == UNATTRIBUTED:
        score -= 0.1  # a source the text implies, not one it names
    return round(max(0.05, min(score, 1.0)), 2)


def _official_protest(doc: Document, found: _Found, sources: list[Actor]) -> bool:
    """Whether a protest is a state's or a government's: an official complaint, not a rally.

    Only the word "protest" (verb or noun) is read so: crowds, workers or citizens who
    protest, and demonstrations and rallies by anyone, stay CAMEO 14.
    """
    if not sources or not any(t.lemma.lower() == "protest" for t in found.tokens):
        return False
    at = {t.idx: t for t in doc.tokens}
    return all(is_official(a, at.get(a.start)) for a in sources)


def _dedupe(events: list[Event]) -> list[Event]:
    seen: set[tuple[int, str, str, str, int]] = set()
    out: list[Event] = []
    for e in events:
        key = (
            e.trigger.start,
            e.cameo,
            e.source.code if e.source else "",
            e.target.code if e.target else "",
            e.source.start if e.source else -1,
        )
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out
