"""Diagnostics on stderr through ``logging``, one format for every command.

Verbosity: -1 (``--quiet``: errors only), 0 (warnings, the default), 1 (``-v``: what each step
did), 2 (``-vv``: debugging, apprise's own messages too).
"""

from __future__ import annotations

import logging
import sys

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S"
LEVELS = {-1: logging.ERROR, 0: logging.WARNING, 1: logging.INFO, 2: logging.DEBUG}


def configure_logging(verbosity: int) -> None:
    """Send the ``tracker`` (and ``apprise``) loggers to stderr at the level ``verbosity`` asks for."""
    level = LEVELS[max(-1, min(2, verbosity))]
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(LOG_FORMAT, DATE_FORMAT))
    for name in ("tracker", "apprise"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.propagate = False
        if name == "apprise":  # chatty: its warnings only from -v on, its debugging at -vv
            logger.setLevel(logging.DEBUG if verbosity >= 2 else logging.WARNING if verbosity == 1 else logging.ERROR)
        else:
            logger.setLevel(level)
