"""The rules every work-log entry follows."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ladder.errors import InputError
from ladder.rules import MAX_TEXT, clean_entry, clean_link, clean_tag, inline_tags


def test_inline_tags_are_found_lowercased_once_in_order() -> None:
    assert inline_tags("Fixed @Perf bug with @team-a, again @perf (@paren)") == [
        "perf",
        "team-a",
        "paren",
    ]


def test_inline_tags_ignore_email_addresses() -> None:
    assert inline_tags("mailed ada@example.com about it") == []


def test_clean_entry_merges_inline_and_extra_tags() -> None:
    entry = clean_entry("  Led the @design review  ", tags=["@Design", "mentoring"])
    assert entry.text == "Led the @design review"
    assert entry.tags == ["design", "mentoring"]


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_clean_entry_rejects_empty_text(text: str) -> None:
    with pytest.raises(InputError, match="empty"):
        clean_entry(text)


def test_clean_entry_rejects_text_over_the_limit() -> None:
    with pytest.raises(InputError, match="limit"):
        clean_entry("x" * (MAX_TEXT + 1))


@pytest.mark.parametrize(
    "url", ["notaurl", "github.com/x", "ftp://x/y", "http://", "javascript:alert(1)"]
)
def test_clean_link_rejects_what_is_not_a_full_url(url: str) -> None:
    with pytest.raises(InputError, match="not a link"):
        clean_link(url)


@pytest.mark.parametrize("tag", ["", "@", "has space", "a" * 65, "semi;colon"])
def test_clean_tag_rejects_malformed_tags(tag: str) -> None:
    with pytest.raises(InputError):
        clean_tag(tag)


@given(
    st.text(min_size=1).filter(
        lambda s: s.strip() and "\x00" not in s and len(s.strip()) <= MAX_TEXT
    )
)
def test_clean_entry_tags_are_always_valid_tags(text: str) -> None:
    entry = clean_entry(text)
    assert entry.text == text.strip()
    for tag in entry.tags:
        assert clean_tag(tag) == tag


@pytest.mark.parametrize(
    ("impact", "links", "what"),
    [("two\x00teams", (), "impact"), (None, ("https://x.org/a\x00b",), "link")],
)
def test_clean_entry_refuses_nul_in_impact_and_links(
    impact: str | None, links: tuple[str, ...], what: str
) -> None:
    with pytest.raises(InputError, match=f"the {what} contains a NUL character"):
        clean_entry("Shipped the importer", impact=impact, links=links)
