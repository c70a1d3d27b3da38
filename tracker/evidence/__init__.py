"""Evidence: verifying the hash-chained store, exporting bundles, Wayback backfill, Open Terms Archive
declarations."""

from __future__ import annotations

from tracker.evidence.backfill import Capture, backfill
from tracker.evidence.bundle import export_bundle, verify_bundle
from tracker.evidence.declarations import import_declarations
from tracker.evidence.verify import verify

__all__ = ["export_bundle", "verify", "verify_bundle", "Capture", "backfill", "import_declarations"]
