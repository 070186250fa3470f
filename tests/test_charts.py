"""The SVG charts: well-formed, deterministic, escaped, and with the structure the data asks for."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from ladder import charts
from ladder.reviewlens.lens import Month

NS = "{http://www.w3.org/2000/svg}"


def month(name: str, **counts: int) -> Month:
    """A review-lens month with every class counted (0 unless given)."""
    m = Month(name)
    m.counts.update(counts)
    return m


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # raises on anything that is not well-formed XML
    assert root.tag == f"{NS}svg"
    return root


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{NS}text")]


def no_active_content(svg: str) -> None:
    root = parse(svg)
    tags = {el.tag.removeprefix(NS) for el in root.iter()}
    assert tags <= {"svg", "title", "desc", "g", "rect", "circle", "line", "polygon", "text"}
    for el in root.iter():
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (el.tag, name)
            assert "javascript:" not in value.lower()
            assert "href" not in name


SPOKES = [
    charts.Spoke("Technical depth", "meeting", 0.7, "steady evidence"),
    charts.Spoke("System design", "emerging", 0.4),
    charts.Spoke("Delivery", "exceeding", 0.9),
    charts.Spoke("Operations", "gap", 0.1),
    charts.Spoke("Career", "meeting", 0.65),
]


def test_radar_draws_one_point_and_label_per_area() -> None:
    svg = charts.radar(SPOKES, level="senior")
    root = parse(svg)
    assert root.find(f"{NS}title").text == "Readiness per area against Senior"  # type: ignore[union-attr]
    circles = list(root.iter(f"{NS}circle"))
    assert len(circles) == len(SPOKES)
    assert [c.attrib["fill"] for c in circles] == [charts.STATUS_COLOURS[s.status] for s in SPOKES]
    labels = texts(root)
    for s in SPOKES:
        assert s.label in labels
    # four status rings (one dashed: meeting), the shape, and a spoke per area
    polygons = list(root.iter(f"{NS}polygon"))
    assert len(polygons) == 5
    assert sum(1 for p in polygons if "stroke-dasharray" in p.attrib) == 1
    assert len(list(root.iter(f"{NS}line"))) == len(SPOKES)
    tips = [c.find(f"{NS}title").text for c in circles]  # type: ignore[union-attr]
    assert tips[0] == "Technical depth: meeting (score 70%) — steady evidence"


def test_radar_reads_a_readiness_shaped_object_and_its_dict() -> None:
    from types import SimpleNamespace

    areas = [
        SimpleNamespace(name=s.label, status=s.status, score=s.score, reason="") for s in SPOKES
    ]
    obj = SimpleNamespace(level="staff", areas=areas)
    as_dict = {"level": "staff", "areas": [a.__dict__ for a in areas]}
    assert charts.radar(obj) == charts.radar(as_dict)
    assert "against Staff" in charts.radar(obj)


def test_radar_says_not_shown_where_the_sources_cannot_show_an_area() -> None:
    """An area no source of the person's can show is "not shown" on the chart, as in the
    table beside it, not a "gap"; read from a readiness and from its JSON alike."""
    from types import SimpleNamespace

    areas = [
        SimpleNamespace(name="Delivery", status="emerging", score=0.4, reason="", shown=True),
        SimpleNamespace(name="Mentorship", status="gap", score=0.0, reason="", shown=False),
    ]
    for shape in (SimpleNamespace(areas=areas), {"areas": [a.__dict__ for a in areas]}):
        root = parse(charts.radar(shape))
        labels = texts(root)
        assert labels[labels.index("Mentorship") + 1] == "not shown", labels
        assert labels[labels.index("Delivery") + 1] == "emerging", labels
        tips = [c.find(f"{NS}title").text for c in root.iter(f"{NS}circle")]  # type: ignore[union-attr]
        assert tips[1].startswith("Mentorship: not shown"), tips
        assert [c.attrib["fill"] for c in root.iter(f"{NS}circle")][1] == charts.MUTED


def test_radar_outer_point_is_further_out_for_a_stronger_status() -> None:
    root = parse(charts.radar([charts.Spoke("A", "gap"), charts.Spoke("B", "exceeding")]))
    a, b = list(root.iter(f"{NS}circle"))
    cy = float(root.attrib["viewBox"].split()[3]) / 2 + 4
    assert abs(float(b.attrib["cy"]) - cy) > abs(float(a.attrib["cy"]) - cy)


def test_charts_are_deterministic() -> None:
    days = {dt.date(2026, 1, 5) + dt.timedelta(days=3 * i): i % 5 for i in range(80)}
    assert charts.radar(SPOKES) == charts.radar(list(SPOKES))
    assert charts.heatmap(days) == charts.heatmap(dict(reversed(list(days.items()))))
    months = [month("2026-01", nit=3, design=1), month("2026-02", design=2)]
    assert charts.review_mix(months) == charts.review_mix([m.to_dict() for m in months])


def test_chart_labels_cannot_inject_markup() -> None:
    evil = '<script>alert("x")</script><a href="javascript:alert(1)" onload="x">'
    radar = charts.radar([charts.Spoke(evil, "gap", 0.1, evil), *SPOKES])
    no_active_content(radar)
    assert "<script" not in radar and "&lt;script&gt;" in radar
    assert any(t.startswith("<script>") for t in texts(parse(radar)))  # shown as text
    heat = charts.heatmap({dt.date(2026, 11, 2): 1}, title=evil, unit=evil)
    no_active_content(heat)
    assert "<script" not in heat
    mix = charts.review_mix([{"month": "2026-11", "counts": {evil: 2, "nit": 1}}], title=evil)
    no_active_content(mix)
    assert "<script" not in mix


def test_heatmap_has_one_cell_per_day_with_shades_by_count() -> None:
    start, end = dt.date(2026, 9, 1), dt.date(2026, 11, 30)
    days = {dt.date(2026, 9, 1): 1, dt.date(2026, 10, 15): 4, dt.date(2026, 11, 30): 8}
    root = parse(charts.heatmap(days, start=start, end=end))
    cells = [r for r in root.iter(f"{NS}rect") if r.find(f"{NS}title") is not None]
    assert len(cells) == (end - start).days + 1
    by_day = {c.find(f"{NS}title").text.split(":")[0]: c.attrib["fill"] for c in cells}  # type: ignore[union-attr]
    assert by_day["2026-09-02"] == charts.SHADES[0]
    assert by_day["2026-11-30"] == charts.SHADES[4]
    assert by_day["2026-09-01"] == charts.SHADES[1]
    desc = root.find(f"{NS}desc").text  # type: ignore[union-attr]
    assert desc == "13 items on 3 days from 2026-09-01 to 2026-11-30"
    # Monday on top: 2026-09-07 is a Monday, 2026-09-13 a Sunday, one column
    ys = {c.find(f"{NS}title").text[:10]: float(c.attrib["y"]) for c in cells}  # type: ignore[union-attr]
    assert ys["2026-09-07"] < ys["2026-09-13"]


def test_heatmap_longer_than_a_year_gets_one_strip_per_year() -> None:
    days = {dt.date(2024, 3, 1): 1, dt.date(2026, 2, 1): 2}
    root = parse(charts.heatmap(days))
    cells = [r for r in root.iter(f"{NS}rect") if r.find(f"{NS}title") is not None]
    assert len(cells) == (dt.date(2026, 2, 1) - dt.date(2024, 3, 1)).days + 1
    assert {"2024", "2025", "2026"} <= set(texts(root))


def test_charts_without_data_say_so() -> None:
    assert "No evidence in this period." in texts(parse(charts.heatmap({})))
    assert "No review comments in this period." in texts(parse(charts.review_mix([])))
    assert "No review comments" in charts.review_mix([month("2026-01")])
    assert "No areas to show." in texts(parse(charts.radar([])))


def test_review_mix_stacks_each_month_to_its_total() -> None:
    months = [
        month("2026-01", nit=6, design=2, question=0),
        month("2026-02"),  # an empty month keeps its place
        month("2026-03", nit=1, design=3, security=1),
    ]
    root = parse(charts.review_mix(months))
    bars = [r for r in root.iter(f"{NS}rect") if r.find(f"{NS}title") is not None]
    assert len(bars) == 5  # 2 classes in January, 3 in March
    jan = [b for b in bars if b.find(f"{NS}title").text.startswith("2026-01")]  # type: ignore[union-attr]
    assert sum(float(b.attrib["height"]) for b in jan) == 170.0
    design = next(b for b in jan if " design:" in b.find(f"{NS}title").text)  # type: ignore[union-attr]
    nit = next(b for b in jan if " nit:" in b.find(f"{NS}title").text)  # type: ignore[union-attr]
    assert float(design.attrib["y"]) > float(nit.attrib["y"])  # design-level at the bottom
    assert design.find(f"{NS}title").text == "2026-01 · design: 2 of 8 (25%)"  # type: ignore[union-attr]
    legend = texts(root)
    assert {"design", "nit", "security"} <= set(legend) and "question" not in legend
    assert [t for t in legend if t in ("Jan", "Feb", "Mar")] == ["Jan", "Feb", "Mar"]


@given(st.integers(min_value=0, max_value=500), st.integers(min_value=0, max_value=500))
def test_heatmap_level_is_monotonic_and_bounded(a: int, most: int) -> None:
    b = a + 1
    assert 0 <= charts.level(a, most) <= 4
    assert charts.level(a, most) <= charts.level(b, max(most, b))
    if most and a >= 1:
        assert charts.level(a, most) >= 1
    if most:
        assert charts.level(most, most) == (4 if most >= 2 else 2)
        assert charts.level(1, most) <= 2


@given(st.dictionaries(st.dates(dt.date(2025, 1, 1), dt.date(2026, 12, 31)), st.integers(0, 30)))
def test_heatmap_is_well_formed_for_any_data(days: dict[dt.date, int]) -> None:
    svg = charts.heatmap(days)
    root = parse(svg)
    if days:
        cells = [r for r in root.iter(f"{NS}rect") if r.find(f"{NS}title") is not None]
        assert len(cells) == (max(days) - min(days)).days + 1


def test_day_counts_counts_per_day() -> None:
    assert charts.day_counts(["2026-11-02", "2026-11-02", dt.date(2026, 11, 3)]) == {
        dt.date(2026, 11, 2): 2,
        dt.date(2026, 11, 3): 1,
    }


def test_radar_draws_a_real_readiness(ws) -> None:  # type: ignore[no-untyped-def]
    ws.log("Wrote the postmortem for the queue outage", areas=["operations"])
    readiness = ws.readiness()
    root = parse(charts.radar(readiness))
    assert len(list(root.iter(f"{NS}circle"))) == len(ws.ladder().areas)
    assert "Operations" in texts(root)
    assert charts.radar(readiness) == charts.radar(readiness.to_dict())
