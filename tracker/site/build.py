"""The static site: a browsable history of every tracked policy, readable from ``file://``.

Layout of the output folder (links are relative, nothing is loaded from elsewhere)::

    index.html                                   every policy: last checked / changed / material, anomalies
    feed.atom                                    Atom feed of every change (``tracker.report.feed``)
    <policy>/index.html                          timeline: every snapshot and check, the changes, compare
    <policy>/feed.atom                           Atom feed of the policy's changes
    <policy>/reports/<old>__<new>/report.html    one change: the redline report (``tracker.report.render``)
    <policy>/snapshots/<snapshot>.html           the normalised policy as it read then, section anchors
    <policy>/snapshots/<snapshot>.md             its normalised Markdown
    <policy>/snapshots/<snapshot>.raw.html.txt   the raw response (``.txt`` so a browser shows, never runs, it)

Change pages sit where the feeds already point (``<policy>/reports/<old>__<new>/report.html``).
Every page carries a Content-Security-Policy that allows only the site's own script (below) by
its hash, so nothing in policy text, already escaped by Jinja2, could run. The script adds the
topic/materiality filters and the two-snapshot comparison; without it every row is shown and
the page says how to compare with ``policy-tracker diff``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from tracker import __version__
from tracker.classify import default_lexicon
from tracker.config import Config
from tracker.errors import StoreError, TrackerError
from tracker.evidence.keys import load_private_key
from tracker.evidence.verify import verify
from tracker.extract.pool import make_pool, pool_size
from tracker.models import Clause, PolicyDocument, Section, SnapshotMeta, utc_now
from tracker.report.feed import FEED_NAME, build_feed
from tracker.report.render import render_report_html
from tracker.site.data import DIFF_NAME, DIFF_SOURCE_NAME, Change, PolicyView, diff_source_key, gather_policy
from tracker.site.labels import snapshot_labels
from tracker.store import Store, refuse_inside_store
from tracker.templating import render

SITE_SCRIPT = (
    "(function(){var d=document.documentElement;d.classList.add('js');"
    "function val(id){var e=document.getElementById(id);return e?e.value:'';}"
    "function has(list,v){return (' '+(list||'')+' ').indexOf(' '+v+' ')>=0;}"
    "function filter(){var t=val('filter-topic'),m=val('filter-materiality'),n=0;"
    "var rows=document.querySelectorAll('[data-filterable]');"
    "for(var i=0;i<rows.length;i++){var r=rows[i];"
    "var ok=(!t||has(r.getAttribute('data-topics'),t))&&(!m||has(r.getAttribute('data-materiality'),m));"
    "r.hidden=!ok;if(ok&&r.tagName==='TR'){n++;}}"
    "var s=document.getElementById('filter-status');if(s){s.textContent=(t||m)?n+' shown':'';}}"
    "function text(tag,value){var e=document.createElement(tag);e.textContent=value;return e;}"
    "function compare(ev){ev.preventDefault();var out=document.getElementById('compare-result');"
    "var o=document.getElementById('compare-old'),w=document.getElementById('compare-new');"
    "var a=o.selectedIndex,b=w.selectedIndex,ids=[],hits=[];out.textContent='';"
    "if(a>=b){out.appendChild(text('p','Pick an older snapshot first and a newer one second.'));return;}"
    "for(var i=0;i<o.options.length;i++){ids.push(o.options[i].value);}"
    "var rows=document.querySelectorAll('tr[data-old]');"
    "for(var j=0;j<rows.length;j++){var r=rows[j],x=ids.indexOf(r.getAttribute('data-old')),"
    "y=ids.indexOf(r.getAttribute('data-new'));"
    "if(x===a&&y===b){window.location.href=r.getAttribute('data-href');return;}"
    "if(x>=a&&y<=b&&x<y){hits.push(r);}}"
    "out.appendChild(text('p','These snapshots are not consecutive; the changes between them:'));"
    "var ul=document.createElement('ul');hits.forEach(function(r){var li=document.createElement('li'),"
    "link=text('a',r.cells[0].textContent+' '+r.cells[2].textContent.trim());"
    "link.href=r.getAttribute('data-href');li.appendChild(link);ul.appendChild(li);});out.appendChild(ul);"
    "var pid=document.getElementById('compare').getAttribute('data-policy'),p=text('p','One redline of the two: ');"
    "p.appendChild(text('code','policy-tracker diff '+pid+'@'+ids[a]+' '+pid+'@'+ids[b]"
    "+' --format html -o compare.html'));"
    "out.appendChild(p);}"
    "document.addEventListener('change',function(e){var t=e.target;"
    "if(t&&t.id&&t.id.indexOf('filter-')===0){filter();}});"
    "var form=document.getElementById('compare');if(form){form.addEventListener('submit',compare);}filter();})();"
)
SITE_SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(SITE_SCRIPT.encode()).digest()).decode()

RAW_SUFFIX = {"raw.html": ".raw.html.txt", "raw.txt": ".raw.txt", "raw.pdf": ".raw.pdf"}


@dataclass
class SiteStats:
    """What ``build_site`` wrote."""

    out: Path
    policies: int = 0
    snapshots: int = 0
    changes: int = 0
    pages: int = 0  # HTML pages
    files: int = 0  # every file written, pages included
    warnings: list[str] = field(default_factory=list)  # what could not be shown, one line each


def raw_name(meta: SnapshotMeta) -> str:
    """File name of a snapshot's raw response in the site (HTML gets ``.txt``: shown, never run)."""
    return meta.snapshot_id + RAW_SUFFIX.get(meta.raw_filename, ".raw.bin")


