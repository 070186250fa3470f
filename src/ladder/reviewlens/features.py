"""Turn a review comment into the features the classifier reads.

The same function runs when the model is trained (``tools/train_review_classifier.py``) and
when it classifies, so the two can never drift apart. Features are strings:

- ``word`` — a lower-cased word of the reviewer's prose (letters only; numbers become ``0``);
- ``word word`` — two neighbouring words (a bigram: ``what if``, ``race condition``);
- ``~gram`` — a character 4-gram of a word of six letters or more, padded with ``<`` and
  ``>`` (catches ``Abhängigkeit`` / ``dependência`` style morphology the words miss);
- ``$word`` — a word inside code (fenced blocks, ``inline code``, ```` ```suggestion ````);
- ``_name`` — a hand feature: ``_q_end`` (ends with "?"), ``_fence`` (a code block),
  ``_suggestion`` (a GitHub suggestion block), ``_link``, ``_short``, ``_emoji_only``,
  ``_sed`` (a ``s/old/new/`` correction), ``_arrow`` (a short ``old -> new`` rename), …,
  and ``_first:word`` (the first word of the comment);
- ``_kind:inline`` / ``_kind:reply`` / ``_kind:summary`` — where the comment sits (on a line
  of the diff, as a reply in a thread, or as the summary of a review), when the source says.

Quoted lines (``> what the author wrote``) and HTML tags are not the reviewer's words and are
dropped. Text past :data:`MAX_CHARS` is not read: a 100 KB comment is classified by its
first pages, in constant time.
"""

from __future__ import annotations

import functools
import re
from itertools import chain, pairwise

#: Characters of a comment that are read; the rest is ignored.
MAX_CHARS = 6000

_FENCE = re.compile(r"(?:```|~~~)[ \t]*([\w+-]*)[^\n]*\n?(.*?)(?:```|~~~|\Z)", re.S)
_INLINE_CODE = re.compile(r"`([^`\n]+)`")
_URL = re.compile(r"https?://[^\s)>\]]+|www\.[^\s)>\]]+")
_MDLINK = re.compile(r"!?\[([^\]\n]*)\]\(([^)\s]*)[^)]*\)")
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_HTML_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>")
_ENTITY = re.compile(r"&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);")
_QUOTE = re.compile(r"^[ \t]*>.*$", re.M)
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?|\d+")
_EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\u2b50\u2b55\u203c\u2049]")
_SHORTCODE = re.compile(r":([a-z0-9_+-]+):")
_SHORTCODES = {
    "+1": "\U0001f44d",
    "thumbsup": "\U0001f44d",
    "-1": "\U0001f44e",
    "thumbsdown": "\U0001f44e",
    "tada": "\U0001f389",
    "heart": "\u2764",
    "rocket": "\U0001f680",
    "question": "\u2753",
    "thinking": "\U0001f914",
    "warning": "\u26a0",
    "bug": "\U0001f41b",
    "lock": "\U0001f512",
    "memo": "\U0001f4dd",
    "bulb": "\U0001f4a1",
    "sparkles": "\u2728",
    "fire": "\U0001f525",
    "clap": "\U0001f44f",
    "100": "\U0001f4af",
    "eyes": "\U0001f440",
}
_Q_END = re.compile(r"\?[\s\W]*$")
_ASCII_DIGIT = re.compile(r"[0-9]")
_SED = re.compile(r"(?:^|\s)s/[^/\n]+/[^/\n]*/?")
_ARROW = re.compile(r"\S\s*(?:->|=>|\u2192)\s*\S")
#: Where a comment sits, as :func:`features` accepts it.
KINDS = ("inline", "reply", "summary")
#: Review Board's record types (``data/review-eval/``) as the :data:`KINDS` above.
REVIEW_BOARD_KINDS = {
    "DiffComment": "inline",
    "ReplyDiffComment": "reply",
    "Review.body_top": "summary",
    "Review.body_bottom": "summary",
    "Review.reply.body_top": "reply",
    "Review.reply.body_bottom": "reply",
}
#: An ``old -> new`` arrow counts as a rename only in a comment shorter than this.
ARROW_MAX_CHARS = 120


