"""Text as it is stored: the one normalisation every reader applies to every record."""

import re
import unicodedata

_SURROGATE = re.compile("[\ud800-\udfff]")


def normalize(text: str) -> str:
    """NFC (never NFKC: it rewrites compatibility jamo); lone surrogates become U+FFFD.

    Kiwi needs NFC: NFD Hangul (decomposed jamo) breaks its analysis. Lone surrogates (from JSON
    escapes such as ``\\ud800``) cannot be stored as UTF-8, so they are replaced and then counted by
    the ``encoding:invalid_chars`` rule instead of crashing the run.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = _SURROGATE.sub("\ufffd", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text
