"""The work log through the core API, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from ladder.errors import InputError, NotFoundError
from ladder.evidence import Filter
from ladder.person import ProfileInput
from ladder.workspace import Workspace, resolve_home, resolve_url


def test_workspace_log_stores_text_tags_links_areas_and_impact(ws: Workspace) -> None:
    entry = ws.log(
        "Led the design review of the billing cache @design",
        date=dt.date(2026, 11, 2),
        areas=["system-design", "leadership"],
        impact="p99 from 900 ms to 120 ms",
        links=["https://github.com/acme/billing/pull/42"],
        tags=["perf"],
    )
    again = ws.entry(entry.id)
    assert again.text == "Led the design review of the billing cache @design"
    assert again.occurred_on == "2026-11-02"
    assert again.tags == ("design", "perf")
    assert again.links == ("https://github.com/acme/billing/pull/42",)
    assert {a.area for a in again.areas} == {"system-design", "leadership"}
    assert all(a.origin == "user" for a in again.areas)
    assert again.impact == "p99 from 900 ms to 120 ms"
    assert again.source == "manual"


def test_workspace_log_unknown_area_writes_nothing(ws: Workspace) -> None:
    with pytest.raises(
        InputError, match=r"unknown area 'system-desing'.*did you mean 'system-design'"
    ):
        ws.log("typo", areas=["system-desing"])
    assert ws.entries()[1] == 0


def test_workspace_log_needs_a_profile(bare_ws: Workspace) -> None:
    with pytest.raises(NotFoundError, match="no profile"):
        bare_ws.log("hello")


def test_entries_filters_by_date_area_tag_source_and_search(ws: Workspace) -> None:
    a = ws.log(
        "Wrote the runbook for the payments queue @oncall",
        date=dt.date(2026, 10, 1),
        areas=["operations"],
    )
    b = ws.log(
        "Mentored Sam through the cache design @mentoring",
        date=dt.date(2026, 11, 1),
        areas=["mentorship"],
    )
    c = ws.log("Reviewed the payments API shape", date=dt.date(2026, 11, 20))

    def ids(**kw: object) -> list[int]:
        return [e.id for e in ws.entries(Filter(**kw))[0]]  # type: ignore[arg-type]

    assert ids() == [c.id, b.id, a.id]  # newest first
    assert ids(since=dt.date(2026, 11, 1)) == [c.id, b.id]
    assert ids(until=dt.date(2026, 10, 31)) == [a.id]
    assert ids(area="operations") == [a.id]
    assert ids(tag="@Mentoring") == [b.id]
    assert ids(source="manual") == [c.id, b.id, a.id]
    assert ids(source="github") == []
    assert ids(search="payments") == [c.id, a.id]
    assert ids(search="payments runbook") == [a.id]  # every word must match
    assert ids(search="PAYMENTS") == [c.id, a.id]
    assert ids(search="nothing-like-this") == []


def test_entries_search_treats_query_syntax_as_words(ws: Workspace) -> None:
    e = ws.log('Fixed the "quoted" thing AND OR NOT near(x) in parser')
    for query in ['"quoted"', "AND", "near(x)", 'NOT "', "OR"]:
        found, _ = ws.entries(Filter(search=query))
        assert [x.id for x in found] in ([e.id], []), query  # never a syntax error


def test_entries_limit_reports_the_total(ws: Workspace) -> None:
    for i in range(7):
        ws.log(f"entry {i}")
    found, total = ws.entries(Filter(limit=3))
    assert (len(found), total) == (3, 7)


def test_entries_pages_with_offset_cover_every_match_once(ws: Workspace) -> None:
    for i in range(7):
        ws.log(f"entry {i}", date=f"2026-11-{i + 1:02d}")
    everything, _ = ws.entries(Filter(limit=None))
    pages = [ws.entries(Filter(limit=3, offset=o)) for o in (0, 3, 6)]
    assert [e.id for page, _ in pages for e in page] == [e.id for e in everything]
    assert {total for _, total in pages} == {7}
    rest, _ = ws.entries(Filter(limit=None, offset=5))
    assert [e.id for e in rest] == [e.id for e in everything[5:]]


def test_edit_changes_only_what_is_given(ws: Workspace) -> None:
    e = ws.log(
        "Shipped the importer @delivery",
        impact="saves a day a week",
        areas=["delivery"],
        links=["https://x.org/1"],
    )
    edited = ws.edit(e.id, impact="saves two days a week")
    assert edited.text == e.text and edited.links == e.links and edited.tags == e.tags
    assert edited.impact == "saves two days a week"
    assert [a.area for a in edited.areas] == ["delivery"]
    moved = ws.edit(
        e.id, text="Shipped the new importer @shipping", date="2026-11-01", areas=["leadership"]
    )
    assert moved.tags == ("shipping",)  # inline tags follow the text
    assert moved.occurred_on == "2026-11-01"
    assert [a.area for a in moved.areas] == ["leadership"]
    assert ws.entries(Filter(search="new importer"))[1] == 1


def test_edit_with_bad_input_changes_nothing(ws: Workspace) -> None:
    e = ws.log("Original text")
    for kwargs in ({"text": "  "}, {"date": "blorp"}, {"areas": ["nope"]}, {"links": ["nope"]}):
        with pytest.raises(InputError):
            ws.edit(e.id, **kwargs)  # type: ignore[arg-type]
    assert ws.entry(e.id) == e


def test_rm_hides_an_entry_and_restore_brings_it_back(ws: Workspace) -> None:
    e = ws.log("Gave a talk on retries @talk", areas=["communication"])
    ws.remove(e.id)
    assert ws.entries()[1] == 0
    assert ws.entries(Filter(search="retries"))[1] == 0
    assert [x.id for x in ws.entries(Filter(deleted=True))[0]] == [e.id]
    with pytest.raises(NotFoundError, match="already deleted"):
        ws.remove(e.id)
    restored = ws.restore(e.id)
    assert restored.deleted_at is None and restored.areas == e.areas and restored.tags == e.tags
    assert ws.entries(Filter(search="retries"))[1] == 1
    with pytest.raises(NotFoundError, match="not deleted"):
        ws.restore(e.id)


def test_unknown_entry_id_is_not_found(ws: Workspace) -> None:
    with pytest.raises(NotFoundError, match="no entry #999"):
        ws.entry(999)


def test_init_profile_validates_levels_and_identities(bare_ws: Workspace) -> None:
    with pytest.raises(InputError, match="unknown level 'seinor'"):
        bare_ws.init_profile(ProfileInput(name="Ada", level="seinor"))
    with pytest.raises(InputError, match="below the current level"):
        bare_ws.init_profile(ProfileInput(name="Ada", level="staff", target_level="mid"))
    with pytest.raises(InputError, match="not an email"):
        bare_ws.init_profile(ProfileInput(name="Ada", emails=["ada"]))
    with pytest.raises(InputError, match="empty"):
        bare_ws.init_profile(ProfileInput(name=" "))
    assert bare_ws.profile() is None
    me = bare_ws.init_profile(
        ProfileInput(
            name="Ada",
            emails=["Ada@Example.com"],
            handles=["@github:ada"],
            level="mid",
            target_level="senior",
        )
    )
    assert (me.emails, me.handles, me.level, me.target_level) == (
        ("ada@example.com",),
        ("github:ada",),
        "mid",
        "senior",
    )
    again = bare_ws.init_profile(ProfileInput(name="Ada L", emails=["ada@work.example"]))
    assert again.id == me.id and again.emails == ("ada@work.example",)


def test_status_counts_entries_per_area(ws: Workspace) -> None:
    ws.log("a", areas=["mentorship"])
    ws.log("b", areas=["mentorship", "operations"])
    gone = ws.log("c", areas=["operations"])
    ws.remove(gone.id)
    status = ws.status()
    assert (status.entries, status.deleted) == (2, 1)
    assert (
        status.by_area["mentorship"] == 2
        and status.by_area["operations"] == 1
        and status.by_area["delivery"] == 0
    )


def test_every_row_of_a_person_carries_its_owner(ws: Workspace) -> None:
    ws.log("owned")
    owner = ws.profile()
    assert owner is not None
    assert (
        ws.store.scalar("SELECT COUNT(*) FROM evidence WHERE person_id <> :p", {"p": owner.id}) == 0
    )


def test_home_and_url_resolution_follow_flag_then_environment(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert resolve_home(tmp_path / "a", {"LADDER_HOME": str(tmp_path / "b")}) == tmp_path / "a"
    assert resolve_home(None, {"LADDER_HOME": str(tmp_path / "b")}) == tmp_path / "b"
    assert resolve_home(None, {}).name == "ladder"  # the platform's user data folder
    assert resolve_url(tmp_path, {}) == f"sqlite:///{tmp_path / 'ladder.db'}"
    assert (
        resolve_url(tmp_path, {"LADDER_DATABASE_URL": "postgresql://x@y/z"}) == "postgresql://x@y/z"
    )