#: Words longer than this get no character n-grams (they are hashes, URLs, noise).
MAX_GRAM_WORD = 40

#: Function words, never named in a reason (they still count in the model).
STOPWORDS = frozenset(
    """a an and are as at be been but by can could do does did for from has have here how i
    if in into is it it's its let's me my no not of on or our should so than that the their
    them then there these they this those to up us was we were what when where which while
    who why will with would you your also just maybe any all some one 0 please
    der die das den dem des ein eine einen ist und oder nicht hier wir ich du es zu mit von
    für auf im in noch bitte sich man dann wenn aber auch
    el la los las un una es y o no aquí que de del en con por para se lo al más esto este esta
    o a os as um uma é e não aqui que de do da em com por para se isso esse essa
    le la les un une est et ou pas ici que de du des en avec pour ce cette il on""".split()  # noqa: SIM905
)


def char_grams(word: str) -> list[str]:
    """The character 4-gram features of one word (``~<cou``, ``~coup``, …)."""
    return list(_grams(word))


@functools.lru_cache(maxsize=1 << 16)
def _grams(word: str) -> tuple[str, ...]:
    """:func:`char_grams`, remembered: the same words come back in comment after comment."""
    padded = f"<{word}>"
    return tuple("~" + padded[i : i + 4] for i in range(len(padded) - 3))


@functools.lru_cache(maxsize=1 << 16)
def _word_grams(word: str) -> tuple[str, ...]:
    """The 4-gram features a word of the prose adds: none for short or very long words."""
    return _grams(word) if 6 <= len(word) <= MAX_GRAM_WORD else ()


def _shortcode(match: re.Match[str]) -> str:
    return _SHORTCODES.get(match.group(1), " ")


def prose_and_code(text: str) -> tuple[str, list[str], dict[str, bool]]:
    """Split a comment into the reviewer's prose, the code it contains, and markup flags.

    Args:
        text: The comment as written (Markdown, maybe HTML).

    Returns:
        ``(prose, code_chunks, flags)``; flags say which markup was seen (``fence``,
        ``suggestion``, ``inline_code``, ``link``, ``html``, ``quote``).
    """
    text = text[:MAX_CHARS]
    flags = {
        "fence": False,
        "suggestion": False,
        "inline_code": False,
        "link": False,
        "html": False,
        "quote": False,
    }
    code: list[str] = []
    if "<" in text:
        stripped = _HTML_COMMENT.sub(" ", text)
        stripped = _HTML_TAG.sub(" ", stripped)
        if stripped != text:
            flags["html"] = True
            text = stripped
    if "&" in text:
        text = _ENTITY.sub(" ", text)
    if "```" in text or "~~~" in text:

        def fence(m: re.Match[str]) -> str:
            flags["fence"] = True
            if m.group(1).lower() == "suggestion":
                flags["suggestion"] = True
            code.append(m.group(2))
            return " "

        text = _FENCE.sub(fence, text)
    if ">" in text:
        unquoted = _QUOTE.sub(" ", text)
        if unquoted != text:
            flags["quote"] = True
            text = unquoted
    if "`" in text:

        def inline(m: re.Match[str]) -> str:
            flags["inline_code"] = True
            code.append(m.group(1))
            return " "

        text = _INLINE_CODE.sub(inline, text)
    if "](" in text:
        text = _MDLINK.sub(lambda m: f" {m.group(1)} LINKURL ", text)
    if "http" in text or "www." in text:
        new = _URL.sub(" LINKURL ", text)
        if new != text:
            text = new
    if "LINKURL" in text:
        flags["link"] = True
        text = text.replace("LINKURL", " ")
    if ":" in text:
        text = _SHORTCODE.sub(_shortcode, text)
    return text, code, flags


