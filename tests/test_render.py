"""Rendering: clean statements, escaping for Markdown, sanitised self-contained HTML, PDF, files."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ladder import period, render
from ladder.errors import InputError
from ladder.report import Group, Item, Report

TODAY = dt.date(2026, 11, 24)
EVIL = '<script>alert("pwned")</script><img src=x onerror=alert(1)> [click](javascript:alert(1))'


def item(i: int, text: str, **kw: object) -> Item:
    return Item(id=i, date="2026-11-18", kind="note", source="manual", text=text, **kw)  # type: ignore[arg-type]


def report(*items: Item) -> Report:
    """A report made by hand (no database needed to test rendering)."""
    p = period.parse("2026-11", today=TODAY)
    return Report(
        person="Ada <b>Lovelace</b>",
        period=p,
        today=TODAY,
        total=len(items),
        active_days=1 if items else 0,
        by_kind={"note": len(items)} if items else {},
        highlights=(),
        groups=(Group("delivery", "Delivery", tuple(items)),) if items else (),
        days={dt.date(2026, 11, 18): len(items)} if items else {},
    )


# -- text -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("fix(cache): evict stale keys on deploy @oncall", "Evict stale keys on deploy."),
        ("feat!: drop python 3.10", "Drop python 3.10."),
        (
            "Wrote the postmortem for the queue outage @oncall @ops",
            "Wrote the postmortem for the queue outage.",
        ),
        ("Paired with @sam on the cache", "Paired with sam on the cache."),
        ("  led   the\n design review  ", "Led the design review."),
        ("Shipped it!", "Shipped it!"),
        (
            "Merged PR #12 in acme/x: add retries (3 commits)",
            "Merged PR #12 in acme/x: add retries (3 commits).",
        ),
        ("reduced p99 from 480 ms to 120 ms", "Reduced p99 from 480 ms to 120 ms."),
        ("@design", "Design."),
        ("", ""),
        ("abc\u202edef\x00ghi", "Abcdef ghi."),
        # a first word that is not a plain lower-case word keeps its case
        ("src/ladder/: 24 commits on 2026-11-02", "src/ladder/: 24 commits on 2026-11-02."),
        ("docs/: 1 commit", "docs/: 1 commit."),
        ("config.yaml: raise the pool size", "config.yaml: raise the pool size."),
        ("iOS build fixed", "iOS build fixed."),
        ("p99 down to 120 ms", "P99 down to 120 ms."),
        ("npm_install retried", "npm_install retried."),
        ("self-review done", "Self-review done."),
        ("éclair shipped", "Éclair shipped."),
        # a numbered patch is a reference, not what was done; a patch with no number is words
        ("patch 9.2.0525: spell: memory leak in spell_read_dic()", "Spell: memory leak in spell_read_dic()."),
        ("patch 9.0.1702: Undo test is flaky; patch 9.0.1705: cursor wrong", "Undo test is flaky; cursor wrong."),
        ("patch the parser for 3.12", "Patch the parser for 3.12."),
    ],
)
def test_sentence_cleans_up_without_adding_words(raw: str, clean: str) -> None:
    assert render.sentence(raw) == clean


def test_sentence_clips_long_text_at_a_word() -> None:
    text = "word " * 200
    out = render.sentence(text, limit=50)
    assert len(out) <= 50 and out.endswith("…") and "wor…" not in out


_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@given(st.text(max_size=300))
def test_sentence_never_invents_words_or_numbers(raw: str) -> None:
    # the source as it reads: invisible characters (zero-width, bidi controls) left out
    visible = re.sub(r"[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]", "", raw)
    visible = re.sub(r"[\x00-\x1f\x7f]", " ", visible)
    source = {w.lower() for w in _WORD.findall(visible)}
    for word in _WORD.findall(render.sentence(raw)):
        # every word of the statement is a word of the source (or a clipped prefix of one)
        assert word.lower() in source or any(s.startswith(word.lower()) for s in source)


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://github.com/acme/x/pull/1", "https://github.com/acme/x/pull/1"),
        ("http://example.com", "http://example.com"),
        ("mailto:ada@example.com", "mailto:ada@example.com"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("data:text/html,<script>", None),
        ("file:///etc/passwd", None),
        ("//evil.example.com/x", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_url_only_lets_web_and_mail_links_through(url: str | None, safe: str | None) -> None:
    assert render.safe_url(url) == safe


def test_md_escapes_markup_links_and_html() -> None:
    assert render.md("a <b> [c](d) *e* _f_ `g` | ~") == (
        r"a \<b\> \[c\](d) \*e\* \_f\_ \`g\` \| \~"
    )
    assert render.md("- a list?") == r"\- a list?"
    assert render.md("1. first") == r"1\. first"
    assert render.md("R&D &amp;") == r"R&D \&amp;"


@settings(max_examples=300)
@given(st.text(max_size=200))
def test_md_output_renders_as_exactly_the_text(raw: str) -> None:
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": True})
    expected = render.plain(raw)
    for prefix in ("", "- ", "## "):
        out = parser.render(prefix + render.md(raw))
        tags = set(re.findall(r"</?([a-z0-9]+)", out))
        assert tags <= {"p", "ul", "li", "h2"}, (raw, out)
        inner = re.sub(r"</?(p|ul|li|h2)>", "", out).strip()
        assert htmllib.unescape(inner) == expected.strip(), (prefix, raw, out)


# -- HTML -------------------------------------------------------------------------------------
def test_html_escapes_and_sanitises_user_text() -> None:
    doc = report(item(1, EVIL, impact=EVIL, url="javascript:alert(1)"))
    page = render.html(doc)
    assert "<script" not in page.lower()
    assert "onerror" not in page.lower().replace("onerror=alert(1)&gt;", "")
    assert 'href="javascript' not in page.lower()
    assert "&lt;script&gt;alert" in page
    assert "Ada &lt;b&gt;Lovelace&lt;/b&gt;" in page


def test_sanitise_keeps_the_template_tags_and_drops_everything_else() -> None:
    dirty = (
        '<p class="x" onclick="evil()">hi<script>alert(1)</script>'
        '<a href="javascript:alert(1)">a</a><a href="https://ok.example">b</a>'
        '<iframe src="https://evil.example"></iframe><style>body{}</style></p>'
    )
    clean = render.sanitise(dirty)
    assert clean == '<p class="x">hi<a>a</a><a href="https://ok.example">b</a></p>'


def test_html_is_one_self_contained_file() -> None:
    page = render.html(
        report(item(1, "Shipped the retry banner", url="https://github.com/a/b/pull/1"))
    )
    assert page.startswith("<!DOCTYPE html>")
    assert "<style>" in page and "<link" not in page
    assert not re.search(r"<(script|img|iframe|object|embed|link)\b", page)
    assert not re.search(r"@import|url\(|@font-face", page)
    assert "Content-Security-Policy" in page
    # the only external addresses are the links to the work itself
    assert re.findall(r'href="(https?://[^"]+)"', page) == ["https://github.com/a/b/pull/1"]


def test_html_embeds_the_charts_as_inline_svg() -> None:
    page = render.html(report(item(1, "Shipped the retry banner")))
    assert page.count("<svg") == 1
    assert '<figure class="chart" data-chart="heatmap"><svg' in page


def test_render_dispatches_by_format_and_refuses_others() -> None:
    doc = report(item(1, "Shipped"))
    assert isinstance(render.render(doc, "md"), str)
    assert str(render.render(doc, "html")).startswith("<!DOCTYPE html>")
    with pytest.raises(InputError, match="unknown format 'docx'"):
        render.render(doc, "docx")


@pytest.mark.parametrize(
    ("fmt", "output", "expected"),
    [
        (None, None, "md"),
        (None, "packet.pdf", "pdf"),
        (None, "packet.HTML", "html"),
        (None, "packet.htm", "html"),
        (None, "notes.txt", "md"),
        ("pdf", "packet.PDF", "pdf"),
        ("pdf", "packet.bin", "pdf"),
        ("Markdown", None, "md"),
        ("md", "notes.markdown", "md"),
        (None, "packet.json", "json"),
        ("json", "-", "json"),
    ],
)
def test_format_for_takes_the_option_then_the_extension(
    fmt: str | None, output: str | None, expected: str
) -> None:
    assert render.format_for(fmt, output, allowed=(*render.FORMATS, "json")) == expected


@pytest.mark.parametrize(
    ("fmt", "output", "named", "asked"),
    [
        ("pdf", "packet.html", "html", "PDF"),
        ("md", "x.pdf", "pdf", "Markdown"),
        ("json", "pj.pdf", "pdf", "JSON"),
        ("html", "p.md", "md", "HTML"),
    ],
)
def test_format_for_refuses_a_format_the_extension_contradicts(
    fmt: str, output: str, named: str, asked: str
) -> None:
    with pytest.raises(InputError) as err:
        render.format_for(fmt, output, allowed=(*render.FORMATS, "json"))
    assert f"ends in .{named}, but the format asked for is {asked}" in err.value.message
    assert f"name the file {Path(output).stem}.{fmt}" in (err.value.hint or "")


def test_format_for_refuses_an_extension_it_cannot_write() -> None:
    with pytest.raises(InputError, match="cannot write JSON here"):
        render.format_for(None, "packet.json")


# -- files ------------------------------------------------------------------------------------
def test_write_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("old")
    render.write(target, "new text")
    assert target.read_text() == "new text"
    render.write(target, b"%PDF-1.7")
    assert target.read_bytes() == b"%PDF-1.7"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.md"]  # no temporary file left


def test_write_refuses_what_cannot_be_written(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="it is a folder"):
        render.write(tmp_path, "x")
    with pytest.raises(InputError, match="does not exist"):
        render.write(tmp_path / "missing" / "out.md", "x")
    if os.geteuid() != 0:  # root can write anywhere
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        try:
            with pytest.raises(InputError, match="not writable"):
                render.write(locked / "out.md", "x")
        finally:
            locked.chmod(0o700)
        assert list(locked.iterdir()) == []


# -- PDF --------------------------------------------------------------------------------------
def _need(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        pytest.skip(
            f"{', '.join(missing)} not installed (poppler-utils; see tools/system-packages.sh)"
        )


def test_pdf_prints_the_document_offline(tmp_path: Path) -> None:
    _need("pdftotext", "pdftoppm")
    doc = report(item(1, EVIL), item(2, "Shipped the retry banner.", impact="Fewer tickets."))
    data = render.pdf(doc)
    assert data.startswith(b"%PDF")
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "What Ada <b>Lovelace</b> did" in text  # the name, as text
    assert "Shipped the retry banner. Impact: Fewer tickets." in " ".join(text.split())
    assert '<script>alert("pwned")</script>' in text  # shown, never run
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(tmp_path / "page")], check=True)
    assert sorted(p.name for p in tmp_path.glob("page*.png")) == ["page-1.png"]


def _pdf_of(doc: Report, tmp_path: Path, name: str = "r.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(render.pdf(doc))
    return path


def _fonts(path: Path) -> list[str]:
    """The fonts a PDF embeds, as pdffonts names them (subset prefix dropped)."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    return [line.split()[0].partition("+")[2] for line in out.stdout.splitlines()[2:]]


