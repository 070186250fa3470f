"""Charts as self-contained SVG text: readiness radar, evidence heatmap, review mix.

Every chart is a pure function from data to a string of SVG: no scripts, no fonts or styles
fetched, no randomness, so the same data gives byte-identical output (tests compare the
structure). Every piece of text that comes from a person or a ladder file is escaped, so a
label such as ``<script>`` shows as text. The HTML documents, the PDF and the web dashboard
embed the same strings.

Example:
    >>> import datetime as dt
    >>> svg = heatmap({dt.date(2026, 11, 2): 3, dt.date(2026, 11, 4): 1})
    >>> svg.startswith("<svg")
    True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from math import cos, pi, sin
from typing import Any

#: Status colours, weakest first (the same as in the documents' CSS).
STATUS_COLOURS: dict[str, str] = {
    "gap": "#b4461e",
    "emerging": "#b7791f",
    "meeting": "#2f7d4f",
    "exceeding": "#2b5c9e",
}
STATUSES = ("gap", "emerging", "meeting", "exceeding")
#: Heatmap shades: no evidence, then four levels.
SHADES = ("#ebedf0", "#c6dbef", "#85b3d9", "#3f7fbf", "#1f4e8c")
#: Review classes, in stacking order (design-level at the bottom, nits on top), and colours.
REVIEW_ORDER = (
    "design",
    "correctness",
    "security",
    "testing",
    "suggestion",
    "question",
    "docs",
    "praise",
    "nit",
)
REVIEW_COLOURS: dict[str, str] = {
    "design": "#1f4e8c",
    "correctness": "#5b4a9e",
    "security": "#a3324a",
    "testing": "#2d7a72",
    "suggestion": "#4f95c2",
    "question": "#c99a2e",
    "docs": "#7ea650",
    "praise": "#d27fa8",
    "nit": "#b3b8bf",
}
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
INK = "#1f2933"
MUTED = "#616e7c"
GRID = "#d5dae0"
_WEEKDAYS = ("Mon", "", "Wed", "", "Fri", "", "")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _n(x: float) -> str:
    """A coordinate, short and deterministic."""
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _t(text: object) -> str:
    return escape(str(text), quote=True)


def _open(kind: str, width: float, height: float, title: str, desc: str = "") -> list[str]:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ladder-chart ladder-{kind}" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" width="{_n(width)}" height="{_n(height)}" '
        f'role="img" font-family="{FONT}" font-size="11" fill="{INK}">',
        f"<title>{_t(title)}</title>",
    ]
    if desc:
        parts.append(f"<desc>{_t(desc)}</desc>")
    return parts


def _text(x: float, y: float, text: object, *, anchor: str = "start", **attrs: object) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{_t(v)}"' for k, v in attrs.items())
    return f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}"{extra}>{_t(text)}</text>'


def _empty(kind: str, title: str, message: str, width: float = 520, height: float = 80) -> str:
    parts = _open(kind, width, height, title, message)
    parts.append(
        f'<rect x="0.5" y="0.5" width="{_n(width - 1)}" height="{_n(height - 1)}" rx="6" '
        f'fill="#f7f8fa" stroke="{GRID}"/>'
    )
    parts.append(_text(width / 2, height / 2 + 4, message, anchor="middle", fill=MUTED))
    parts.append("</svg>")
    return "".join(parts)


# -- radar ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Spoke:
    """One axis of the radar: an area, its status and (for the tooltip) its score."""

    label: str
    status: str
    score: float | None = None
    reason: str = ""
    shown: bool = True  # False: the person's sources cannot show the area

    @property
    def says(self) -> str:
        """The status as a person reads it: ``not shown`` where the sources cannot show it."""
        return self.status if self.shown else "not shown"


def spokes(readiness: Any) -> list[Spoke]:
    """The radar's axes from a :class:`ladder.readiness.Readiness` (or anything shaped like it:
    ``.areas`` of items with ``name``, ``status``, ``score`` and ``reason``; dicts work too)."""
    areas = readiness["areas"] if isinstance(readiness, Mapping) else readiness.areas
    out = []
    for a in areas:
        get = a.get if isinstance(a, Mapping) else lambda k, d=None, a=a: getattr(a, k, d)
        out.append(
            Spoke(
                label=str(get("name") or get("area") or ""),
                status=str(get("status", "gap")),
                score=get("score"),
                reason=str(get("reason", "") or ""),
                shown=get("shown", True) is not False,
            )
        )
    return out


def radar(readiness: Any, *, level: str | None = None, size: int = 560) -> str:
    """Readiness per area against the target level, as a radar (SVG).

    Each spoke is an area; the rings are the statuses (gap, emerging, meeting, exceeding),
    and the dashed ring marks *meeting* the level: a point on or outside it meets it.

    Args:
        readiness: A :class:`ladder.readiness.Readiness`, its ``to_dict()``, or a list of
            :class:`Spoke`.
        level: The level's name for the title (default: ``readiness.level``).
        size: The width of the drawing in px (the height follows).
    """
    if isinstance(readiness, list | tuple) and all(isinstance(s, Spoke) for s in readiness):
        points: list[Spoke] = list(readiness)
    else:
        points = spokes(readiness)
        if level is None:
            level = (
                readiness.get("level")
                if isinstance(readiness, Mapping)
                else getattr(readiness, "level", None)
            )
    name = str(level).title() if level else "the target level"
    title = f"Readiness per area against {name}"
    if not points:
        return _empty("radar", title, "No areas to show.")
    width = float(size)
    height = width * 0.82
    cx, cy = width / 2, height / 2 + 4
    r = min(width, height) / 2 - 86
    n = len(points)

    def at(i: int, frac: float) -> tuple[float, float]:
        angle = -pi / 2 + 2 * pi * i / n
        return cx + r * frac * cos(angle), cy + r * frac * sin(angle)

    def ring(frac: float) -> str:
        return " ".join(f"{_n(x)},{_n(y)}" for x, y in (at(i, frac) for i in range(n)))

    desc = "; ".join(f"{p.label}: {p.says}" for p in points)
    parts = _open("radar", width, height, title, desc)
    for k, status in enumerate(STATUSES, 1):
        frac = k / len(STATUSES)
        meet = status == "meeting"
        parts.append(
            f'<polygon points="{ring(frac)}" fill="{"none" if not meet else "#2f7d4f"}" '
            f'fill-opacity="{"0" if not meet else "0.06"}" stroke="{"#2f7d4f" if meet else GRID}" '
            f'stroke-width="{"1.6" if meet else "1"}"'
            + (' stroke-dasharray="5 4"' if meet else "")
            + "/>"
        )
    for i in range(n):
        x, y = at(i, 1.0)
        parts.append(
            f'<line x1="{_n(cx)}" y1="{_n(cy)}" x2="{_n(x)}" y2="{_n(y)}" stroke="{GRID}"/>'
        )
    values = [(STATUSES.index(p.status) + 1 if p.status in STATUSES else 0.3) for p in points]
    shape = " ".join(
        f"{_n(x)},{_n(y)}" for x, y in (at(i, v / len(STATUSES)) for i, v in enumerate(values))
    )
    parts.append(
        f'<polygon points="{shape}" fill="#2b5c9e" fill-opacity="0.18" stroke="#2b5c9e" '
        'stroke-width="2" stroke-linejoin="round"/>'
    )
    # ring labels just left of the first spoke (straight up), over the shapes
    for k, status in enumerate(STATUSES, 1):
        x, y = at(0, k / len(STATUSES))
        parts.append(_text(x - 4, y - 3, status, anchor="end", fill=MUTED, font_size="8.5"))
    for i, (p, v) in enumerate(zip(points, values, strict=True)):
        x, y = at(i, v / len(STATUSES))
        colour = STATUS_COLOURS.get(p.status, MUTED) if p.shown else MUTED
        tip = f"{p.label}: {p.says}"
        if p.score is not None:
            tip += f" (score {round(float(p.score) * 100)}%)"
        if p.reason:
            tip += f" — {p.reason}"
        parts.append(
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="4.5" fill="{colour}" stroke="#fff" '
            f'stroke-width="1.5"><title>{_t(tip)}</title></circle>'
        )
        lx, ly = at(i, 1.0 + 22 / r)
        angle = -pi / 2 + 2 * pi * i / n
        c = cos(angle)
        anchor = "middle" if abs(c) < 0.3 else ("start" if c > 0 else "end")
        dy = (
            -14
            if sin(angle) < -0.9
            else -4
            if sin(angle) < -0.3
            else (10 if sin(angle) > 0.3 else 3)
        )
        parts.append(
            _text(
                lx, ly + dy, _clip(p.label, 26), anchor=anchor, font_size="11.5", font_weight="bold"
            )
        )
        parts.append(_text(lx, ly + dy + 13, p.says, anchor=anchor, fill=colour, font_size="10"))
    parts.append(
        _text(
            width - 12,
            height - 10,
            f"dashed ring: meeting {name}",
            anchor="end",
            fill="#2f7d4f",
            font_size="10",
        )
    )
    parts.append("</svg>")
    return "".join(parts)


def _clip(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


# -- heatmap ----------------------------------------------------------------------------------
CELL = 11
STEP = 13
_LEFT = 34
_TOP = 20


def level(count: int, most: int) -> int:
    """The shade (0 to 4) of a day with ``count`` items when the busiest day has ``most``."""
    if count <= 0 or most <= 0:
        return 0
    if most == 1:
        return 2  # every active day alike: a middle shade
    return 1 + (min(count, most) - 1) * 3 // (most - 1)


def _strips(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """One strip for up to 53 weeks; longer ranges get one strip per calendar year."""
    if (end - start).days < 371:
        return [(start, end)]
    out = []
    y = start.year
    while dt.date(y, 1, 1) <= end:
        out.append((max(start, dt.date(y, 1, 1)), min(end, dt.date(y, 12, 31))))
        y += 1
    return out


def heatmap(
    days: Mapping[dt.date, int],
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    title: str = "Evidence over time",
    unit: str = "item",
) -> str:
    """Evidence per day as a calendar heatmap (SVG): weeks left to right, Monday on top.

    Args:
        days: Items per day (days missing or at 0 are empty).
        start: The first day shown (default: the earliest day in ``days``).
        end: The last day shown (default: the latest day in ``days``).
        title: The chart's title.
        unit: What is counted, singular (``item``, ``comment``).
    """
    counts = {d: int(n) for d, n in days.items() if (start is None or d >= start)}
    counts = {d: n for d, n in counts.items() if end is None or d <= end}
    first = start or (min(counts) if counts else None)
    last = end or (max(counts) if counts else None)
    if first is None or last is None:
        return _empty("heatmap", title, "No evidence in this period.")
    if first > last:
        first, last = last, first
    most = max(counts.values(), default=0)
    strips = _strips(first, last)
    weeks = max(_week_count(a, b) for a, b in strips)
    strip_h = _TOP + 7 * STEP + 12
    width = max(_LEFT + weeks * STEP + 8, 330)
    height = len(strips) * strip_h + 36
    total = sum(counts.values())
    active = sum(1 for n in counts.values() if n > 0)
    desc = (
        f"{total} {unit}{'s' if total != 1 else ''} on {active} day{'s' if active != 1 else ''} "
        f"from {first.isoformat()} to {last.isoformat()}"
    )
    parts = _open("heatmap", width, height, title, desc)
    for k, (a, b) in enumerate(strips):
        top = k * strip_h
        monday = a - dt.timedelta(days=a.weekday())
        if len(strips) > 1:
            parts.append(_text(0, top + 11, a.year, font_weight="bold", font_size="10"))
        for row, name in enumerate(_WEEKDAYS):
            if name:
                parts.append(
                    _text(
                        _LEFT - 6,
                        top + _TOP + row * STEP + 9,
                        name,
                        anchor="end",
                        fill=MUTED,
                        font_size="9",
                    )
                )
        seen_month = None
        label_x = -100
        day = a
        while day <= b:
            col = (day - monday).days // 7
            row = day.weekday()
            x = _LEFT + col * STEP
            y = top + _TOP + row * STEP
            if (day.year, day.month) != seen_month and (day.day <= 7 or (day == a and a.day <= 21)):
                seen_month = (day.year, day.month)
                if x - label_x >= 3 * STEP and col * STEP <= width - _LEFT - 20:
                    label_x = x
                    parts.append(
                        _text(x, top + _TOP - 6, _MONTHS[day.month - 1], fill=MUTED, font_size="9")
                    )
            n = counts.get(day, 0)
            shade = SHADES[level(n, most)]
            label = f"{day.isoformat()}: {n} {unit}{'s' if n != 1 else ''}"
            parts.append(
                f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" rx="2" fill="{shade}">'
                f"<title>{_t(label)}</title></rect>"
            )
            day += dt.timedelta(days=1)
    # legend
    ly = height - 30
    lx = _LEFT + 26
    parts.append(_text(lx - 6, ly + 9, "Less", anchor="end", fill=MUTED, font_size="9"))
    for i, shade in enumerate(SHADES):
        parts.append(
            f'<rect x="{_n(lx + i * STEP)}" y="{_n(ly)}" width="{CELL}" height="{CELL}" rx="2" '
            f'fill="{shade}"/>'
        )
    parts.append(_text(lx + 5 * STEP + 4, ly + 9, "More", fill=MUTED, font_size="9"))
    parts.append(_text(_LEFT, ly + 25, desc, fill=MUTED, font_size="9"))
    parts.append("</svg>")
    return "".join(parts)


def _week_count(a: dt.date, b: dt.date) -> int:
    monday = a - dt.timedelta(days=a.weekday())
    return (b - monday).days // 7 + 1


def day_counts(dates: Iterable[str | dt.date]) -> dict[dt.date, int]:
    """Count items per day from their dates (``YYYY-MM-DD`` text or dates)."""
    out: dict[dt.date, int] = {}
    for d in dates:
        day = d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)[:10])
        out[day] = out.get(day, 0) + 1
    return out


# -- review mix -------------------------------------------------------------------------------
def review_mix(months: Sequence[Any], *, title: str = "Review comments by kind, per month") -> str:
    """The review mix over time (SVG): one stacked bar per month, design-level at the bottom.

    Args:
        months: :class:`ladder.reviewlens.lens.Month` objects, or their ``to_dict()``
            (``month`` and ``counts``), oldest first; empty months included.
        title: The chart's title.
    """
    rows: list[tuple[str, dict[str, int]]] = []
    for m in months:
        if isinstance(m, Mapping):
            rows.append((str(m["month"]), {k: int(v) for k, v in dict(m["counts"]).items()}))
        else:
            rows.append((str(m.month), {k: int(v) for k, v in m.counts.items()}))
    if not rows or not any(sum(c.values()) for _, c in rows):
        return _empty("review-mix", title, "No review comments in this period.")
    classes = [c for c in REVIEW_ORDER if any(counts.get(c) for _, counts in rows)]
    classes += sorted({k for _, c in rows for k, v in c.items() if v} - set(classes))
    n = len(rows)
    plot_h = 170.0
    left, top = 40.0, 24.0
    bar_step = max(18.0, min(44.0, 560.0 / n))
    bar_w = bar_step * 0.68
    width = max(420.0, left + n * bar_step + 16)
    legend_rows = (len(classes) + 4) // 5
    height = top + plot_h + 34 + legend_rows * 16 + 8
    totals = [sum(c.values()) for _, c in rows]
    desc = ", ".join(f"{m}: {t}" for (m, _), t in zip(rows, totals, strict=True))
    parts = _open("review-mix", width, height, title, f"comments per month — {desc}")
    for pct in (0, 25, 50, 75, 100):
        y = top + plot_h * (1 - pct / 100)
        parts.append(
            f'<line x1="{_n(left)}" y1="{_n(y)}" x2="{_n(width - 12)}" y2="{_n(y)}" '
            f'stroke="{GRID}" stroke-width="{1 if pct in (0, 100) else 0.6}"/>'
        )
        parts.append(_text(left - 6, y + 3.5, f"{pct}%", anchor="end", fill=MUTED, font_size="9"))
    every = max(1, -(-n // 12))  # at most ~12 month labels
    for i, ((month, counts), total) in enumerate(zip(rows, totals, strict=True)):
        x = left + i * bar_step + (bar_step - bar_w) / 2
        if total:
            y = top + plot_h
            for c in classes:
                v = counts.get(c, 0)
                if not v:
                    continue
                h = plot_h * v / total
                y -= h
                parts.append(
                    f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(bar_w)}" height="{_n(h)}" '
                    f'fill="{REVIEW_COLOURS.get(c, MUTED)}">'
                    f"<title>{_t(f'{month} · {c}: {v} of {total} ({round(100 * v / total)}%)')}</title>"
                    "</rect>"
                )
            parts.append(
                _text(x + bar_w / 2, top - 6, total, anchor="middle", fill=MUTED, font_size="8.5")
            )
        if i % every == 0:
            y_lab = top + plot_h + 13
            label = _MONTHS[int(month[5:7]) - 1] if len(month) >= 7 else month
            parts.append(_text(x + bar_w / 2, y_lab, label, anchor="middle", font_size="9"))
            if i == 0 or month[5:7] == "01":
                parts.append(
                    _text(
                        x + bar_w / 2,
                        y_lab + 11,
                        month[:4],
                        anchor="middle",
                        fill=MUTED,
                        font_size="8",
                    )
                )
    ly = top + plot_h + 40
    for k, c in enumerate(classes):
        col, row = k % 5, k // 5
        x = left + col * 96
        y = ly + row * 16
        parts.append(
            f'<rect x="{_n(x)}" y="{_n(y - 8)}" width="10" height="10" rx="2" '
            f'fill="{REVIEW_COLOURS.get(c, MUTED)}"/>'
        )
        parts.append(_text(x + 14, y + 1, c, font_size="9.5"))
    parts.append("</svg>")
    return "".join(parts)


__all__ = [
    "REVIEW_COLOURS",
    "SHADES",
    "STATUS_COLOURS",
    "Spoke",
    "day_counts",
    "heatmap",
    "level",
    "radar",
    "review_mix",
    "spokes",
]