def _check_out_dir(store: Store, out: Path) -> None:
    refuse_inside_store(store.root, out, "the site")
    if out.exists() and not out.is_dir():
        raise TrackerError(f"{out}: exists and is not a folder")


class _Writer:
    """Writes site files and counts them. A file whose content is unchanged is left alone (most
    of a rebuild); an existing file is replaced whole, so ``serve`` never sends half of one."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.files = 0
        self.pages = 0
        self._folders: set[Path] = set()

    def write(self, relative: str, data: str | bytes) -> None:
        payload = data.encode("utf-8") if isinstance(data, str) else data
        path = self.out / relative
        self.files += 1
        self.pages += relative.endswith(".html")
        try:
            if path.stat().st_size == len(payload) and path.read_bytes() == payload:
                return
        except FileNotFoundError:
            if path.parent not in self._folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(path.parent)
            path.write_bytes(payload)  # a new file: no reader can hold an older version of it
            return
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        tmp.write_bytes(payload)
        os.replace(tmp, path)


@dataclass
class _PolicyResult:
    """What one policy's job sends back to ``build_site`` (documents dropped: the index needs none)."""

    view: PolicyView | None
    error: str | None
    files: int
    pages: int


def _blocks(section: Section) -> list[tuple[str, list[Clause]]]:
    """A section's clauses grouped into runs of list items and runs of other clauses."""
    blocks: list[tuple[str, list[Clause]]] = []
    for clause in section.clauses:
        kind = "list" if clause.kind == "list_item" else "text"
        if blocks and blocks[-1][0] == kind:
            blocks[-1][1].append(clause)
        else:
            blocks.append((kind, [clause]))
    return blocks


def _change_links(view: PolicyView, index: int, labels: dict[str, str]) -> dict[str, str]:
    """The report's links, each named for a reader: what it is and the version's date."""
    change = view.changes[index]
    metas = {m.snapshot_id: m for m in view.snapshots}
    old, new = labels[change.old_id], labels[change.new_id]
    links = {
        f"{view.name}: every change": "../../index.html",
        "all policies": "../../../index.html",
        f"the version of {old}": f"../../snapshots/{change.old_id}.html",
        f"the version of {new}": f"../../snapshots/{change.new_id}.html",
        f"text of {old} (Markdown)": f"../../snapshots/{change.old_id}.md",
        f"text of {new} (Markdown)": f"../../snapshots/{change.new_id}.md",
    }
    for side, sid in ((old, change.old_id), (new, change.new_id)):
        if sid not in view.missing_raw:
            links[f"page as fetched on {side}"] = f"../../snapshots/{raw_name(metas[sid])}"
    if index > 0:
        previous = view.changes[index - 1]
        links[f"previous change ({labels[previous.new_id]})"] = f"../{previous.key}/report.html"
    if index + 1 < len(view.changes):
        following = view.changes[index + 1]
        links[f"next change ({labels[following.new_id]})"] = f"../{following.key}/report.html"
    return links


