"""Review and sign-off: decisions appended to the hash-chained log, latest wins, shown by history,
listed by ``review --json``, covered by verify (a tampered decision is caught), on the site, and
``notice --reviewed-only``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.redline_helpers import POLICY, V2, demo_store, store_version
from tracker.cli import main
from tracker.evidence.verify import verify
from tracker.review import awaiting_review, latest_review, record_review, resolve_change
from tracker.site.build import build_site
from tracker.store import Store, canonical_json, record_hash


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.fixture
def stored(tmp_path: Path) -> tuple[Path, Store]:
    return demo_store(tmp_path)


def test_decisions_are_logged_latest_wins_and_history_shows_them(stored: tuple[Path, Store]) -> None:
    _, store = stored
    root = str(store.root)
    old_id, new_id = (m.snapshot_id for m in store.snapshots(POLICY))
    code, out = _run("review", "--store", root, "--json")
    assert code == 0
    queue = json.loads(out)
    assert queue["schema"] == "policy-tracker/review-queue/1"
    assert [(a["policy_id"], a["change"], a["materiality"]) for a in queue["awaiting"]] == [
        (POLICY, f"{old_id}__{new_id}", "material")
    ]
    code, out = _run("review", POLICY, "latest", "--decision", "needs-action", "--note", "ask DPO about retention",
                     "--by", "A. Counsel", "--store", root)  # fmt: skip
    assert code == 0 and out == f"{POLICY}: {old_id}__{new_id}: needs-action by A. Counsel (log seq 5)\n"
    code, out = _run("review", POLICY, f"{old_id}__{new_id}", "--decision", "material", "--note", "notify users",
                     "--by", "B. Partner", "--store", root, "--json")  # fmt: skip
    assert code == 0 and json.loads(out)["decision"] == "material"
    review = latest_review(store, POLICY, old_id, new_id)
    assert review is not None
    assert (review.decision, review.by, review.note) == ("material", "B. Partner", "notify users")
    assert awaiting_review(store) == []
    code, out = _run("history", POLICY, "--store", root)
    lines = [line for line in out.splitlines() if " review " in line]
    assert len(lines) == 2
    assert "needs-action" in lines[0] and "by A. Counsel: ask DPO about retention" in lines[0]
    assert "material" in lines[1] and f"{old_id}__{new_id} by B. Partner: notify users" in lines[1]
    assert verify(store).ok


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["latest", "--decision", "maybe", "--by", "x"], "Invalid value for '--decision'"),
        (["latest", "--decision", "material"], "error: policy 'indiamart': review latest: give --decision and --by"),
        (["~1", "--decision", "material", "--by", "x"], "is the first snapshot, no change brought it in"),
        (["2000-01-01", "--decision", "material", "--by", "x"], "error: policy 'indiamart': no snapshot on or before"),
        (["latest", "--decision", "material", "--by", " "], "error: policy 'indiamart': a review needs the reviewer's"),
    ],
)
def test_bad_reviews_are_refused_and_nothing_is_logged(
    stored: tuple[Path, Store], args: list[str], message: str
) -> None:
    _, store = stored
    before = store.log_path(POLICY).read_bytes()
    code, out = _run("review", POLICY, *args, "--store", str(store.root))
    assert code == 2 and message in out
    assert store.log_path(POLICY).read_bytes() == before


def test_queue_of_an_unknown_policy_is_an_error(stored: tuple[Path, Store]) -> None:
    _, store = stored
    code, out = _run("review", "nope", "--store", str(store.root))
    assert (code, out) == (2, f"error: policy 'nope': no history in {store.root}\n")
    code, out = _run("review", "../etc", "--store", str(store.root))
    assert code == 2 and "not a valid policy id" in out


def test_verify_catches_a_tampered_decision(stored: tuple[Path, Store]) -> None:
    _, store = stored
    record_review(store, POLICY, "latest", decision="not-material", note="cosmetic", by="A. Counsel")
    record_review(store, POLICY, "latest", decision="not-material", note="confirmed", by="B. Partner")
    log = store.log_path(POLICY)
    original = log.read_text()
    # someone edits an earlier decision in place
    lines = original.splitlines(keepends=True)
    lines[4] = lines[4].replace('"decision":"not-material"', '"decision":"material"')
    log.write_text("".join(lines))
    report = verify(store)
    assert [(p.kind, p.file) for p in report.problems] == [("altered_record", f"{POLICY}/log.jsonl line 5")]
    # ... or re-hashes the edited last record so its own hash matches: the decision is still checked
    lines = original.splitlines(keepends=True)
    record = json.loads(lines[-1])
    record["decision"] = "approved"
    record["hash"] = record_hash(record)
    lines[-1] = canonical_json(record) + "\n"
    log.write_text("".join(lines))
    problems = verify(store).problems
    assert [p.kind for p in problems] == ["bad_review"]
    assert "decision 'approved' is not a decision" in problems[0].line()
    code, out = _run("verify", "--store", str(store.root))
    assert code != 0 and "bad_review" in out


def test_reviewed_only_notices_wait_for_a_material_decision(stored: tuple[Path, Store], tmp_path: Path) -> None:
    cfg, store = stored
    out = tmp_path / "drafts"
    args = ["notice", POLICY, "--config", str(cfg), "--reviewed-only", "--out", str(out), "--today", "2026-12-01"]
    code, text = _run(*args)
    assert code == 0 and "not reviewed as material (awaiting review): no notice drafted" in text
    assert not out.exists()
    record_review(store, POLICY, "latest", decision="not-material", note="", by="A. Counsel")
    code, text = _run(*args, "--json")
    assert json.loads(text)["held_back"] == "not reviewed as material (latest decision: not-material)"
    record_review(store, POLICY, "latest", decision="material", note="send notice", by="B. Partner")
    code, text = _run(*args, "--json")
    record = json.loads(text)
    assert code == 0 and record["review"]["by"] == "B. Partner" and record["held_back"] is None
    assert "five years" in (out / "notice-email.txt").read_text()


def test_site_shows_review_state_queue_and_notes(stored: tuple[Path, Store], tmp_path: Path) -> None:
    _, store = stored
    store_version(store, POLICY, V2.read_bytes().replace(b"five years", b"seven years"), "2026-12-01T08:00:00Z",
                  "text/html; charset=utf-8")  # fmt: skip
    first, second = resolve_change(store, POLICY, "~1"), resolve_change(store, POLICY, "latest")
    record_review(store, POLICY, "~1", decision="material", note="<b>notify</b> users by 1 Dec", by="A. Counsel")
    site = tmp_path / "site"
    build_site(store, site, workers=0)
    index = (site / "index.html").read_text()
    assert 'id="review-queue"' in index and f"{second[0]}__{second[1]}" in index
    assert f"{first[0]}__{first[1]}" not in index.split('id="review-queue"')[1].split("</table>")[0]
    page = (site / POLICY / "reports" / f"{first[0]}__{first[1]}" / "report.html").read_text()
    assert "&lt;b&gt;notify&lt;/b&gt; users by 1 Dec" in page and "<b>notify" not in page
    timeline = (site / POLICY / "index.html").read_text()
    assert 'class="decision material"' in timeline and 'class="decision awaiting"' in timeline


def test_report_of_a_stored_change_carries_its_review(stored: tuple[Path, Store], tmp_path: Path) -> None:
    import io

    import docx

    _, store = stored
    root = str(store.root)
    code, html = _run("report", POLICY, "--store", root)
    assert code == 0 and "awaiting review" in html and f"policy-tracker review {POLICY} " in html
    record_review(store, POLICY, "latest", decision="material", note="notify users", by="B. Partner")
    code, html = _run("report", POLICY, "--store", root, "--whole")
    assert code == 0 and "material</span> by B. Partner" in html and "notify users" in html
    out = tmp_path / "r.docx"
    assert _run("report", POLICY, "--format", "docx", "-o", str(out), "--store", root)[0] == 0
    cover = {r.cells[0].text: r.cells[1].text for r in docx.Document(io.BytesIO(out.read_bytes())).tables[0].rows}
    assert cover["Review"].startswith("material — B. Partner, ") and cover["Review"].endswith(": notify users")
