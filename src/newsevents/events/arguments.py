"""Who did it and to whom: the source and target tokens of a trigger in the dependency parse.

Covers active and passive clauses, light-verb constructions ("held talks with X"), receptive
verbs whose source sits in a ``from``/``by`` phrase ("drew condemnation from X"), event nouns
("X's invasion of Y"), controlled infinitives ("X vowed to attack Y") and object control
("X accused Y of supporting Z": Y is the one said to support).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..nlp.tree import DepTree
from ..nlp.words import CLAIM_NOUNS, DENY_VERBS, UTTERANCE_NOUNS
from ..types import Token

SUBJECT_DEPS = ("nsubj", "csubj")
NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})
#: Prepositions that introduce the target of a verb or event noun.
TARGET_PREPS = frozenset(
    {
        "with",
        "against",
        "on",
        "upon",
        "to",
        "toward",
        "towards",
        "at",
        "into",
        "for",
        "from",
        "between",
        "of",
        "alongside",
        "behind",
    }
)
VERB_TARGET_PREPS = TARGET_PREPS - {"of", "for", "from", "between"}
SOURCE_PREPS = frozenset({"by", "from"})
#: Prepositions on a verb's object whose object is the event's target when the verb's object
#: itself is not an actor.
OBJECT_TARGET_PREPS = frozenset(
    {"by", "from", "of", "at", "against", "on", "with", "to", "toward", "towards", "for", "between"}
)


@dataclass(frozen=True, slots=True)
class Arguments:
    """Candidate tokens. When no ``targets`` token is an actor, the first ``fallback`` group
    that holds one is used ("expelled diplomats on Sunday": the object, not the date)."""

    sources: tuple[Token, ...]
    targets: tuple[Token, ...]
    fallback: tuple[tuple[Token, ...], ...] = ()


def subject_of(tree: DepTree, verb: Token, depth: int = 0) -> list[Token]:
    """The subject of ``verb``, inherited through control and coordination when it has none."""
    own = tree.children(verb.i, *SUBJECT_DEPS)
    if own:
        return [t for s in own for t in tree.conjuncts(_antecedent(tree, s).i)]
    agent = _agent(tree, verb)
    if agent:
        return agent
    head = tree.head(verb.i)
    if head is None or depth > 3:
        return stranded_subject(tree, verb)
    if verb.dep == "xcomp" or (verb.dep == "advcl" and tree.child(verb.i, "aux") is not None):
        return subject_of(tree, head, depth + 1)
    if verb.dep == "advcl" and verb.tag == "VBG" and head.pos in {"VERB", "AUX"}:
        # "X carried out air strikes, killing 30": the participle shares the clause's subject
        return subject_of(tree, head, depth + 1)
    if verb.dep == "ccomp" and head.lemma.lower() == "let":  # "Ethiopia let free 74 leaders"
        return subject_of(tree, head, depth + 1)
    if verb.dep in {"acomp", "oprd"} and head.pos in {"VERB", "AUX"}:
        # "X is ready to talk", "X is about to restore ties": the adjective's subject
        return subject_of(tree, head, depth + 1)
    if verb.dep == "dobj" and verb.pos == "VERB":  # a gerund object: "China denied planning"
        return subject_of(tree, head, depth + 1)
    if verb.dep == "conj" and (
        head.pos in {"VERB", "AUX"} or tree.children(head.i, *SUBJECT_DEPS)
    ):  # "X rejects and condemns Y", even when the tagger took "rejects" for a noun
        return subject_of(tree, head, depth + 1)
    if verb.dep == "pcomp":
        # "X accused Y of V-ing", "Y was accused of V-ing": Y does V (object control);
        # "Y rejected accusations of V-ing": the one who rejects them; else the clause subject.
        verb_above = tree.head(head.i)
        if verb_above is not None:
            obj = tree.children(verb_above.i, "dobj", "nsubjpass")
            if obj:
                return [t for o in obj for t in tree.conjuncts(o.i)]
            denier = tree.head(verb_above.i)
            if (
                verb_above.lemma.lower() in CLAIM_NOUNS
                and verb_above.dep == "dobj"
                and denier is not None
                and denier.lemma.lower() in DENY_VERBS
            ):
                return subject_of(tree, denier, depth + 1)
            return subject_of(tree, verb_above, depth + 1)
    if verb.dep in {"relcl", "acl"}:
        if head.pos not in {"NOUN", "PROPN"}:
            return []
        if verb.dep == "acl" and verb.tag == "VBG" and head.lemma.lower() in UTTERANCE_NOUNS:
            # "issued a statement urging X", "in a letter calling on Y": its author does it
            return author_of(tree, head, depth + 1) or [head]
        return [head]
    return []


def author_of(tree: DepTree, text: Token, depth: int = 0) -> list[Token]:
    """Who issued a statement, letter or resolution: the subject of the verb it is the object
    of ("X issued a statement"), of the verb its preposition hangs on ("X said in a
    statement"), or the agent of a passive ("a statement was issued by X")."""
    verb = tree.head(text.i)
    if verb is None:
        return []
    if text.dep == "pobj":
        verb = tree.head(verb.i)
        if verb is None:
            return []
    if verb.pos not in {"VERB", "AUX"}:
        return []
    if text.dep == "nsubjpass":
        return _agent(tree, verb)
    if text.dep in {"dobj", "pobj"}:
        return subject_of(tree, verb, depth)
    return []


def stranded_subject(tree: DepTree, verb: Token) -> list[Token]:
    """The subject the parser took for more conjuncts of a fronted phrase's last noun.

    "Following Putin's visit to Beijing, China and Russia declared a partnership": the small
    model attaches "China" and "Russia" to "Beijing", and "declared" has no subject. A main
    finite verb without one takes the nouns coordinated with "and" right before it, when they
    are such conjuncts and a comma closes the phrase before them.
    """
    if verb.dep != "ROOT":
        return []
    acronym = _leading_acronym(tree, verb)
    if acronym is not None:
        return [acronym]
    if verb.tag not in FINITE_TAGS:
        return []
    span: list[Token] = []
    i = verb.i - 1
    while i >= 0 and tree[i].sentence == verb.sentence and tree[i].pos in STRANDED_POS:
        span.append(tree[i])
        i -= 1
    if i < 0 or tree[i].text != "," or not span:
        return []
    nouns = [t for t in reversed(span) if t.pos in {"NOUN", "PROPN"} and t.dep == "conj"]
    joined = any(t.pos == "CCONJ" and t.lemma.lower() == "and" for t in span)
    if len(nouns) < 2 or not joined:
        return []
    first = tree.head(nouns[0].i)  # the noun of the fronted phrase they hang on
    if first is None or first.i >= i:
        return []
    return nouns


def _leading_acronym(tree: DepTree, verb: Token) -> Token | None:
    """ "USAID had announced ...": the small model tags an acronym it does not know as an
    adverb or adjective; alone before the verb (but for auxiliaries) it is the subject."""
    before = [
        tree[i]
        for i in range(verb.i - 1, -1, -1)
        if tree[i].sentence == verb.sentence and tree[i].dep not in {"aux", "neg"}
    ]
    if len(before) != 1:
        return None
    word = before[0].text
    return before[0] if len(word) >= 3 and word.isupper() and word.isalpha() else None


#: Tags of a finite verb, which needs a subject of its own.
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
#: The words a stranded coordinated subject is made of ("President Xi and Mr Putin").
STRANDED_POS = frozenset({"PROPN", "NOUN", "CCONJ", "DET", "ADJ"})


#: Relative pronouns: in "Wisner, who visited Mubarak" the subject is the noun "who" stands for.
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})


