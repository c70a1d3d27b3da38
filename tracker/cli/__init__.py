"""The ``policy-tracker`` command line: thin click wrappers over the library's public functions.

Each command group lives in its own module and is registered here, once.
"""

from __future__ import annotations

from tracker.cli import check, classify, core, evidence, extraction, review, signing, site, watchlist
from tracker.cli.group import EXIT_CHANGED, EXIT_ERROR, EXIT_OK, main

for _command in (
    core.diff_command,
    core.history_command,
    core.normalize_command,
    core.demo_command,
    check.check_command,
    watchlist.add_command,
    watchlist.list_command,
    watchlist.remove_command,
    classify.notice_command,
    site.site_command,
    site.serve_command,
    extraction.reextract_command,
    evidence.verify_command,
    evidence.export_command,
    evidence.backfill_command,
    evidence.import_declarations_command,
    signing.keygen_command,
    signing.sign_command,
    review.review_command,
    review.report_command,
):
    main.add_command(_command)

__all__ = ["EXIT_CHANGED", "EXIT_ERROR", "EXIT_OK", "main"]
