"""Run jobs at the same moment, each in its own thread and so its own database connection.

Used by the tests that prove a database guarantee under real concurrency (PostgreSQL)."""

import threading
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import connections


def run_together(
    jobs: list[Callable],
    *,
    refused: tuple[type[Exception], ...] = (ValidationError,),
    describe: Callable[[Exception], object] = lambda error: error.messages,
) -> list[tuple[str, object]]:
    """Each job's outcome: ("ok", result), ("refused", describe(error)) or ("crash", repr(error))."""
    barrier = threading.Barrier(len(jobs))
    outcomes = []
    lock = threading.Lock()

    def run(job):
        try:
            barrier.wait()
            try:
                outcome = ("ok", job())
            except refused as error:
                outcome = ("refused", describe(error))
            except Exception as error:
                outcome = ("crash", repr(error))
            with lock:
                outcomes.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes
