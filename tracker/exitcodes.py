"""The process exit codes of ``policy-tracker``, defined once (the CLI and ``CheckRun`` use them).

0: success, nothing changed; 1: a change was found (only with ``--exit-code``); 2: an error of
any kind (bad input, a failed policy, an unexpected exception); 130: interrupted (Ctrl-C, as a
shell reports a process killed by SIGINT: 128 + 2).
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_CHANGED = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130