def _write_policy(
    store: Store, view: PolicyView, writer: _Writer, common: dict[str, object], user_dir: str | Path | None
) -> None:
    pid = view.policy_id
    lexicon = default_lexicon()
    labels = snapshot_labels(view.snapshots)
    common = {**common, "topic_label": {t: lexicon.label(t) for t in view.topics}, "snapshot_label": labels}
    writer.write(f"{pid}/index.html", render("site/timeline.html", user_dir, p=view, root="../", **common))
    writer.write(f"{pid}/{FEED_NAME}", build_feed(store, pid, names={pid: view.name}))
    metas = {m.snapshot_id: m for m in view.snapshots}
    for index, change in enumerate(view.changes):
        html = render_report_html(
            change.diff,
            templates_dir=user_dir,
            title=f"Changes to {view.name}",
            links=_change_links(view, index, labels),
            integrity_problems=list(common.get("integrity_problems") or []),  # type: ignore[call-overload]
            reviews=change.reviews,
            change_key=change.key,
        )
        folder = f"{pid}/reports/{change.key}"
        writer.write(f"{folder}/report.html", html)
        diff_json = json.dumps(change.diff.to_dict(), ensure_ascii=False)  # no indent: the fast C encoder
        writer.write(f"{folder}/{DIFF_NAME}", diff_json + "\n")
        writer.write(f"{folder}/{DIFF_SOURCE_NAME}", diff_source_key(metas[change.old_id], metas[change.new_id]))
    before = {c.new_id: c for c in view.changes}
    after: dict[str, Change] = {}
    for change in view.changes:
        after.setdefault(change.old_id, change)
    for meta in view.snapshots:
        sid = meta.snapshot_id
        document: PolicyDocument = view.versions[sid].document
        page = render(
            "site/snapshot.html",
            user_dir,
            p=view,
            meta=meta,
            document=document,
            sections=[(s, _blocks(s)) for s in document.sections],
            raw_href=None if sid in view.missing_raw else raw_name(meta),
            before=before.get(sid),
            after=after.get(sid),
            root="../../",
            **common,
        )
        writer.write(f"{pid}/snapshots/{sid}.html", page)
        try:
            markdown: str | bytes = store.markdown_path(pid, sid).read_bytes()  # the stored file, as is
        except OSError:
            markdown = document.to_markdown()
        writer.write(f"{pid}/snapshots/{sid}.md", markdown)
        if sid not in view.missing_raw:
            writer.write(f"{pid}/snapshots/{raw_name(meta)}", store.raw_bytes(pid, sid))


def _policy_job(
    store: Store, policy_id: str, out: Path, config: Config | None, common: dict[str, object]
) -> _PolicyResult:
    """Gather one policy and write its pages (run inline or in a worker process)."""
    writer = _Writer(out)
    try:
        view = gather_policy(store, policy_id, config, diff_cache=out / policy_id / "reports")
    except TrackerError as exc:
        return _PolicyResult(None, str(exc), 0, 0)
    _write_policy(store, view, writer, common, config.templates_path if config else None)
    view.versions = {}
    return _PolicyResult(view, None, writer.files, writer.pages)


def _integrity_problems(store: Store, config: Config | None) -> list[str]:
    """What ``verify`` finds wrong with the store (each page shows it in a banner); [] when sound."""
    signing_key = config.evidence.signing_key if config else None
    keys = [load_private_key(signing_key).public_key()] if signing_key and signing_key.exists() else []
    try:
        report = verify(store, trusted_keys=keys, expect_signed=bool(keys))
    except StoreError as exc:
        return [str(exc)]
    return [p.line() for p in report.problems]


def _review_queue(views: list[PolicyView]) -> list[tuple[PolicyView, Change]]:
    """Every change awaiting review: material first, then by how long it has waited (oldest first)."""
    rank = {"material": 0, "review": 1, None: 2, "editorial": 3}
    queue = [(view, change) for view in views for change in view.awaiting]
    return sorted(queue, key=lambda pair: (rank.get(pair[1].materiality, 2), pair[1].at))


