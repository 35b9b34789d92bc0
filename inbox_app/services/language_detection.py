"""The language of a customer's message, detected offline (lingua, no network).

Detection runs only among the languages the team enabled: fewer candidates are faster, take
less memory (each language's models are loaded once per process) and are right more often on
short chat messages. A text too short or too unclear to tell gets no language rather than a
guess: "ok" is English, French and German alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

# ISO 639-1 code → the language's own name, as a team sees it on cards and contacts.
NAMES = {
    "de": "Deutsch",
    "en": "English",
    "es": "Español",
    "fr": "Français",
    "it": "Italiano",
    "nl": "Nederlands",
    "pl": "Polski",
    "pt": "Português",
}
DEFAULT_ENABLED = frozenset({"de", "en", "es", "fr"})
MIN_LETTERS = 3
# The confidences of the candidates add up to 1: a clear answer is well ahead of the next one
# ("ok": English 0.45, German 0.42 is no answer; "Hello, where is my parcel?": 0.47 to 0.30 is).
MIN_CONFIDENCE = 0.4
MIN_LEAD = 1.5
MAX_CHARS = 1_000  # the opening of a long mail says its language as well as the whole


def name_of(code: str | None) -> str:
    """ "Deutsch" for "de"; "" for no language (and the raw code for one we have no name for)."""
    return NAMES.get(code or "", code or "")


def detect(text: str, *, enabled: Iterable[str] = DEFAULT_ENABLED) -> str | None:
    """The ISO 639-1 code of the text's language among `enabled`, or None when unsure."""
    sample = text[:MAX_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None
    detector = _detector(frozenset(set(enabled) & NAMES.keys()))
    if detector is None:
        return None
    best, second, *_ = detector.compute_language_confidence_values(sample)
    if best.value < MIN_CONFIDENCE or best.value < MIN_LEAD * second.value:
        return None
    return best.language.iso_code_639_1.name.lower()


def warm(*, enabled: Iterable[str] = DEFAULT_ENABLED) -> None:
    """Load the models now (a few seconds), so the first customer message does not wait."""
    detector = _detector(frozenset(set(enabled) & NAMES.keys()))
    if detector is not None:
        detector.detect_language_of("warm up")


@lru_cache(maxsize=4)
def _detector(codes: frozenset[str]) -> LanguageDetector | None:
    if len(codes) < 2:  # one candidate tells nothing; lingua refuses it too
        return None
    languages = [_language(code) for code in sorted(codes)]
    return (
        LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()
    )


def _language(code: str) -> Language:
    return Language.from_iso_code_639_1(IsoCode639_1.from_str(code))
