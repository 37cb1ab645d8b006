"""RDFC-1.0 with bounded work: a poison graph of look-alike blank nodes linked to one another is refused fast.

Unbounded, ten such nodes in a 3 KB credential keep RDFC-1.0 busy for hours. Every case goes through the
public `rdfc()`, so whatever canonicalizer sits behind it must keep the bound. Graphs that stay within the
limit must come out byte for byte as plain pyld gives them. No case relies on timing: the work limit stops
the poison graphs after a fixed number of steps, and the deadline guarantees that every case ends.
"""
from __future__ import annotations

import copy
import itertools
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from pyld.jsonld import JsonLdProcessor
from support import REPO, award_for, fixture_signing_key

from registry.check import check_registry
from registry.crypto import canonical
from registry.crypto.canonical import DEADLINE_EXCEEDED, POISON_GRAPH, CanonicalizationError, rdfc
from registry.crypto.dataintegrity import EDDSA_RDFC, SIGNATURE_MISMATCH, create_proof, without_proof
from registry.crypto.jsonld import document_loader

EXAMPLE_AWARD = REPO / "credentials/northlight-design-school/design-foundations/awards/05c6b0b7bfbbb628.json"


def example_award() -> dict[str, Any]:
    """A signed example award, parsed afresh."""
    return json.loads(EXAMPLE_AWARD.read_text(encoding="utf-8"))


def node(label: str) -> str:
    return f"_:{label}"


def linked(credential: dict[str, Any], edges: dict[str, list[str]]) -> dict[str, Any]:
    """`credential` with blank-node achievements under its achievement's `related`, each `related` to the
    nodes `edges` names (an Achievement, so that the term is defined inside it too)."""
    out = copy.deepcopy(credential)
    out["credentialSubject"]["achievement"]["related"] = [
        {"id": node(label), "type": ["Achievement"], "related": [{"id": node(target)} for target in targets]}
        for label, targets in edges.items()]
    return out


def clique(size: int) -> dict[str, list[str]]:
    labels = [f"p{i}" for i in range(size)]
    return {label: [other for other in labels if other != label] for label in labels}


def ring(size: int) -> dict[str, list[str]]:
    return {f"r{i}": [f"r{(i + 1) % size}"] for i in range(size)}


def with_identical_alignments(credential: dict[str, Any], count: int) -> dict[str, Any]:
    """Look-alike blank nodes that real data holds: the same alignment listed `count` times."""
    out = copy.deepcopy(credential)
    achievement = out["credentialSubject"]["achievement"]
    achievement["alignment"] = [copy.deepcopy(achievement["alignment"][0]) for _ in range(count)]
    return out


def padded(credential: dict[str, Any], leaves: int) -> dict[str, Any]:
    """More look-alike blank nodes, each costing one deep iteration: they raise n ** factor, not the cap."""
    out = copy.deepcopy(credential)
    out["credentialSubject"]["achievement"]["alignment"] = [
        {"type": ["Alignment"], "targetName": "same", "targetUrl": "https://example.org/same"} for _ in range(leaves)]
    return out


def unsigned(edit: Callable[[dict[str, Any]], dict[str, Any]]) -> Callable[[], dict[str, Any]]:
    return lambda: edit(without_proof(example_award()))


@dataclass(frozen=True)
class Case:
    id: str
    document: Callable[[], dict[str, Any]]
    message: str  # the exact error; "" for a document that must canonicalize as plain pyld does


def poison(non_unique: int, limit: int) -> str:
    return (f"{POISON_GRAPH}: {non_unique} look-alike blank nodes would need more than {limit:,} runs of "
            "RDFC-1.0's Hash N-Degree Quads")


CASES = [
    # refused by the work limit, n ** 3 runs of Hash N-Degree Quads for n look-alike blank nodes
    Case("credential-10-clique", unsigned(lambda c: linked(c, clique(10))), poison(10, 1_000)),
    Case("credential-4-clique", unsigned(lambda c: linked(c, clique(4))), poison(4, 64)),
    Case("credential-12-clique", unsigned(lambda c: linked(c, clique(12))), poison(12, 1_728)),
    # look-alike padding raises n ** 3 past the cap, which then holds
    Case("credential-10-clique-padded", unsigned(lambda c: padded(linked(c, clique(10)), 90)), poison(100, 3_000)),
    # within the limit: as plain pyld gives them
    Case("credential-as-signed", unsigned(lambda c: c), ""),
    Case("credential-2-clique", unsigned(lambda c: linked(c, clique(2))), ""),
    Case("credential-3-clique", unsigned(lambda c: linked(c, clique(3))), ""),
    Case("credential-ring-of-3", unsigned(lambda c: linked(c, ring(3))), ""),
    Case("credential-ring-of-20", unsigned(lambda c: linked(c, ring(20))), ""),
    Case("credential-identical-alignments", unsigned(lambda c: with_identical_alignments(c, 3)), ""),
    Case("credential-40-identical-alignments", unsigned(lambda c: padded(c, 40)), ""),
]