def _antecedent(tree: DepTree, tok: Token) -> Token:
    """The noun a relative pronoun stands for, when ``tok`` is one; otherwise ``tok``."""
    if tok.lemma.lower() not in RELATIVE_PRONOUNS or tok.tag not in {"WP", "WDT", ""}:
        return tok
    clause = tree.head(tok.i)
    if clause is None or clause.dep not in {"relcl", "acl"}:
        return tok
    noun = tree.head(clause.i)
    return noun if noun is not None and noun.pos in {"NOUN", "PROPN", "PRON"} else tok


def _agent(tree: DepTree, verb: Token) -> list[Token]:
    for agent in tree.children(verb.i, "agent"):
        return [t for p in tree.children(agent.i, "pobj") for t in tree.conjuncts(p.i)]
    return []


def verb_arguments(
    tree: DepTree, verb: Token, *, used_preps: frozenset[str] = frozenset()
) -> Arguments:
    """Source and target of a verb trigger (active or passive)."""
    passive = tree.children(verb.i, "nsubjpass")
    if passive:
        targets = [t for p in passive for t in tree.conjuncts(_antecedent(tree, p).i)]
        agent = _agent(tree, verb)
        if not agent and verb.lemma.lower() in EXPULSIONS:
            # "inspectors were expelled from North Korea": the state that expels them
            agent = [t for p in tree.children(verb.i, "prep") if p.lemma.lower() == "from"
                     for t in pobjs(tree, p)]  # fmt: skip
        if not agent and verb.lemma.lower() in FORCE_MOVES:
            # "peacekeepers are being deployed to X": the forces move, whoever sent them
            return Arguments(tuple(targets), tuple(_prep_objects(tree, verb)))
        return Arguments(tuple(agent), tuple(targets))
    head = tree.head(verb.i)
    if verb.dep == "acl" and verb.tag == "VBN" and head is not None and head.pos in NOMINAL:
        # a reduced passive: "soldiers killed in Ukraine", "the ban imposed on Chad" — the
        # noun is acted upon; a "by" phrase names who acted
        return Arguments(tuple(_agent(tree, verb)), tuple(tree.conjuncts(head.i)))
    sources = subject_of(tree, verb)
    objects: list[Token] = []
    for obj in tree.children(verb.i, "dobj", "dative"):
        if obj.dep == "dative" and obj.pos == "ADP":
            objects.extend(pobjs(tree, obj))
        else:
            objects.extend(tree.conjuncts(obj.i))
            # "mediated talks between X and Y": the parties of the object's event
            for prep in tree.children(obj.i, "prep"):
                if prep.lemma.lower() == "between":
                    objects.extend(pobjs(tree, prep))
    named: list[Token] = []  # objects of the trigger's own preposition ("fire rockets at X")
    other: list[tuple[Token, ...]] = []
    for prep in tree.children(verb.i, "prep"):
        lemma = prep.lemma.lower()
        if lemma in used_preps:
            named.extend(pobjs(tree, prep))
        elif lemma in VERB_TARGET_PREPS:
            other.append(tuple(pobjs(tree, prep)))
    if verb.lemma.lower() in FORCE_MOVES:
        # "mobilized troops for a ground assault against X": whom the forces are meant for
        for prep in tree.children(verb.i, "prep"):
            if prep.lemma.lower() == "for":
                other.extend(g for o in pobjs(tree, prep) for g in nested_groups(tree, o, 1))
    # Last resort, when the object names no actor: the actor its prepositional phrases name
    # ("condemned an attack by X", "fired shells at X"), two levels down ("welcomed the
    # resumption of ties with X", "lifted a ban imposed on X").
    for obj in tree.children(verb.i, "dobj"):
        other.extend(nested_groups(tree, obj))
    if named:
        return Arguments(tuple(sources), tuple(named), (tuple(objects),))
    return Arguments(tuple(sources), tuple(objects), tuple(other))


