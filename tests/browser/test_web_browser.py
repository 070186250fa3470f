"""The main flows of the dashboard in a real browser: capture an entry, re-tag it (one and in
bulk), see the radar change, download the packet; every page at laptop and phone widths with
no console error (a CSP violation is one) and no sideways scrolling."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from helpers import TODAY

PAGES = {
    "dashboard": "/",
    "evidence": "/evidence",
    "entry": "/evidence/{entry}",
    "assess": "/assess",
    "goals": "/goals",
    "mentorship": "/mentorship",
    "one-on-one": "/mentorship/one-on-ones/{one}",
    "reviews": "/reviews",
    "packet": "/packet",
}
WIDTHS = {"laptop": (1280, 900), "phone": (390, 844)}


def _watch(page: Any) -> list[str]:
    """Console errors and failed requests of a page (a blocked inline style shows here)."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("requestfailed", lambda r: problems.append(f"{r.url}: {r.failure}"))
    return problems


def _radar(page: Any) -> str:
    return str(page.inner_html("#radar"))


def test_capture_retag_radar_and_packet(live: Any, browser: Any, tmp_path: Path) -> None:
    page = browser.new_page()
    problems = _watch(page)
    page.goto(live.url + "/")
    before = _radar(page)
    mentorship_before = page.get_attribute("tr[data-area='mentorship']", "data-area")
    assert mentorship_before == "mentorship"
    row_before = page.inner_text("tr[data-area='mentorship']")

    # capture from the dashboard
    page.fill("#capture-text", "Spent the afternoon pairing on item alpha")
    page.click("form.capture button[type=submit]")
    page.wait_for_url(re.compile(r"/evidence/\d+\?done=logged"))
    assert "Captured." in page.inner_text(".notice")
    entry_id = int(re.search(r"/evidence/(\d+)", page.url).group(1))  # type: ignore[union-attr]

    # re-tag it: it shows mentoring
    page.select_option("form.row-form select[name=target]", "mentorship.mentoring")
    page.click("form.row-form button[type=submit]")
    page.wait_for_url(re.compile(r"done=tagged"))
    assert "removed by you" not in page.inner_text("table.mappings")
    assert "Mentorship" in page.inner_text("table.mappings tr.is-yours")

    # the radar and the area row change
    page.goto(live.url + "/")
    assert _radar(page) != before
    assert page.inner_text("tr[data-area='mentorship']") != row_before

    # bulk re-tag two entries from the browser
    page.goto(live.url + "/evidence?q=afternoon")
    boxes = page.locator("input.pick")
    assert boxes.count() == 2
    page.check("input.pick-all")
    assert page.inner_text(".bulk-count") == "2 selected"
    page.select_option("#bulk select[name=action]", "add")
    page.select_option("#bulk select[name=target]", "communication")
    page.click("#bulk button[type=submit]")
    page.wait_for_url(re.compile(r"done=bulk"))
    assert "q=afternoon" in page.url
    for row in page.locator("li.entry").all():
        assert "✓ Communication" in row.inner_text()
    entry = live.ws.entry(entry_id)
    assert {"mentorship", "communication"} <= {a.area for a in entry.areas if a.origin == "user"}

    # the packet: preview, then downloads
    page.goto(live.url + "/packet")
    frame = page.frame_locator("iframe")
    assert "promotion packet" in frame.locator("body").inner_text().lower()
    with page.expect_download() as md:
        page.click("a.button:text('Markdown')")
    text = Path(md.value.path()).read_text(encoding="utf-8")
    assert "Ada Lovelace" in text and md.value.suggested_filename.endswith(".md")
    with page.expect_download() as pdf:
        page.click("a.button:text('PDF')")
    assert Path(pdf.value.path()).read_bytes().startswith(b"%PDF")
    assert problems == []


def test_delete_asks_first_and_restore_brings_it_back(live: Any, browser: Any) -> None:
    page = browser.new_page()
    entry_id = live.ids["Spent the afternoon "]
    page.goto(f"{live.url}/evidence/{entry_id}")
    page.once("dialog", lambda d: d.dismiss())
    page.click(".danger-zone button")
    assert live.ws.entry(entry_id).deleted_at is None  # said no
    page.once("dialog", lambda d: d.accept())
    page.click(".danger-zone button")
    page.wait_for_url(re.compile(r"done=deleted"))
    assert live.ws.entry(entry_id).deleted_at
    page.click("button:text-is('Restore it')")
    page.wait_for_url(re.compile(r"done=restored"))
    assert live.ws.entry(entry_id).deleted_at is None