def _has_font(family: str) -> bool:
    if shutil.which("fc-list") is None:
        return False
    out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    return family in out


def test_the_fonts_the_css_falls_back_to_are_the_ones_ci_installs() -> None:
    script = (Path(__file__).parents[1] / "tools" / "system-packages.sh").read_text()
    assert "fonts-wqy-microhei" in script and "fonts-noto-color-emoji" in script
    stacks = re.findall(r"font-family:\s*([^;]+);", render._css())
    assert len(stacks) >= 8
    for stack in stacks:  # every stack falls back to the CJK font after DejaVu
        assert stack.index("DejaVu") < stack.index("WenQuanYi Micro Hei"), stack
        # a colour emoji font is never named: WeasyPrint would draw digits and [1] with it
        assert "Emoji" not in stack, stack


CJK = "设计了支付缓存的评审, 日本語のテスト, 한국어 문서"


def test_pdf_draws_chinese_japanese_and_korean_with_a_cjk_font(tmp_path: Path) -> None:
    _need("pdftotext", "pdffonts")
    if not _has_font("WenQuanYi Micro Hei"):
        pytest.skip(
            "WenQuanYi Micro Hei not installed (fonts-wqy-microhei; tools/system-packages.sh)"
        )
    path = _pdf_of(report(item(1, CJK, impact="延迟从 480 ms 降到 120 ms")), tmp_path)
    text = " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split()
    )
    assert CJK in text and "延迟从 480 ms 降到 120 ms" in text
    # pdftotext reads text back even from empty boxes: the glyphs must come from a CJK font
    assert any(f.startswith("WenQuanYi") for f in _fonts(path)), _fonts(path)