#: Verbs that move, raise or lower a side's own forces: their object ("mobilized troops",
#: "sent soldiers") is the means, not the target, unless it names whose forces they are.
FORCE_MOVES = frozenset(
    {
        "send",
        "deploy",
        "redeploy",
        "dispatch",
        "mobilize",
        "mobilise",
        "station",
        "withdraw",
        "pull",
        "move",
        "mass",
        "amass",
        "position",
        "reinforce",
        "strengthen",
        "boost",
        "increase",
        "reduce",
        "recall",
        "commit",
        "contribute",
        "pledge",
        "offer",
    }
)


#: Verbs whose passive "from" phrase names who acted: one is expelled from a state.
EXPULSIONS = frozenset({"expel", "deport", "evict", "banish", "exile"})


def _prep_objects(tree: DepTree, verb: Token) -> list[Token]:
    return [
        t
        for prep in tree.children(verb.i, "prep")
        if prep.lemma.lower() in VERB_TARGET_PREPS
        for t in pobjs(tree, prep)
    ]


def own_means(tree: DepTree, tok: Token) -> bool:
    """Whether ``tok`` is the object of a verb that moves one's own forces."""
    head = tree.head(tok.i)
    return tok.dep == "dobj" and head is not None and head.lemma.lower() in FORCE_MOVES


#: CAMEO codes whose event noun's ``of`` phrase names who acts, not who is acted on: "the
#: resignation of Mubarak", "the visit of the Chinese president", "a protest of farmers"
#: (but "the invasion of Ukraine").
OF_IS_SOURCE = ("14", "0831", "042", "043")
#: CAMEO roots of force whose event noun's ``from`` phrase names who uses it: "missile attacks
#: from Azerbaijan", "rocket fire from Gaza" (for other nouns "from" is a target or origin).
FROM_IS_SOURCE = ("18", "19", "20")


