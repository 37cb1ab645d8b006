"""check_registry run in a forked child process, its result sent back pickled: what the build checks with.

A check holds every signed file parsed at once, and CPython cannot hand that memory back when it is freed: the
surviving model ends up scattered over it. The build then forks page-writing workers, which copy every page they
touch, so a build that checked in its own process would hold the check's peak and the workers' copies of it
together. Checked in a child, the build's process holds only the model, unpickled compactly, and the check's
memory goes back to the system when the child exits.
"""
from __future__ import annotations

import multiprocessing
import pickle
import traceback
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from .check import CheckResult, check_registry
from .errors import CredregError


def check_in_child(root: Path, **options: Any) -> CheckResult:
    """check_registry(root, **options), run in a forked child process; in this one where fork is not available.
    A CredregError raised by the check is raised here as it was; a crash in the child raises RuntimeError with the
    child's traceback."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return check_registry(root, **options)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_check, args=(send, root, options), name="credreg-check")  # forked: not pickled
    child.start()
    send.close()
    try:
        payload = receive.recv_bytes()
    except EOFError:
        payload = b""
    finally:
        receive.close()
        child.join()
    if not payload:
        raise RuntimeError(f"the check's process ended without a result (exit code {child.exitcode})")
    outcome, value = pickle.loads(payload)
    if outcome == "result":
        result: CheckResult = value
        return result
    if outcome == "error":
        raise value
    raise RuntimeError(f"the check failed in its process:\n{value}")


def _check(send: Connection, root: Path, options: dict[str, Any]) -> None:
    """In the child: run the check; send back ("result", CheckResult), ("error", CredregError) or ("crash", its
    traceback)."""
    try:
        answer: tuple[str, Any] = ("result", check_registry(root, **options))
    except CredregError as exc:
        answer = ("error", exc)
    except BaseException:  # a bug: its traceback goes to the parent, which raises it
        answer = ("crash", traceback.format_exc())
    send.send_bytes(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    send.close()
