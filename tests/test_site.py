"""The static site: pages, links, feeds, escaping, bad input, the CLI, and the live preview."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import httpx
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from tests.checks_helpers import FAST, SECTIONS, policy_page, snapshot_fingerprint, write_config
from tests.conftest import LocalServer, Response
from tests.site_helpers import MALICIOUS, SHARING_EDIT, add_version, seed_store
from tracker.check import run_check
from tracker.cli import main
from tracker.config import load_config
from tracker.errors import StoreError, TrackerError
from tracker.site.build import build_site
from tracker.site.serve import serve_site
from tracker.store import Store

ATOM = "{http://www.w3.org/2005/Atom}"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def local_links(page: Path) -> list[str]:
    """Every relative href of a page (anchors and absolute URLs left out)."""
    hrefs = [str(a.get("href")) for a in soup(page).find_all(["a", "link"]) if a.get("href")]
    return [h for h in hrefs if not urlsplit(h).scheme and not h.startswith("#")]


@pytest.fixture
def site(tmp_path: Path, seed_markdown: str) -> tuple[Store, Path]:
    store = seed_store(tmp_path / "store", seed_markdown)
    out = tmp_path / "site"
    build_site(store, out)
    return store, out


def test_every_page_is_written_and_every_link_resolves(site: tuple[Store, Path]) -> None:
    store, out = site
    acme = [m.snapshot_id for m in store.snapshots("acme")]
    assert len(acme) == 3
    expected = [
        "index.html",
        "feed.atom",
        "acme/index.html",
        "acme/feed.atom",
        f"acme/reports/{acme[0]}__{acme[1]}/report.html",
        f"acme/reports/{acme[1]}__{acme[2]}/report.html",
        *(f"acme/snapshots/{sid}.html" for sid in acme),
        *(f"acme/snapshots/{sid}.md" for sid in acme),
        *(f"acme/snapshots/{sid}.raw.html.txt" for sid in acme),
        "globex/index.html",
    ]
    for name in expected:
        assert (out / name).is_file(), name
    pages = sorted(out.rglob("*.html"))
    assert len(pages) == 1 + 2 + 2 + 3 + 1  # index, two timelines, two changes, acme and globex snapshots
    for page in pages:
        for href in local_links(page):
            target = (page.parent / unquote(href.split("#")[0])).resolve()
            assert target.is_file(), f"{page.relative_to(out)} links to missing {href}"


def test_index_shows_last_checked_changed_material_and_anomalies(site: tuple[Store, Path]) -> None:
    store, out = site
    acme = [m.snapshot_id for m in store.snapshots("acme")]
    rows = {tr["id"]: tr for tr in soup(out / "index.html").select("#policies tbody tr")}
    assert set(rows) == {"policy-acme", "policy-globex"}
    cells = [td.get_text(" ", strip=True) for td in rows["policy-acme"].find_all("td")]
    assert cells[0] == "2026-03-05 09:00 UTC"  # last checked
    assert cells[1] == "2026-03-05 09:00 UTC editorial"  # last changed: the editorial edit
    assert cells[2] == "2026-02-05 09:00 UTC"  # last material change: the sharing edit
    assert rows["policy-acme"].find("time")["datetime"] == "2026-03-05T09:00:00Z"
    assert rows["policy-acme"].find_all("td")[2].a["href"] == f"acme/reports/{acme[0]}__{acme[1]}/report.html"
    assert cells[3] == "none"
    assert "Sharing with third parties" in cells[4]
    assert "material" in rows["policy-acme"]["data-materiality"].split()
    assert "third_party_sharing" in rows["policy-acme"]["data-topics"].split()
    globex = [td.get_text(" ", strip=True) for td in rows["policy-globex"].find_all("td")]
    assert globex[0] == "2026-03-06 09:00 UTC"
    assert globex[1] == "no change seen"
    assert "1 open" in globex[3] and "bot-challenge" in globex[3]


def test_timeline_lists_every_snapshot_and_check_with_changes_marked(site: tuple[Store, Path]) -> None:
    store, out = site
    page = soup(out / "acme" / "index.html")
    items = page.select("ol.timeline li")
    assert len(items) == len(store.records("acme")) == 6  # 3 snapshots + 3 checks
    marked = [li for li in items if "has-change" in li["class"]]
    assert len(marked) == 4  # the two later snapshots and the two "changed" checks
    assert {li["data-materiality"] for li in marked} == {"material", "editorial"}
    changes = page.select("#change-list tbody tr")
    assert [tr["data-materiality"] for tr in changes] == ["material", "editorial"]
    options = [o["value"] for o in page.select("#compare-old option")]
    assert options == [m.snapshot_id for m in store.snapshots("acme")]
    assert "policy-tracker diff acme@OLD acme@NEW" in page.get_text(" ")


def test_change_page_is_the_redline_with_neighbour_and_snapshot_links(site: tuple[Store, Path]) -> None:
    store, out = site
    ids = [m.snapshot_id for m in store.snapshots("acme")]
    first = out / "acme" / "reports" / f"{ids[0]}__{ids[1]}" / "report.html"
    page = soup(first)
    assert "advertising partners and data brokers" in " ".join(t.get_text() for t in page.find_all("ins"))
    names = [a.get_text(strip=True) for a in page.select("dl.versions a")]
    hrefs = {a["href"] for a in page.select("dl.versions a")}
    assert any(n.startswith("next change (") for n in names) and not any(n.startswith("previous") for n in names)
    assert not [n for n in names if "/" in n or any(sid in n for sid in ids)]  # names, not paths or ids
    assert f"../{ids[1]}__{ids[2]}/report.html" in hrefs
    assert f"../../snapshots/{ids[0]}.raw.html.txt" in hrefs
    assert f"../../snapshots/{ids[1]}.md" in hrefs
    assert f"../../snapshots/{ids[1]}.html" in hrefs
    second = soup(out / "acme" / "reports" / f"{ids[1]}__{ids[2]}" / "report.html")
    second_hrefs = {a["href"] for a in second.select("dl.versions a")}
    assert not any(a.get_text().startswith("next change") for a in second.select("dl.versions a"))
    assert f"../{ids[0]}__{ids[1]}/report.html" in second_hrefs


def test_snapshot_page_has_an_anchor_per_section(site: tuple[Store, Path]) -> None:
    store, out = site
    meta = store.snapshots("acme")[1]
    document = store.load("acme", meta.snapshot_id).document
    page = soup(out / "acme" / "snapshots" / f"{meta.snapshot_id}.html")
    anchors = [s["id"] for s in page.select("article.policy section")]
    assert anchors == [s.id for s in document.sections]
    toc = [a["href"] for a in page.select("nav.toc a")]
    assert toc == [f"#{s.id}" for s in document.sections if s.heading]
    assert "advertising partners and data brokers" in page.select_one("article.policy").get_text()
    assert (out / "acme" / "snapshots" / f"{meta.snapshot_id}.md").read_text() == document.to_markdown()
    assert (out / "acme" / "snapshots" / f"{meta.snapshot_id}.raw.html.txt").read_bytes() == store.raw_bytes(
        "acme", meta.snapshot_id
    )


def test_site_from_real_checks_links_feed_entries_to_change_pages(tmp_path: Path, http_server: LocalServer) -> None:
    http_server.routes["/p"] = Response(policy_page())
    cfg = write_config(tmp_path, [{"id": "acme", "name": "Acme Corp", "url": http_server.url("/p")}])
    run_check(load_config(cfg), fetch_options=FAST)
    edited = [(h, t + " We may now sell your personal data to advertisers.") for h, t in SECTIONS]
    http_server.routes["/p"] = Response(policy_page(edited))
    outcome = run_check(load_config(cfg), fetch_options=FAST).outcomes[0]
    assert outcome.status == "changed"
    store = Store(tmp_path / "snapshots")
    stats = build_site(store, tmp_path / "site", config=load_config(cfg))
    assert (stats.policies, stats.snapshots, stats.changes) == (1, 2, 1)
    out = tmp_path / "site"
    assert "Acme Corp" in soup(out / "index.html").select_one("#policy-acme th").get_text()
    for feed_path in (out / "feed.atom", out / "acme" / "feed.atom"):
        entries = ElementTree.fromstring(feed_path.read_bytes()).findall(f"{ATOM}entry")
        assert len(entries) == 1
        link = entries[0].find(f"{ATOM}link")
        assert link is not None
        target = feed_path.parent / (link.get("href") or "")
        assert target.is_file()
        assert "sell your personal data" in target.read_text(encoding="utf-8")
    stored = json.loads(
        (
            store.report_dir("acme", outcome.previous_snapshot_id or "", outcome.snapshot_id or "") / "diff.json"
        ).read_text()
    )
    row = soup(out / "acme" / "index.html").select_one("#change-list tbody tr")
    levels = [c["materiality"] for c in stored["changes"] if c["materiality"]]
    assert row["data-materiality"] == ("material" if "material" in levels else levels[0])


def test_policy_text_is_escaped_and_raw_pages_are_text(tmp_path: Path, seed_markdown: str) -> None:
    store = Store(tmp_path / "store")
    add_version(store, "evil", seed_markdown, "2026-01-01T00:00:00Z", raw=b"<script>alert(1)</script>")
    add_version(
        store, "evil", seed_markdown + "\n\n## " + MALICIOUS + "\n\n" + MALICIOUS + "\n", "2026-01-02T00:00:00Z"
    )
    out = tmp_path / "site"
    build_site(store, out)
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<img src=x" not in html and "onerror=" not in html.replace("onerror=&#34;", ""), page
        scripts = BeautifulSoup(html, "lxml").find_all("script")
        assert len(scripts) == 1 and "pwned" not in scripts[0].get_text(), page
    snapshot = out / "evil" / "snapshots" / f"{store.snapshots('evil')[1].snapshot_id}.html"
    assert "&lt;script&gt;window.pwnedFlag" in snapshot.read_text(encoding="utf-8")
    raws = sorted(p.name for p in (out / "evil" / "snapshots").iterdir() if ".raw." in p.name)
    assert raws and all(name.endswith(".raw.html.txt") for name in raws)


def test_bad_output_folders_and_empty_store_are_one_line_errors(tmp_path: Path, seed_markdown: str) -> None:
    store = seed_store(tmp_path / "store", seed_markdown)
    with pytest.raises(TrackerError, match="inside the snapshot store"):
        build_site(store, tmp_path / "store" / "site")
    with pytest.raises(TrackerError, match="inside the snapshot store"):
        build_site(store, tmp_path / "store")
    (tmp_path / "afile").write_text("x")
    with pytest.raises(TrackerError, match="afile: exists and is not a folder"):
        build_site(store, tmp_path / "afile")
    with pytest.raises(StoreError, match="no tracked policies"):
        build_site(Store(tmp_path / "empty"), tmp_path / "out")


def test_unreadable_snapshot_and_log_are_reported_and_never_touched(tmp_path: Path, seed_markdown: str) -> None:
    store = seed_store(tmp_path / "store", seed_markdown)
    broken = store.snapshots("acme")[1].snapshot_id
    (store.snapshot_dir("acme", broken) / "policy.json").write_text("{not json", encoding="utf-8")
    log = store.log_path("globex")
    log.write_bytes(b"{garbage\n" + log.read_bytes())
    before = snapshot_fingerprint(store.root)
    logs_before = {p: p.read_bytes() for p in store.root.glob("*/log.jsonl")}
    stats = build_site(store, tmp_path / "site")
    assert snapshot_fingerprint(store.root) == before
    assert {p: p.read_bytes() for p in store.root.glob("*/log.jsonl")} == logs_before
    assert any(f"snapshot {broken} is unreadable" in w for w in stats.warnings)
    assert any("'globex'" in w and "not valid JSON" in w for w in stats.warnings)
    assert stats.policies == 1 and stats.snapshots == 2 and stats.changes == 1
    index = soup(tmp_path / "site" / "index.html").get_text(" ")
    assert "could not be read" in index and "globex" in index
    assert f"snapshot {broken} is unreadable" in soup(tmp_path / "site" / "acme" / "index.html").get_text(" ")


def test_cli_site_writes_and_reports_errors(tmp_path: Path, seed_markdown: str) -> None:
    seed_store(tmp_path / "store", seed_markdown)
    runner = CliRunner()
    result = runner.invoke(main, ["site", "--store", str(tmp_path / "store"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert re.search(r"wrote 9 pages \(\d+ files\) for 2 policies, 4 snapshots, 2 changes", result.output)
    assert (tmp_path / "out" / "index.html").is_file()
    bad = runner.invoke(main, ["site", "--store", str(tmp_path / "nothing"), "--out", str(tmp_path / "o2")])
    assert bad.exit_code == 2
    assert bad.output.strip().splitlines()[-1].startswith("error: store ")


def test_serve_previews_over_http_and_rebuilds_when_the_store_changes(tmp_path: Path, seed_markdown: str) -> None:
    store = seed_store(tmp_path / "store", seed_markdown)
    preview = serve_site(store, tmp_path / "site", port=0, interval=0.1)
    try:
        assert preview.url.startswith("http://127.0.0.1:")
        with httpx.Client(base_url=preview.url, timeout=5) as client:
            index = client.get("index.html")
            assert index.status_code == 200
            assert "policy-initech" not in index.text
            raw = client.get(f"acme/snapshots/{store.snapshots('acme')[0].snapshot_id}.raw.html.txt")
            assert raw.headers["content-type"].startswith("text/plain")
            assert raw.headers["x-content-type-options"] == "nosniff"
            assert client.get("../../etc/passwd").status_code == 404
            add_version(store, "initech", seed_markdown.replace(*SHARING_EDIT), "2026-04-01T00:00:00Z")
            deadline = time.monotonic() + 30
            while "policy-initech" not in client.get("index.html").text and time.monotonic() < deadline:
                time.sleep(0.1)
            assert "policy-initech" in client.get("index.html").text
            assert client.get("initech/index.html").status_code == 200
        assert preview.builds >= 2 and preview.last_error is None
    finally:
        preview.stop()


def test_workers_build_the_same_site_as_one_process(tmp_path: Path, seed_markdown: str) -> None:
    store = seed_store(tmp_path / "store", seed_markdown)
    inline = build_site(store, tmp_path / "inline", workers=0)
    pooled = build_site(store, tmp_path / "pooled", workers=2)
    assert (pooled.policies, pooled.snapshots, pooled.changes, pooled.pages, pooled.files) == (
        inline.policies,
        inline.snapshots,
        inline.changes,
        inline.pages,
        inline.files,
    )
    names = sorted(str(p.relative_to(tmp_path / "inline")) for p in (tmp_path / "inline").rglob("*") if p.is_file())
    assert names == sorted(
        str(p.relative_to(tmp_path / "pooled")) for p in (tmp_path / "pooled").rglob("*") if p.is_file()
    )
    for name in names:
        if name.endswith((".json", ".md", ".txt", ".source")):
            assert (tmp_path / "inline" / name).read_bytes() == (tmp_path / "pooled" / name).read_bytes(), name


def test_rebuild_reuses_a_previous_diff_only_while_its_source_matches(tmp_path: Path, seed_markdown: str) -> None:
    store = seed_store(tmp_path / "store", seed_markdown)
    out = tmp_path / "site"
    build_site(store, out)
    ids = [m.snapshot_id for m in store.snapshots("acme")]
    folder = out / "acme" / "reports" / f"{ids[0]}__{ids[1]}"
    cached = json.loads((folder / "diff.json").read_text())
    cached["changes"][0]["materiality"] = "review"  # a mark only the cache can carry
    (folder / "diff.json").write_text(json.dumps(cached))
    build_site(store, out)
    assert soup(out / "acme" / "index.html").select("#change-list tbody tr")[0]["data-materiality"] == "review"
    (folder / "diff.source").write_text("0.0.0 other texts\n")
    build_site(store, out)
    assert soup(out / "acme" / "index.html").select("#change-list tbody tr")[0]["data-materiality"] == "material"
    assert json.loads((folder / "diff.json").read_text())["changes"][0]["materiality"] == "material"


def test_cli_serve_prints_its_address_and_serves_the_site(tmp_path: Path, seed_markdown: str) -> None:
    import os
    import subprocess
    import sys

    seed_store(tmp_path / "store", seed_markdown)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    args = ["serve", "--store", str(tmp_path / "store"), "--out", str(tmp_path / "site"), "--port", "0"]
    args += ["--interval", "0.2"]
    process = subprocess.Popen(
        [sys.executable, "-m", "tracker", *args], cwd=tmp_path, stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.match(r"serving (http://127\.0\.0\.1:\d+/) ", line)
        assert match, line
        response = httpx.get(match.group(1) + "acme/index.html", timeout=10)
        assert response.status_code == 200 and "<h1>acme</h1>" in response.text
        add_version(Store(tmp_path / "store"), "initech", seed_markdown, "2026-04-01T00:00:00Z")
        assert "store changed: rebuilt 11 pages" in process.stdout.readline()
        assert httpx.get(match.group(1) + "initech/index.html", timeout=10).status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_cli_site_prints_warnings_and_still_writes_the_rest(tmp_path: Path, seed_markdown: str) -> None:
    store = seed_store(tmp_path / "store", seed_markdown)
    broken = store.snapshots("acme")[0].snapshot_id
    (store.snapshot_dir("acme", broken) / "policy.json").unlink()
    result = CliRunner().invoke(main, ["site", "--store", str(tmp_path / "store"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert f"warning: policy 'acme': snapshot {broken} is unreadable" in result.output
    assert "for 2 policies, 3 snapshots, 1 changes" in result.output


def test_a_tampered_snapshot_id_never_becomes_a_path(tmp_path: Path, seed_markdown: str) -> None:
    store = seed_store(tmp_path / "store", seed_markdown)
    meta = store.snapshots("acme")[-1].to_dict()
    meta.update(snapshot_id="../../../escaped", fetched_at="2026-06-01T00:00:00Z")
    store.append_record("acme", {"type": "snapshot", "snapshot_id": meta["snapshot_id"], "meta": meta, "files": {}})
    out = tmp_path / "nested" / "site"
    stats = build_site(store, out)
    assert any("'../../../escaped' is not a snapshot id" in w for w in stats.warnings)
    written = {p.resolve() for p in tmp_path.rglob("*") if p.is_file()}
    assert all(out.resolve() in p.parents or (tmp_path / "store").resolve() in p.parents for p in written)
    assert not any("escaped" in p.name for p in written)
    assert stats.snapshots == 4 and stats.changes == 2


def test_configured_policies_never_checked_are_listed(tmp_path: Path, seed_markdown: str) -> None:
    seed_store(tmp_path / "snapshots", seed_markdown)
    cfg = write_config(
        tmp_path,
        [
            {"id": "acme", "name": "Acme Corp", "url": "https://acme.example/privacy"},
            {"id": "newco", "name": "NewCo", "url": "https://newco.example/privacy"},
        ],
    )
    stats = build_site(Store(tmp_path / "snapshots"), tmp_path / "site", config=load_config(cfg))
    assert stats.policies == 3 and stats.warnings == []
    rows = {tr["id"]: tr for tr in soup(tmp_path / "site" / "index.html").select("#policies tbody tr")}
    assert rows["policy-newco"].th.a.get_text() == "NewCo"
    assert rows["policy-newco"].td.get_text(strip=True) == "never"
    assert rows["policy-acme"].th.a.get_text() == "Acme Corp"
    assert "No change seen yet." in soup(tmp_path / "site" / "newco" / "index.html").get_text()


def test_a_missing_raw_file_is_reported_and_leaves_no_broken_link(tmp_path: Path, seed_markdown: str) -> None:
    store = seed_store(tmp_path / "store", seed_markdown)
    sid = store.snapshots("acme")[1].snapshot_id
    (store.snapshot_dir("acme", sid) / "raw.html").unlink()
    out = tmp_path / "site"
    stats = build_site(store, out)
    assert f"policy 'acme': snapshot {sid}: raw.html is missing" in stats.warnings
    assert stats.snapshots == 4 and stats.changes == 2
    page = out / "acme" / "snapshots" / f"{sid}.html"
    assert "raw response missing from the store" in soup(page).get_text()
    for html in out.rglob("*.html"):
        for href in local_links(html):
            assert (html.parent / unquote(href.split("#")[0])).resolve().is_file(), f"{html} links to {href}"


def test_a_reextracted_snapshot_gets_a_fresh_diff_not_the_stale_one(tmp_path: Path, http_server: LocalServer) -> None:
    from dataclasses import replace

    from tracker.models import Clause

    http_server.routes["/p"] = Response(policy_page())
    cfg = write_config(tmp_path, [{"id": "acme", "name": "Acme", "url": http_server.url("/p")}])
    run_check(load_config(cfg), fetch_options=FAST)
    http_server.routes["/p"] = Response(policy_page([(h, t + " We may sell it.") for h, t in SECTIONS]))
    outcome = run_check(load_config(cfg), fetch_options=FAST).outcomes[0]
    store = Store(tmp_path / "snapshots")
    new_id = outcome.snapshot_id or ""
    document = store.load("acme", new_id).document
    last = document.sections[-1]
    extra = replace(last, clauses=(*last.clauses, Clause("A clause only the new extractor sees.")))
    store.add_extraction("acme", new_id, replace(document, sections=(*document.sections[:-1], extra)), "test-2")
    out = tmp_path / "site"
    build_site(store, out)
    report = out / "acme" / "reports" / f"{outcome.previous_snapshot_id}__{new_id}" / "report.html"
    assert "A clause only the new extractor sees." in report.read_text(encoding="utf-8")
    stored = store.report_dir("acme", outcome.previous_snapshot_id or "", new_id) / "diff.json"
    assert "A clause only the new extractor sees." not in stored.read_text(encoding="utf-8")


def test_topics_changed_are_those_the_summary_names_not_an_editorial_clauses(
    tmp_path: Path, seed_markdown: str
) -> None:
    store = Store(tmp_path / "store")
    add_version(store, "acme", seed_markdown, "2026-01-05T09:00:00Z")
    typo = (
        "commercially reasonable and industry-standard security",
        "commercially-reasonable and industry standard security",
    )
    edited = seed_markdown.replace(*SHARING_EDIT).replace(*typo)
    add_version(store, "acme", edited, "2026-02-05T09:00:00Z")
    out = tmp_path / "site"
    build_site(store, out)
    row = soup(out / "index.html").select_one("#policy-acme")
    assert row is not None
    assert "third_party_sharing" in str(row["data-topics"]).split()
    assert "data_security" not in str(row["data-topics"]).split()  # only the editorial typo fix touched it
    assert "Data security" not in row.find_all("td")[4].get_text(" ", strip=True)