def noun_arguments(
    tree: DepTree,
    noun: Token,
    light: Token | None,
    *,
    receptive: bool,
    cameo: str = "",
) -> Arguments:
    """Source and target of an event noun, alone or as the object of a (light) verb."""
    sources: list[Token] = []
    groups: list[tuple[int, list[Token]]] = []  # (rank, objects) of target prepositions
    of_is_source = cameo.startswith(OF_IS_SOURCE)
    from_is_source = cameo.startswith(FROM_IS_SOURCE)
    for child in tree.children(noun.i, "poss", "compound", "amod"):
        if light is not None and child.dep == "poss" and child.pos == "PRON":
            continue  # "began their assault", "expressed his condolences": the subject's
        if child.pos in {"PROPN", "PRON"} or child.ent_type in {"GPE", "NORP", "ORG", "PERSON"}:
            sources.extend(tree.conjuncts(child.i))
    preps = tree.children(noun.i, "prep") + (tree.children(light.i, "prep") if light else [])
    for prep in preps:
        lemma = prep.lemma.lower()
        if lemma == "between" and not sources and light is None:
            sources = pobjs(tree, prep)  # "talks between X and Y": both parties act
        elif (
            (lemma == "of" and of_is_source and prep.head == noun.i)
            or (lemma == "from" and from_is_source and prep.head == noun.i)
            or (lemma in SOURCE_PREPS and (receptive or lemma == "by"))
        ):
            sources = sources or pobjs(tree, prep)
        elif lemma in TARGET_PREPS and (objects := pobjs(tree, prep)):
            groups.append((_target_rank(lemma, on_noun=prep.head == noun.i), objects))
    # The most telling preposition first, the others as fallbacks: "held talks at Downing
    # Street with the Irish premier" is with the premier.
    ranked = [objects for _, objects in sorted(groups, key=lambda g: g[0])]
    targets: list[Token] = ranked[0] if ranked else []
    # then the phrases under those: "an assault on the last bastion of ISIS"
    deeper = [g for objects in ranked for o in objects for g in nested_groups(tree, o, depth=1)]
    fallback = tuple(tuple(objects) for objects in ranked[1:]) + tuple(deeper)
    if light is not None:
        if receptive:
            targets = targets or subject_of(tree, light)
        elif not sources:
            passive = tree.children(light.i, "nsubjpass")
            sources = _agent(tree, light) if passive else subject_of(tree, light)
            if passive and not targets:
                targets = [t for p in passive for t in tree.conjuncts(p.i)]
        if not targets:  # "gave Ukraine aid", or a "to" the parser labels a dative
            for d in tree.children(light.i, "dative"):
                targets += pobjs(tree, d) if d.pos == "ADP" else tree.conjuncts(d.i)
        targets = targets or misparsed_recipient(tree, light, noun)
    return Arguments(tuple(sources), tuple(targets), fallback)


def misparsed_recipient(tree: DepTree, verb: Token, obj: Token) -> list[Token]:
    """The indirect object the small model hangs on the direct one: in "sent Syria new weapons"
    and "granted Israel military aid" the name right after the verb is parsed as a modifier
    of the object, but it is who receives it."""
    return [
        t
        for c in tree.children(obj.i, "nmod")
        if c.i == verb.i + 1 and c.pos == "PROPN"
        for t in tree.conjuncts(c.i)
    ]


def nested_groups(tree: DepTree, noun: Token, depth: int = 2) -> list[tuple[Token, ...]]:
    """The objects of the prepositional phrases under ``noun``, nearest first, ``depth``
    levels down, through a participle or infinitive on the noun ("a ban imposed on X", "an
    invitation to meet with X")."""
    groups: list[tuple[Token, ...]] = []
    frontier = [noun]
    for _ in range(depth):
        below: list[Token] = []
        for node in frontier:
            for head in [node, *tree.children(node.i, "acl")]:
                for prep in tree.children(head.i, "prep"):
                    if prep.lemma.lower() in OBJECT_TARGET_PREPS and (objs := pobjs(tree, prep)):
                        groups.append(tuple(objs))
                        below.extend(objs)
        frontier = below
    return groups


#: Prepositions that name the other party outright rank before those that may name a place,
#: a purpose or an origin ("at", "for", "from", "behind").
DIRECT_TARGET_PREPS = frozenset(
    {
        "with",
        "against",
        "on",
        "upon",
        "to",
        "toward",
        "towards",
        "into",
        "of",
        "between",
        "alongside",
    }
)


def _target_rank(lemma: str, *, on_noun: bool) -> int:
    """Lower is better: a direct preposition on the event noun, then one on its light verb,
    then the other prepositions."""
    if lemma in DIRECT_TARGET_PREPS:
        return 0 if on_noun else 1
    return 2


#: Entity types that are never an event's party: "on Tuesday", "at 4pm".
TIME_ENTITIES = frozenset({"DATE", "TIME"})


def pobjs(tree: DepTree, prep: Token) -> list[Token]:
    return [
        t
        for p in tree.children(prep.i, "pobj")
        for t in tree.conjuncts(p.i)
        if t.ent_type not in TIME_ENTITIES
    ]
