"""What the hub's listener thread hands to the app's loop: run there, and dropped once the loop has closed."""

from __future__ import annotations

import asyncio
import threading

from cadence.hub.live import on_loop


def test_a_line_from_the_thread_runs_on_the_loop() -> None:
    said: list[tuple[str, bool]] = []

    async def main() -> None:
        loop = asyncio.get_running_loop()
        done = asyncio.Event()

        def tell(line: str) -> None:
            said.append((line, threading.current_thread() is threading.main_thread()))
            done.set()

        thread = threading.Thread(target=on_loop(loop, tell), args=("sync: listening",))
        thread.start()
        await asyncio.wait_for(done.wait(), 5)
        thread.join()

    asyncio.run(main())
    assert said == [("sync: listening", True)]


def test_a_line_after_the_loop_closed_is_dropped_without_an_error() -> None:
    loop = asyncio.new_event_loop()
    said: list[str] = []
    hand = on_loop(loop, said.append)
    loop.close()
    errors: list[BaseException] = []
    thread = threading.Thread(target=lambda: _catching(hand, errors))
    thread.start()
    thread.join()
    assert errors == []
    assert said == []


def _catching(hand: object, errors: list[BaseException]) -> None:
    try:
        hand("sync: not listening (server closed the connection); syncing every five minutes")  # type: ignore[operator]
    except BaseException as error:
        errors.append(error)