@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_page_at_laptop_and_phone_width(
    live: Any, browser: Any, tmp_path: Path, width: str
) -> None:
    folder = Path(os.environ.get("LADDER_SCREENSHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    w, h = WIDTHS[width]
    page = browser.new_page()
    page.set_viewport_size({"width": w, "height": h})
    problems = _watch(page)
    one = live.ws.mentorship.one_on_ones()[0].id
    for name, path in PAGES.items():
        page.goto(live.url + path.format(entry=live.ids["Wrote the design doc"], one=one))
        assert page.locator("main").count() == 1, name
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name} scrolls sideways at {w}px by {overflow}px"
        page.screenshot(path=str(folder / f"{name}-{w}.png"), full_page=True)
    assert problems == []


# -- reviewer findings (issue #7) ----------------------------------------------------------------
def test_a_note_added_to_a_rating_keeps_its_evidence(live: Any, browser: Any) -> None:
    page = browser.new_page()
    entry_id = live.ids["Wrote the design doc"]
    page.goto(live.url + "/assess")
    row = page.locator("[id='exp-system-design.design-docs']")
    row.locator("summary").click()
    evidence = row.locator("input[name='evidence:system-design.design-docs']")
    assert evidence.input_value() == str(entry_id)  # the current evidence, shown to keep
    row.locator("input[name='note:system-design.design-docs']").fill("Two teams adopted it")
    page.click(".sticky-save button")
    page.wait_for_url(re.compile(r"done=rated"))
    (now,) = [
        a
        for a in live.ws.assessments.current(rater="self")
        if a.expectation == "system-design.design-docs"
    ]
    assert (now.note, now.evidence_ids, now.testimony_only) == (
        "Two teams adopted it",
        (entry_id,),
        False,
    )


def test_the_1on1_form_offers_only_that_persons_open_items(live: Any, browser: Any) -> None:
    live.ws.mentorship.add_one_on_one("Lin", actions=["Lin reads DDIA chapter 5"])
    page = browser.new_page()
    problems = _watch(page)
    page.goto(live.url + "/mentorship")
    items = page.locator("fieldset.close-items label[data-with]")
    assert items.count() == 3 and not any(i.is_visible() for i in items.all())
    assert page.is_visible("text=Say who it was with to see their open items.")
    page.fill("input[name=with]", "sam")
    visible = [i.inner_text() for i in items.all() if i.is_visible()]
    assert len(visible) == 2 and all("Sam" in v for v in visible)
    page.check("label:has-text('Sam drafts the exporter runbook') input")
    page.fill("input[name=with]", "Lin")  # another person: Sam's tick goes
    assert [i.inner_text() for i in items.all() if i.is_visible()] == [items.nth(2).inner_text()]
    assert items.nth(2).inner_text().startswith("Lin reads")
    assert page.locator("input[name=close]:checked").count() == 0
    page.fill("input[name=with]", "Sam")
    page.check("label:has-text('Sam drafts the exporter runbook') input")
    page.fill("textarea[name=notes]", "The runbook is done")
    page.click("text=Save 1:1")
    page.wait_for_url(re.compile(r"done=oneonone"))
    open_now = [a.text for a in live.ws.mentorship.open_actions("Sam")]
    assert open_now == ["Ada shares the review checklist"]
    assert problems == []


def test_a_link_in_the_packet_preview_opens_in_a_new_tab(live: Any, browser: Any) -> None:
    target = live.url + "/static/favicon.svg"
    live.ws.edit(live.ids["Wrote the design doc"], links=[target])
    page = browser.new_page()
    problems = _watch(page)
    page.goto(live.url + "/packet")
    frame = page.frame_locator("iframe")
    with page.expect_popup() as popup:
        frame.locator(f"a[href='{target}']").first.click()
    popup.value.wait_for_load_state()
    assert popup.value.url == target
    assert page.frames[1].url.startswith(live.url + "/packet/preview")  # the frame stayed
    assert problems == []


def _label_px(page: Any, selector: str) -> list[float]:
    """The rendered size in px of every label of the visible chart under ``selector``."""
    return list(
        page.evaluate(
            """(selector) => {
              const svg = [...document.querySelectorAll(selector + ' svg')]
                .find((s) => s.getBoundingClientRect().width > 0);
              const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
              return [...svg.querySelectorAll('text')]
                .map((t) => scale * parseFloat(getComputedStyle(t).fontSize));
            }""",
            selector,
        )
    )


@pytest.mark.parametrize("width", list(WIDTHS))
def test_charts_are_readable_and_fit(live: Any, browser: Any, width: str) -> None:

    w, h = WIDTHS[width]
    page = browser.new_page()
    page.set_viewport_size({"width": w, "height": h})
    page.goto(live.url + "/")
    radar = _label_px(page, "#radar")
    assert min(radar) >= 7 and sorted(radar)[len(radar) // 2] >= 8.5, radar
    heat = _label_px(page, ".chart.heatmap")
    assert min(heat) >= 8 and max(heat) <= 14, heat
    fits = page.evaluate(
        """() => [...document.querySelectorAll('.chart.heatmap svg')]
             .filter((s) => s.getBoundingClientRect().width > 0)
             .every((s) => s.getBoundingClientRect().right
                        <= s.closest('.card').getBoundingClientRect().right)"""
    )
    assert fits
    month = TODAY.strftime("%b")
    shown = page.locator(".chart.heatmap svg text", has_text=month)
    assert any(t.is_visible() for t in shown.all()), f"{month} is not shown"
    page.goto(live.url + "/reviews")
    mix = _label_px(page, ".chart.mix")
    assert min(mix) >= 7.5 and max(mix) <= 16, mix
