"""The three text normalisers, from gentlest to harshest.

- `fold_case`: case, accents, curly quotes and spacing folded; punctuation kept ("AC/DC" → "ac/dc"). For
  pattern matching, where punctuation carries meaning ("live @", "feat.").
- `fold_words`: `fold_case`, then only words remain ("AC/DC" → "ac dc", "Guns N' Roses" → "guns n roses",
  "&" → "and"). For comparing names and titles written with different punctuation.
- `ascii_slug`: lower-case ASCII letters and digits joined by hyphens, for URLs ("Beyoncé" → "beyonce",
  "Don't" → "don-t"); characters with no ASCII form are dropped.
"""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans({"’": "'", "‘": "'", "´": "'", "`": "'", "“": '"', "”": '"', "„": '"', "″": '"'})
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def fold_case(text: str) -> str:
    """Lower-case, accents and curly quotes removed, whitespace collapsed; punctuation kept."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def fold_words(text: str) -> str:
    """`fold_case`, then '&' as 'and', apostrophes dropped and any other punctuation as a space."""
    folded = fold_case(text).replace("&", " and ").replace("'", "").replace('"', "")
    return " ".join(re.sub(r"[^\w]+", " ", folded).replace("_", " ").split())


def ascii_slug(text: str, max_length: int) -> str:
    """Lower-case ASCII letters and digits joined by single hyphens, at most `max_length` long; may be ''."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    ascii_text = ascii_text.replace("&", " and ")
    return _NON_SLUG.sub("-", ascii_text).strip("-")[:max_length].strip("-")
