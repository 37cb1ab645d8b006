"""Benchmark the levers on RDFC-1.0 canonicalization, side by side on the example registry's signed files.

Times, in one run and interleaved over `--rounds`: pyld as it comes (its normalize, unmemoized), credreg's
rdfc() (context processing memoized, RDF from the expanded form once, work-bounded), and, if pyoxigraph is
installed, pyoxigraph's JSON-LD parser and RDFC-1.0 with the bundled contexts inlined. For pyoxigraph it also
says whether the output is byte-identical and whether it refuses what safe mode must refuse (an undefined
term, a relative IRI, a malformed language tag): a canonicalizer that silently drops them signs less than
the document says.

    python3 scripts/bench_canonical.py [--rounds 5]
"""
from __future__ import annotations

import argparse
import copy
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pyld.jsonld import JsonLdProcessor  # noqa: E402

from registry.crypto.canonical import rdfc  # noqa: E402
from registry.crypto.jsonld import bundled_contexts, document_loader  # noqa: E402

Canonicalizer = Callable[[dict[str, Any]], str]


def documents() -> list[dict[str, Any]]:
    """Every signed example file without its proof: what a proof's canonical form covers."""
    paths = sorted([*ROOT.glob("credentials/*/*/awards/*.json"), *ROOT.glob("credentials/*/endorsements/*.json")])
    found = []
    for path in paths:
        document = json.loads(path.read_text(encoding="utf-8"))
        document.pop("proof", None)
        found.append(document)
    return found


def plain_pyld(document: dict[str, Any]) -> str:
    return str(JsonLdProcessor().normalize(document, {"algorithm": "URDNA2015", "format": "application/n-quads",
                                                      "documentLoader": document_loader, "base": None}))


def oxigraph() -> Canonicalizer | None:
    """pyoxigraph's canonicalizer over the bundled contexts inlined (it takes no document loader), if installed."""
    try:
        import pyoxigraph as ox
    except ImportError:
        return None
    bundled = {url: json.loads(json.dumps(dict(doc), default=dict)) for url, doc in bundled_contexts().items()}

    def inline(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: context(item) if key == "@context" else inline(item) for key, item in value.items()}
        return [inline(item) for item in value] if isinstance(value, list) else value

    def context(value: Any) -> Any:
        if isinstance(value, str):
            return context(bundled[value]["@context"])
        return [context(item) for item in value] if isinstance(value, list) else inline(value)

    def canonicalize(document: dict[str, Any]) -> str:
        dataset = ox.Dataset(ox.parse(json.dumps(inline(document)), format=ox.RdfFormat.JSON_LD))
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        return "".join(sorted(f"{quad} .\n" for quad in dataset))
    return canonicalize


SAFE_MODE_PROBES: dict[str, Callable[[dict[str, Any]], None]] = {
    "undefined term": lambda d: d.__setitem__("notAnObTerm", "x"),
    "relative IRI": lambda d: d["credentialSubject"].__setitem__("id", "relative/x"),
    "malformed language tag": lambda d: d.__setitem__("name", {"@value": "x", "@language": "en_US!!"}),
}


def refuses(canonicalize: Canonicalizer, document: dict[str, Any], probe: Callable[[dict[str, Any]], None]) -> bool:
    changed = copy.deepcopy(document)
    probe(changed)
    try:
        canonicalize(changed)
    except Exception:  # any refusal counts; what matters is whether it signs the document anyway
        return True
    return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    docs = documents()
    contenders: dict[str, Canonicalizer] = {"pyld as it comes": plain_pyld, "credreg rdfc()": rdfc}
    ox = oxigraph()
    if ox is not None:
        contenders["pyoxigraph, contexts inlined"] = ox
    expected = [plain_pyld(copy.deepcopy(d)) for d in docs]
    for canonicalize in contenders.values():  # warm-up, and the outputs compared
        outputs = [canonicalize(copy.deepcopy(d)) for d in docs]
        assert outputs == expected or canonicalize is ox, "credreg's rdfc() differs from pyld"
    seconds = dict.fromkeys(contenders, 0.0)
    for _ in range(rounds):
        for name, canonicalize in contenders.items():
            copies = [copy.deepcopy(d) for d in docs]
            start = time.perf_counter()
            for document in copies:
                canonicalize(document)
            seconds[name] += time.perf_counter() - start
    base = seconds["pyld as it comes"]
    print(f"{len(docs)} signed example files, {rounds} interleaved rounds")
    for name, total in seconds.items():
        print(f"{name:30s} {1000 * total / rounds / len(docs):7.2f} ms a document   {total / base:.2f}x pyld")
    if ox is not None:
        identical = [ox(copy.deepcopy(d)) for d in docs] == expected
        print(f"pyoxigraph byte-identical to pyld on all {len(docs)}: {identical}")
        for name, probe in SAFE_MODE_PROBES.items():
            print(f"pyoxigraph refuses {name}: {refuses(ox, docs[0], probe)}   "
                  f"credreg rdfc() refuses it: {refuses(rdfc, docs[0], probe)}")


if __name__ == "__main__":
    main()