def features(text: str, kind: str | None = None) -> list[str]:
    """The features of one comment (with repeats removed, in a stable order).

    Args:
        text: The comment.
        kind: Where it sits: ``inline``, ``reply`` or ``summary`` (one of :data:`KINDS`), or
            None when the source does not say.

    Returns:
        Feature strings as described in the module docstring.
    """
    prose, code, flags = prose_and_code(text)
    lowered = prose.lower()
    words = _WORD.findall(lowered)
    if not lowered.isascii() or _ASCII_DIGIT.search(lowered):  # numbers become "0"
        words = [w if not w.isdigit() else "0" for w in words]
    out: list[str] = list(words)
    out.extend(map(" ".join, pairwise(words)))
    out.extend(chain.from_iterable(map(_word_grams, words)))
    for chunk in code:
        out.extend(["$" + w for w in _WORD.findall(chunk[:2000].lower()) if not w.isdigit()])
    emoji = _EMOJI.findall(prose)
    out.extend(emoji)
    if words:
        out.append("_first:" + words[0])
        if len(words) <= 3:
            out.append("_short")
        elif len(words) > 60:
            out.append("_long")
    elif emoji:
        out.append("_emoji_only")
    else:
        out.append("_no_words")
    if _Q_END.search(prose):
        out.append("_q_end")
    if "?" in prose:
        out.append("_q")
    if "!" in prose:
        out.append("_bang")
    for name, seen in flags.items():
        if seen:
            out.append("_" + name)
    head = text[:MAX_CHARS]
    if "s/" in head and _SED.search(head):
        out.append("_sed")
    if len(head) < ARROW_MAX_CHARS and _ARROW.search(head):
        out.append("_arrow")
    if kind in KINDS:
        out.append("_kind:" + kind)
    return list(dict.fromkeys(out))


def is_word_feature(feature: str) -> bool:
    """True for features a person reads as words (``coupling``, ``what if``)."""
    return bool(feature) and feature[0] not in "~$_" and not _EMOJI.match(feature)


def is_content_feature(feature: str) -> bool:
    """True for what the comment says (words, code, emoji), False for its shape (``_q_end``)."""
    return bool(feature) and feature[0] != "_"


def worth_naming(feature: str) -> bool:
    """True when a feature makes a reason a person would accept (not ``the``, not ``~oupl``)."""
    if not feature or feature[0] == "~":
        return False
    if feature[0] == "$":
        return len(feature) > 2 and feature[1:] not in STOPWORDS
    if " " in feature:
        return not all(w in STOPWORDS for w in feature.split(" "))
    if feature[0] == "_":
        return feature != "_no_words"
    if _EMOJI.match(feature):
        return True
    return len(feature) > 1 and feature not in STOPWORDS


def describe(feature: str) -> str:
    """A feature as a person would name it in a reason ("ends with '?'", "'coupling'")."""
    named = {
        "_q_end": "ends with '?'",
        "_q": "asks with '?'",
        "_bang": "'!'",
        "_fence": "a code block",
        "_suggestion": "a suggestion block",
        "_inline_code": "inline code",
        "_link": "a link",
        "_html": "HTML",
        "_quote": "a quoted line",
        "_short": "a very short comment",
        "_long": "a long comment",
        "_emoji_only": "only emoji",
        "_no_words": "no words",
        "_sed": "an s/old/new/ correction",
        "_arrow": "an 'old -> new' rename",
        "_kind:summary": "a review summary",
        "_kind:reply": "a reply in a thread",
        "_kind:inline": "a comment on a line",
    }
    if feature in named:
        return named[feature]
    if feature.startswith("_first:"):
        return f"starts with '{feature[7:]}'"
    if feature.startswith("$"):
        return f"'{feature[1:]}' in code"
    if feature.startswith("~"):
        return f"'{feature[1:].strip('<>')}…'"
    return f"'{feature}'"
