"""Transactions that survive being picked as a deadlock victim."""

import functools
import random
import time

from django.db import OperationalError, connection

# PostgreSQL's "deadlock detected" and "could not serialize access".
RETRIED_SQLSTATES = {"40P01", "40001"}
ATTEMPTS = 3


def retry_deadlocks(write):
    """Run a write transaction again when PostgreSQL picked it as a deadlock victim.

    Every write takes its locks in one order (the plan or budget row first), so deadlocks should
    not happen; if one does, the victim's transaction was rolled back whole, and running it again
    from the start is safe: it reads everything afresh. Only the outermost transaction can be
    retried; inside another one the error goes up.
    """

    @functools.wraps(write)
    def retrying(*args, **kwargs):
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return write(*args, **kwargs)
            except OperationalError as error:
                sqlstate = getattr(error.__cause__, "sqlstate", None)
                if (
                    attempt == ATTEMPTS
                    or connection.in_atomic_block
                    or sqlstate not in RETRIED_SQLSTATES
                ):
                    raise
                time.sleep(random.uniform(0.01, 0.05) * attempt)

    return retrying