def test_pdf_takes_emoji_from_an_emoji_font_and_digits_from_dejavu(tmp_path: Path) -> None:
    _need("pdffonts")
    if not _has_font("Noto Color Emoji"):
        pytest.skip(
            "Noto Color Emoji not installed (fonts-noto-color-emoji; tools/system-packages.sh)"
        )
    with_emoji = _fonts(_pdf_of(report(item(1, "Shipped the launch 🚀")), tmp_path, "e.pdf"))
    assert any("Emoji" in f for f in with_emoji), with_emoji
    # naming a colour emoji font in the CSS makes WeasyPrint draw digits and [1] with it
    plain_text = _fonts(_pdf_of(report(item(1, "Shipped 2026 [12] #3")), tmp_path, "d.pdf"))
    assert not any("Emoji" in f for f in plain_text), plain_text


def _words(path: Path) -> tuple[float, list[tuple[str, float, float]]]:
    """The page width and every word's (text, left, right) edges, in points."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    width = float(re.search(r'<page width="([\d.]+)"', out).group(1))  # type: ignore[union-attr]
    words = [
        (htmllib.unescape(m.group(3)), float(m.group(1)), float(m.group(2)))
        for m in re.finditer(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)<', out
        )
    ]
    return width, words


def test_pdf_breaks_long_words_and_urls_inside_the_page(tmp_path: Path) -> None:
    _need("pdftotext")
    word = "Supercalifragilistic" + "x" * 200
    url = "https://example.com/" + "a" * 300
    doc = report(item(1, f"Renamed {word} everywhere", url=url), item(2, "Shipped " + "y" * 250))
    width, words = _words(_pdf_of(doc, tmp_path))
    margin = 18 / 25.4 * 72  # the page's side margins, 18 mm
    assert words and all(
        left >= margin - 1 and right <= width - margin + 1 for _, left, right in words
    ), [(w[:20], left, right) for w, left, right in words if right > width - margin + 1]
    assert "".join(w for w, _, _ in words).count("x" * 200) == 1  # all there, only wrapped
