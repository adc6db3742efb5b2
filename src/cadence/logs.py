"""The lines of the logs that long-running processes write: the daemon's `daemon.log`, the page's `serve.log`,
and the standard error beside them.

Each line passes `cadence.printable`: an ESC, a BEL or a direction override in someone's text (a plan's key,
a file's name, a path a phone asked for) never reaches a terminal that shows the log (`tail -f`, the
journal). A message is one line, so a line break in what it quotes cannot forge a line of its own; a
traceback keeps its lines.
"""

from __future__ import annotations

import logging

from cadence.printable import one_line, printable


class PrintableFormatter(logging.Formatter):
    def formatMessage(self, record: logging.LogRecord) -> str:
        return one_line(super().formatMessage(record))

    def format(self, record: logging.LogRecord) -> str:
        return printable(super().format(record))


def formatter() -> logging.Formatter:
    """The one format: time to the second, level, message."""
    return PrintableFormatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%d %H:%M:%S")