def build_site(store: Store, out: Path, *, config: Config | None = None, workers: int | None = None) -> SiteStats:
    """Render the whole store as a static site in ``out`` (created if needed); returns what was written.

    Policies are built in ``workers`` processes (None: one per CPU for stores of 32+ policies;
    0: in this process). Diffs are taken from the store (``check`` writes them) or from the
    previous build in ``out`` when still valid, else computed. A policy whose log cannot be
    read, or a snapshot that cannot be loaded, is left out and named in ``SiteStats.warnings``
    (and on the index / timeline); the store is only read. Raises ``StoreError`` when the store
    holds no policy and ``TrackerError`` when ``out`` is not a usable folder (a file, or inside
    the store).
    """
    out = Path(out)
    _check_out_dir(store, out)
    configured = [p.id for p in config.policies] if config else []
    policy_ids = sorted(set(store.policy_ids()) | set(configured))
    if not policy_ids:
        raise StoreError(f"store {store.root}: no tracked policies (no <policy>/log.jsonl)")
    stats = SiteStats(out=out)
    integrity = _integrity_problems(store, config)
    if integrity:
        stats.warnings.append(f"store {store.root} fails verification: {len(integrity)} problems")
    common: dict[str, object] = {
        "integrity_problems": integrity,
        "version": __version__,
        "generated_at": None,  # only the index is dated, so a rebuild leaves unchanged pages alone
        "script": Markup(SITE_SCRIPT),  # our own constant, never policy text
        "script_hash": SITE_SCRIPT_HASH,
    }
    results = _build_policies(store, out, config, common, policy_ids, workers)
    views, unreadable = _tally(stats, results)
    writer = _Writer(out)
    writer.write("index.html", _render_index(stats, views, unreadable, config, common))
    names = {v.policy_id: v.name for v in views}
    writer.write(FEED_NAME, build_feed(store, policy_ids=list(names), names=names))
    stats.files += writer.files
    stats.pages += writer.pages
    return stats


def _build_policies(
    store: Store,
    out: Path,
    config: Config | None,
    common: dict[str, object],
    policy_ids: list[str],
    workers: int | None,
) -> list[_PolicyResult]:
    """Build every policy's pages, in a process pool when ``workers`` asks for one; in id order."""
    pool = make_pool(pool_size(workers, len(policy_ids)))
    if pool is None:
        return [_policy_job(store, pid, out, config, common) for pid in policy_ids]
    with pool:
        jobs = [pool.submit(_policy_job, store, pid, out, config, common) for pid in policy_ids]
        return [job.result() for job in jobs]


def _tally(stats: SiteStats, results: list[_PolicyResult]) -> tuple[list[PolicyView], list[str]]:
    """Add the policies' files, pages, snapshots, changes and warnings to ``stats``; returns the
    views of the policies built and the one-line causes of those that could not be read."""
    views = [r.view for r in results if r.view is not None]
    unreadable = [r.error for r in results if r.error is not None]
    for result in results:
        stats.files += result.files
        stats.pages += result.pages
    for view in views:
        stats.warnings.extend(view.problems)
        stats.snapshots += len(view.snapshots)
        stats.changes += len(view.changes)
    stats.warnings.extend(unreadable)
    stats.policies = len(views)
    return views, unreadable


def _render_index(
    stats: SiteStats,
    views: list[PolicyView],
    unreadable: list[str],
    config: Config | None,
    common: dict[str, object],
) -> str:
    """The site's front page: every policy, the review queue, the unreadable ones; the one dated page."""
    lexicon = default_lexicon()
    topics = list(dict.fromkeys(t for v in views for t in v.topics))
    return render(
        "site/index.html",
        config.templates_path if config else None,
        policies=views,
        awaiting=_review_queue(views),
        unreadable=unreadable,
        snapshot_count=stats.snapshots,
        change_count=stats.changes,
        topic_label={t: lexicon.label(t) for t in topics},
        root="",
        **{**common, "generated_at": utc_now()},
    )
