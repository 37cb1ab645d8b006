"""pyld's RDFC-1.0 (URDNA2015) with its work bounded, so a hostile document cannot make it run for hours.

RDFC-1.0 is exponential in the worst case: blank nodes that look alike and are all related to one another
(what the spec calls a poison dataset) make Hash N-Degree Quads recurse through every permutation of them:
seven such nodes in a credential keep pyld busy for 12 s, ten for hours. Two bounds stop it, each by
raising (an answer is never cut short and returned):
- a work limit, Digital Bazaar's (rdf-canonize's maxWorkFactor): at most n ** work_factor runs of Hash
  N-Degree Quads ("deep iterations", recursive ones included) per document, n being the number of blank
  nodes whose first-degree hashes are not unique, or `max_deep_iterations` if that is less;
- a wall-clock deadline, checked at every deep iteration and at every permutation (each one starts with
  the issuer copy of step 5.4.1), since a loop can permute without recursing. No signal or thread is
  involved, so it works in worker processes and off the main thread too.
Nothing else changes: the algorithm is pyld's (only its issuer copies are shallow, which their strings
allow), so the output is byte for byte pyld's whenever it is returned.
"""
from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any

from pyld.canon import URDNA2015
from pyld.identifier_issuer import IdentifierIssuer

from ..errors import DeadlineExceeded, WorkLimitExceeded


def canonical_nquads(dataset: dict[str, Any], *, work_factor: int, max_deep_iterations: int,
                     deadline_seconds: float, started: float, clock: Callable[[], float] = time.monotonic,
                     hash_name: str = "sha256") -> str:
    """Canonical N-Quads of an RDF dataset as pyld's `to_rdf` returns it, within the bounds given;
    the deadline is `deadline_seconds` after `started`, a reading of `clock`. `hash_name` is RDFC-1.0's
    hash algorithm (SHA-256 by default; ecdsa-rdfc-2019 with P-384 keys asks for SHA-384)."""
    algorithm = _BoundedURDNA2015(work_factor, max_deep_iterations, started + deadline_seconds,
                                  deadline_seconds, clock, hash_name)
    return str(algorithm.main(dataset, {"format": "application/n-quads"}))


class _BoundedURDNA2015(URDNA2015):
    def __init__(self, work_factor: int, max_deep_iterations: int, deadline: float, seconds: float,
                 clock: Callable[[], float], hash_name: str = "sha256") -> None:
        super().__init__()
        self._hash_name = hash_name
        self._work_factor = work_factor
        self._max_deep_iterations = max_deep_iterations
        self._deadline = deadline
        self._seconds = seconds
        self._clock = clock
        self._remaining: int | None = None  # set at the first deep iteration
        self._non_unique = 0
        self._limit = 0

    def create_hash(self) -> Any:
        return hashlib.new(self._hash_name)

    def check_deadline(self) -> None:
        if self._clock() > self._deadline:
            raise DeadlineExceeded(self._seconds)

    def hash_n_degree_quads(self, id_: str, issuer: IdentifierIssuer) -> dict[str, Any]:
        self.check_deadline()
        if self._remaining is None:
            # First deep iteration: the first-degree pass is over, and what it left in hash_to_blank_nodes
            # are the groups of blank nodes that share a hash (the spec's step 6 walks them).
            self._non_unique = sum(len(ids) for ids in self.hash_to_blank_nodes.values())
            self._limit = min(self._non_unique ** self._work_factor, self._max_deep_iterations)
            self._remaining = self._limit
        if self._remaining <= 0:
            raise WorkLimitExceeded(self._limit, self._non_unique)
        self._remaining -= 1
        if not isinstance(issuer, _DeadlineIssuer):
            issuer = _DeadlineIssuer(issuer, self.check_deadline)
        return super().hash_n_degree_quads(id_, issuer)


class _DeadlineIssuer(IdentifierIssuer):
    """A temporary issuer whose every copy (one per permutation, step 5.4.1) first checks the deadline."""

    def __init__(self, source: IdentifierIssuer, check: Callable[[], None]) -> None:
        self.prefix = source.prefix
        self.counter = source.counter
        self.existing = dict(source.existing)  # old id → new id, both strings: a shallow copy is a deep one
        self.order = list(source.order)
        self._check = check

    def __deepcopy__(self, memo: dict[int, Any]) -> _DeadlineIssuer:
        self._check()
        return _DeadlineIssuer(self, self._check)
