"""Resugrow's language resources and pure text helpers: no I/O beyond reading packaged data, no service logic."""

from resugrow_text.phrases import (
    BUZZWORDS_AND_FILLER,
    PRONOUNS,
    WEAK_OPENERS,
    buzzwords_and_filler,
    pronouns,
    weak_opener,
)
from resugrow_text.stems import JOB_AD_WORDS, STOPWORDS, content_stems, phrase_stems, stem
from resugrow_text.tokens import NUMBER_WORDS, Token, numbers_in, split_sentences, tokenize, tokens_of, words
from resugrow_text.verbs import (
    ACTION_VERBS_PAST,
    BY_INTENT,
    INTENTS,
    VERB_WORDS,
    VERBS,
    Verb,
    form_of,
    lookup,
    stronger,
)

__all__ = [
    "ACTION_VERBS_PAST",
    "BUZZWORDS_AND_FILLER",
    "BY_INTENT",
    "INTENTS",
    "JOB_AD_WORDS",
    "NUMBER_WORDS",
    "PRONOUNS",
    "STOPWORDS",
    "VERBS",
    "VERB_WORDS",
    "WEAK_OPENERS",
    "Token",
    "Verb",
    "buzzwords_and_filler",
    "content_stems",
    "form_of",
    "lookup",
    "numbers_in",
    "phrase_stems",
    "pronouns",
    "split_sentences",
    "stem",
    "stronger",
    "tokenize",
    "tokens_of",
    "weak_opener",
    "words",
]
