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


# libraries that log on their own: apprise (alerts), bs4 (its "Some characters could not be
# decoded" on a body that is not in its declared encoding, which the extractor handles)
LIBRARY_LOGGERS = ("apprise", "bs4")


def configure_logging(verbosity: int) -> None:
    """Send the ``tracker`` (and the ``LIBRARY_LOGGERS``) loggers to stderr at the level
    ``verbosity`` asks for."""
    level = LEVELS[max(-1, min(2, verbosity))]
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(LOG_FORMAT, DATE_FORMAT))
    for name in ("tracker", *LIBRARY_LOGGERS):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.propagate = False
        if name in LIBRARY_LOGGERS:  # chatty: their warnings only from -v on, their debugging at -vv
            logger.setLevel(logging.DEBUG if verbosity >= 2 else logging.WARNING if verbosity == 1 else logging.ERROR)
        else:
            logger.setLevel(level)