def plain_pyld(document: dict[str, Any]) -> str:
    """What pyld's own normalize() gives, with no bound."""
    options = {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": document_loader,
               "base": None}
    return str(JsonLdProcessor().normalize(document, options))


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rdfc_refuses_poison_graphs_and_keeps_the_rest(case: Case) -> None:
    document = case.document()
    if case.message:
        with pytest.raises(CanonicalizationError) as caught:
            rdfc(document)
        assert caught.value.message == case.message
        assert caught.value.message.startswith(POISON_GRAPH)
        assert "id" in caught.value.hint
    else:
        assert rdfc(document) == plain_pyld(document)


def test_signing_refuses_a_poison_graph_too() -> None:
    document = linked(without_proof(example_award()), clique(10))
    key = fixture_signing_key("acme")
    with pytest.raises(CanonicalizationError, match=r"\(a poison graph\)"):
        create_proof(document, key.private, "did:web:registry.test:issuers:acme#key-1", EDDSA_RDFC,
                     "2026-01-01T00:00:00Z")


def test_the_deadline_stops_an_allowed_graph_in_real_time(monkeypatch: pytest.MonkeyPatch) -> None:
    document = linked(without_proof(example_award()), ring(20))  # 400 deep iterations: allowed
    monkeypatch.setattr(canonical, "RDFC_DEADLINE_SECONDS", 1e-6)
    with pytest.raises(CanonicalizationError) as caught:
        rdfc(document)
    assert caught.value.message == (f"{DEADLINE_EXCEEDED} of 1e-06 s; the document's blank nodes are likely "
                                    "too interconnected (a poison graph)")


def hub_and_ring(ring_size: int) -> dict[str, Any]:
    """A graph that permutes for a long time without recursing: two copies of a hub that `points` at y and
    has every node of a ring y → g0 → g1 → … → y (`link`) as `next`. With these predicate names, Hash
    N-Degree Quads of a hub walks the ring from y first: when it reaches the group of `next` nodes, all are
    named, and it tries every permutation of them with no deep iteration. Eight ring nodes take 20 deep
    iterations and 80,000 permutations (pyld: 3 s); nine take 22 and 726,000 (pyld: 25 s): the work
    limit alone would never stop it."""
    ex = "http://example.org/"
    context = {name: {"@id": ex + name, "@type": "@id"} for name in ("points", "next", "link")}
    graph: list[dict[str, Any]] = []
    for hub_number in range(2):
        hub, start = f"_:x{hub_number}", f"_:y{hub_number}"
        members = [f"_:g{hub_number}_{i}" for i in range(ring_size)]
        graph.append({"@id": hub, "points": start, "next": members})
        cycle = [start, *members]
        graph.extend({"@id": here, "link": there} for here, there in zip(cycle, cycle[1:] + cycle[:1]))
    return {"@context": context, "@graph": graph}


def test_the_deadline_is_checked_inside_the_permutation_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    """A clock that ticks once per reading: only a check at every permutation reaches 1,000 ticks, since the
    graph needs 20 deep iterations and 80,000 permutations."""
    ticks = itertools.count()
    monkeypatch.setattr(canonical, "_clock", lambda: float(next(ticks)))
    monkeypatch.setattr(canonical, "RDFC_DEADLINE_SECONDS", 1_000.0)
    with pytest.raises(CanonicalizationError) as caught:
        rdfc(hub_and_ring(8))
    assert caught.value.message.startswith(f"{DEADLINE_EXCEEDED} of 1000 s")


def test_verify_cli_fails_the_proof_step_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "poison.json"
    path.write_text(json.dumps(linked(example_award(), clique(10))), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "registry", "verify", str(path), "--offline"], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    proof_step = [line for line in result.stdout.splitlines() if "proof 1 (eddsa-rdfc-2022)" in line]
    assert len(proof_step) == 1 and "[FAIL]" in proof_step[0], result.stdout
    assert poison(10, 1_000) in proof_step[0]


def test_check_reports_a_poison_award_instead_of_hanging(signing_registry: Path) -> None:
    """A signed award given poison nodes afterwards (credreg cannot sign one: see above)."""
    now = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)
    path = award_for(signing_registry, now, results={"quality": "good"})
    path.write_text(json.dumps(linked(json.loads(path.read_text(encoding="utf-8")), clique(10)), indent=2),
                    encoding="utf-8")
    problems = check_registry(signing_registry).problems
    rel = path.relative_to(signing_registry).as_posix()
    signature = [p for p in problems if p.file == rel and p.code == "award-signature"]
    assert [p.message for p in signature] == [
        f"proof 1 (eddsa-rdfc-2022) does not verify: {poison(10, 1_000)}",
        f"proof 2 (eddsa-jcs-2022) does not verify: {SIGNATURE_MISMATCH}"]


def _containers(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + sum(_containers(v) for v in value.values())
    if isinstance(value, list):
        return 1 + sum(_containers(v) for v in value)
    return 0


def test_rdfc_refuses_a_document_too_large_to_expand_in_time() -> None:
    """Expansion and RDF conversion are not interrupted by the deadline and grow faster than linearly,
    so the document's objects and arrays are counted before any of that work starts."""
    document = padded(without_proof(example_award()), 600)
    with pytest.raises(CanonicalizationError) as caught:
        rdfc(document)
    assert caught.value.message == (f"JSON-LD canonicalization failed: the document holds "
                                    f"{_containers(document):,} objects and arrays; the limit is 1,000")
    within = padded(without_proof(example_award()), 300)
    assert _containers(within) <= 1_000 and rdfc(within) == plain_pyld(within)
