"""Closed-class English words that several stages read the parse with."""

from __future__ import annotations

#: Verbs whose complement clause is what the subject said ("X said (that) Y attacked Z"):
#: the actors stage resolves "it"/"he" in that clause to X, the events stage records X as the
#: speaker of the clause's events and marks them reported (claimed or denied under the
#: claiming and denying verbs below, which take precedence).
REPORTING_VERBS = frozenset(
    {
        "say", "tell", "state", "add", "announce", "claim", "insist", "stress", "note",
        "declare", "confirm", "argue", "assert", "believe", "reiterate", "write", "report",
        "warn", "according", "cite", "quote", "explain", "comment", "allege", "tweet", "post",
        "deny",
    }
)  # fmt: skip
#: Verbs that present what they govern as someone's unproven claim ("accused X of V-ing",
#: "alleged that ..."): the events stage marks it ``claimed`` with the claimant as speaker.
CLAIM_VERBS = frozenset({"accuse", "allege", "claim", "charge", "blame"})
#: Verbs that deny what they govern ("denied supporting X", "denied that ...").
DENY_VERBS = frozenset({"deny", "reject", "dismiss", "refute"})
#: Verbs of admitting: "Iran admitted (to) shooting down the airliner" acknowledges
#: responsibility (015) for the act, which happened; "it" in "admitted it shot down" is the
#: admitter, as under a reporting verb.
ADMIT_VERBS = frozenset({"admit", "acknowledge", "confess", "concede"})
#: Nouns that name a claim; their ``of`` complement is the claimed event ("accusations of
#: supporting X"), denied when the noun is the object of a denying verb.
CLAIM_NOUNS = frozenset({"accusation", "allegation", "claim", "charge"})
#: Nouns for one person by office or trade: never what "it" or "its" stands for.
PERSON_NOUNS = frozenset(
    {
        "president", "premier", "chancellor", "minister", "secretary", "diplomat", "ambassador",
        "envoy", "consul", "official", "officer", "spokesman", "spokeswoman", "spokesperson",
        "chairman", "chairwoman", "director", "chief", "leader", "head", "commander", "general",
        "king", "queen", "prince", "emperor", "governor", "mayor", "senator", "lawmaker",
        "legislator", "judge", "prosecutor", "lawyer", "activist", "journalist", "soldier",
        "man", "woman", "negotiator", "adviser", "advisor", "aide", "deputy", "candidate",
    }
)  # fmt: skip
#: Nouns for a text someone issues, whose participle clause says what its author does: "issued
#: a statement urging X", "passed a resolution condemning Y", "sent a letter calling on Z".
UTTERANCE_NOUNS = frozenset(
    {
        "statement",
        "communique",
        "communiqué",
        "declaration",
        "letter",
        "message",
        "note",
        "resolution",
        "decree",
        "order",
        "bill",
        "motion",
        "petition",
        "report",
        "memo",
        "tweet",
        "post",
        "video",
        "speech",
        "address",
        "editorial",
    }
)
#: Prepositions whose object is where an event happens ("talks in Beijing", "clashes near
#: the border"): the places stage locates events by them.
LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across"})
#: Auxiliaries of the future ("wo" is the first half of "won't").
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})


#: Lemmas the small English model gets wrong for frequent news verbs, by lower-cased word form:
#: "hoped" is not a form of "hop". Fixed when the parse is converted, so that lexicon rows and
#: the modality and intent word lists see the real verb.
LEMMA_SLIPS = {
    "hoped": "hope",
    "hopes": "hope",
    "hoping": "hope",
    "staged": "stage",
    "waged": "wage",
    "raped": "rape",
    "forgave": "forgive",
}
