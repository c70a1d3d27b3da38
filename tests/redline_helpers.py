"""Helpers for the redline and review tests: the demo policy's v1 → v2 change (the IndiaMART seed
policy as shipped in ``tracker/data/demo``), as files, as a comparison and as a store; and Word's
Accept All / Reject All done on a ``.docx``'s XML."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

from lxml import etree

from tests.checks_helpers import write_config
from tracker.extract.document import EXTRACTOR_VERSION, extract
from tracker.models import CheckRecord, FetchResult, SnapshotMeta
from tracker.report.compare import Comparison, compare_versions
from tracker.sources import load_file
from tracker.store import Store

DEMO = Path(__file__).resolve().parent.parent / "tracker" / "data" / "demo"
V1, V2 = DEMO / "policy-v1.html", DEMO / "policy-v2.html"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
POLICY = "indiamart"


def demo_comparison() -> Comparison:
    """The classified diff of the demo's v1 → v2 (three material changes)."""
    return compare_versions(load_file(V1), load_file(V2), policy_id=POLICY)


def store_version(store: Store, policy_id: str, content: bytes, fetched_at: str, ctype: str) -> SnapshotMeta:
    """Store one version (and log the check that found it)."""
    previous = store.snapshots(policy_id)
    url = f"https://policies.example/{policy_id}"
    fetched = FetchResult(url, url, 200, {"content-type": ctype}, content, ctype, "utf-8", fetched_at)
    meta = store.save_snapshot(policy_id, fetched, extract(content, ctype, url=url), EXTRACTOR_VERSION)
    store.record_check(
        CheckRecord(
            policy_id, fetched_at, "changed" if previous else "new", snapshot_id=meta.snapshot_id,
            previous_snapshot_id=previous[-1].snapshot_id if previous else None,
            summary="the policy changed" if previous else None, materiality="material" if previous else None,
        )
    )  # fmt: skip
    return meta


def demo_store(root: Path) -> tuple[Path, Store]:
    """A folder with a policies.toml and a store holding the demo's v1 (2024-06-20) and v2 (2026-11-03)."""
    cfg = write_config(root, [{"id": POLICY, "name": "IndiaMART privacy policy", "url": "https://policies.example/x"}])
    store = Store(root / "snapshots")
    store_version(store, POLICY, V1.read_bytes(), "2024-06-20T08:00:00Z", "text/html; charset=utf-8")
    store_version(store, POLICY, V2.read_bytes(), "2026-11-03T08:00:00Z", "text/html; charset=utf-8")
    return cfg, store


def document_xml(docx: bytes | Path) -> etree._Element:
    """The parsed ``word/document.xml`` of a .docx."""
    source = docx if isinstance(docx, Path) else __import__("io").BytesIO(docx)
    with zipfile.ZipFile(source) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def _resolve(root: etree._Element, *, accept: bool) -> list[str]:
    """The body's paragraph texts after Accept All (or Reject All): the rejected side's runs go,
    the kept side's wrappers are unwrapped, a paragraph whose mark goes and that is left empty goes."""
    drop, keep = ((f"{W}del", f"{W}moveFrom"), (f"{W}ins", f"{W}moveTo"))
    if not accept:
        drop, keep = keep, drop
    out = []
    for p in root.iter(f"{W}p"):
        if any(a.tag == f"{W}tbl" for a in p.iterancestors()):
            continue  # the cover and change-list tables
        mark = p.find(f"{W}pPr/{W}rPr")
        mark_goes = mark is not None and any(child.tag in drop for child in mark)
        texts = []
        for node in p.iter(f"{W}t", f"{W}delText"):
            wrappers = [a.tag for a in node.iterancestors() if a.tag in drop + keep]
            if any(tag in drop for tag in wrappers):
                continue
            texts.append(node.text or "")
        text = "".join(texts)
        if mark_goes and not text:
            continue
        out.append(text)
    return out


def accept_all(docx: bytes) -> list[str]:
    """Paragraph texts of the document once every revision is accepted."""
    return _resolve(document_xml(docx), accept=True)


def reject_all(docx: bytes) -> list[str]:
    """Paragraph texts of the document once every revision is rejected."""
    return _resolve(document_xml(docx), accept=False)


def soffice_to_pdf(docx: Path, out_dir: Path) -> Path:
    """Convert a .docx with headless LibreOffice (its own profile, so parallel runs do not clash)."""
    profile = out_dir / "lo-profile"
    result = subprocess.run(
        [shutil.which("soffice") or "soffice", f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(out_dir), str(docx)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    pdf = out_dir / (docx.stem + ".pdf")
    assert result.returncode == 0 and pdf.is_file(), f"soffice failed: {result.returncode} {result.stderr[-500:]}"
    return pdf
