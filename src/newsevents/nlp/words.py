"""Closed-class English words that several stages read the parse with."""

from __future__ import annotations

#: Verbs whose complement clause is what the subject said ("X said (that) Y attacked Z"):
#: the actors stage resolves "it"/"he" in that clause to X, the events stage marks the
#: clause's events as reported.
REPORTING_VERBS = frozenset(
    {
        "say", "tell", "state", "add", "announce", "claim", "insist", "stress", "note",
        "declare", "confirm", "argue", "assert", "believe", "reiterate", "write", "report",
        "warn", "according", "cite", "quote", "explain", "comment", "allege", "tweet", "post",
    }
)  # fmt: skip
#: Auxiliaries of the future ("wo" is the first half of "won't").
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
