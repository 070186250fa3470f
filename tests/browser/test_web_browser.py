"""The main flows of the dashboard in a real browser: capture an entry, re-tag it (one and in
bulk), see the radar change, download the packet; every page at laptop and phone widths with
no console error (a CSP violation is one) and no sideways scrolling."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

PAGES = {
    "dashboard": "/",
    "evidence": "/evidence",
    "entry": "/evidence/{entry}",
    "assess": "/assess",
    "goals": "/goals",
    "mentorship": "/mentorship",
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
    for name, path in PAGES.items():
        page.goto(live.url + path.format(entry=live.ids["Wrote the design doc"]))
        assert page.locator("main").count() == 1, name
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name} scrolls sideways at {w}px by {overflow}px"
        page.screenshot(path=str(folder / f"{name}-{w}.png"), full_page=True)
    assert problems == []
