"""Background work that hands Python's lock back quickly, so that a key pressed meanwhile is not held.

After the first frame the app imports in threads what the first frame did not
need (the write path, then APScheduler and D-Bus for the reminders). An import
runs Python code that holds the interpreter's lock; the app's thread, asking
for it back at each step of a key press (the key, the write, each message to a
widget, the frame), waits up to the switch interval each time: 5 ms by
default, so a press landing on an import took 75-115 ms instead of 15
(measured in tmux on the 10-year home). While such work runs the interval is
half a millisecond, and the default again once none runs.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable

SWITCH_SECONDS = 0.0005
"""The switch interval while background work runs."""

_lock = threading.Lock()
_running = 0
_default = sys.getswitchinterval()


def handing_back(work: Callable[[], object]) -> Callable[[], None]:
    """`work` as a thread's target that lowers the switch interval while it runs."""

    def run() -> None:
        global _running, _default
        with _lock:
            if _running == 0:
                _default = sys.getswitchinterval()
                sys.setswitchinterval(SWITCH_SECONDS)
            _running += 1
        try:
            work()
        finally:
            with _lock:
                _running -= 1
                if _running == 0:
                    sys.setswitchinterval(_default)

    return run
