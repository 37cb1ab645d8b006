"""Canonical forms that proofs sign: RFC 8785 JSON (JCS) and RDFC-1.0 canonical N-Quads.

Both are rebuilt from parsed JSON values, so what is signed never depends on how a file was written.

pyld 3.3.0 offers the algorithm under its old name only ('URDNA2015'; 'RDFC-1.0' is rejected),
and has no `safe` option like jsonld.js, whose safe mode Digital Bazaar's signers use. `rdfc`
rebuilds that safe mode, because JSON-LD silently drops what it cannot map to an absolute IRI,
and anything dropped is not signed (it could be changed after signing):
- an undefined term is an error (pyld's `on_property_dropped` hook, which pyld calls for each dropped key);
- a relative IRI reference is an error: pyld is given no base (by default it would resolve
  "foo" against http://example.org/base/, a pyld quirk) and the expanded form is checked;
- pyld escapes only tab, LF, CR, '"' and '\\' in literals, while RDFC-1.0 also escapes every other
  control character (\\b, \\f, \\u0000…); output holding one is refused rather than signed differently.
RDFC-1.0 itself runs with its work bounded (rdfc_bounds), so a poison graph of look-alike blank nodes
linked to one another is refused in well under a second instead of keeping a verifier busy for hours.
"""
from __future__ import annotations

import re
import time
from typing import Any

import rfc8785
from pyld.jsonld import JsonLdError

from ..errors import CanonicalizationError, CryptoError, DeadlineExceeded, WorkLimitExceeded
from .jsonld import Loader, document_loader
from .jsonld_processor import MemoProcessor
from .rdfc_bounds import canonical_nquads

# RDFC-1.0's work limit, counted as Digital Bazaar's rdf-canonize counts it (maxDeepIterations =
# n ** maxWorkFactor, default factor 1): at most n ** RDFC_MAX_WORK_FACTOR runs of Hash N-Degree Quads per
# document, recursive ones included, n being the number of blank nodes whose first-degree hashes are not
# unique, and never more than RDFC_MAX_DEEP_ITERATIONS. Real credentials need no run at all. A factor of 1
# would refuse a cycle of three look-alike blank nodes (9 runs); 3 accepts cycles and trees of look-alikes
# and cliques of up to 3 (15 runs), and refuses a clique of 10 after 1,000 runs, a third of a second, instead
# of hours. The cap (about a second of runs) stops padding with more look-alikes from buying time.
RDFC_MAX_WORK_FACTOR = 3
RDFC_MAX_DEEP_ITERATIONS = 3_000
# The backstop, for work the limit does not count (permutations that do not recurse) and for slow machines:
# wall-clock seconds one rdfc() call may take, checked at every deep iteration and permutation. Real
# credentials take about 10 ms.
RDFC_DEADLINE_SECONDS = 3.0
# JSON-LD expansion and pyld's RDF conversion, which the deadline cannot interrupt, grow faster than
# linearly with the document (12,000 alignments in a 1 MiB credential took 75 s): objects and arrays
# are counted first. A real award holds about 70; 1,000 take about 0.6 s.
RDFC_MAX_NODES = 1_000
_clock = time.monotonic

_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S*")
_LANGUAGE_TAG = re.compile(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*")  # the well-formedness check jsonld.js applies
_UNESCAPED_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTAINERS = ("@list", "@set", "@graph", "@included")


POISON_GRAPH = ("JSON-LD canonicalization failed: the document's blank nodes are too interconnected to "
                "canonicalize within the work limit (a poison graph)")
DEADLINE_EXCEEDED = "JSON-LD canonicalization failed: it ran past its deadline"
_POISON_HINT = ("give the objects that refer to one another an id (an https: URL or a urn:uuid:) rather than "
                "linking blank nodes that look alike; no real credential needs such a graph")


def jcs(value: Any) -> bytes:
    """RFC 8785 canonical JSON bytes (Trail of Bits' rfc8785, so number formatting is theirs to get right)."""
    try:
        return rfc8785.dumps(value)
    except rfc8785.CanonicalizationError as exc:
        raise CanonicalizationError(f"cannot canonicalize as JSON (RFC 8785): {exc}",
                                    "the document holds a value JSON cannot sign") from None


def rdfc(document: dict[str, Any], loader: Loader = document_loader, hash_name: str = "sha256") -> str:
    """RDFC-1.0 canonical N-Quads of a JSON-LD document, with contexts from `loader` only, in safe mode,
    within the work limit and the deadline above; `hash_name` is RDFC-1.0's hash algorithm (hashlib name)."""
    if not isinstance(document, dict):
        raise CanonicalizationError(f"a JSON-LD document must be an object, not {type(document).__name__}")
    nodes = count_nodes(document)
    if nodes > RDFC_MAX_NODES:
        raise CanonicalizationError(f"JSON-LD canonicalization failed: the document holds {nodes:,} objects and "
                                    f"arrays; the limit is {RDFC_MAX_NODES:,}",
                                    "no credential needs that many; split the content or link to it")
    started = _clock()
    options = {"documentLoader": loader, "base": None}
    processor = MemoProcessor(on_property_dropped=_refuse_dropped)
    try:
        expanded = processor.expand(document, options)
        _check_expanded(expanded)
        # What pyld's normalize() does, with its URDNA2015 replaced by the bounded one.
        dataset = processor.dataset(expanded, options)
        nquads = canonical_nquads(dataset, work_factor=RDFC_MAX_WORK_FACTOR,
                                  max_deep_iterations=RDFC_MAX_DEEP_ITERATIONS,
                                  deadline_seconds=RDFC_DEADLINE_SECONDS, started=started, clock=_clock,
                                  hash_name=hash_name)
    except (JsonLdError, ValueError) as exc:  # pyld's IRI resolver raises ValueError, e.g. for a relative context URL
        raise _explain(exc) from None
    except WorkLimitExceeded as exc:
        raise CanonicalizationError(
            f"{POISON_GRAPH}: {exc.non_unique} look-alike blank nodes would need more than {exc.limit:,} runs of "
            "RDFC-1.0's Hash N-Degree Quads", _POISON_HINT) from None
    except DeadlineExceeded as exc:
        raise CanonicalizationError(
            f"{DEADLINE_EXCEEDED} of {exc.seconds:g} s; the document's blank nodes are likely too interconnected "
            "(a poison graph)", _POISON_HINT) from None
    control = _UNESCAPED_CONTROL.search(nquads)
    if control:
        raise CanonicalizationError(
            f"JSON-LD canonicalization failed: a string holds control character U+{ord(control.group()):04X}, "
            "which pyld cannot escape as RDFC-1.0 requires", "remove control characters from the document's text")
    return nquads


def count_nodes(value: Any, limit: int | None = None) -> int:
    """How many JSON objects and arrays `value` holds, itself included, counting stops just past `limit` if given
    (iteratively: depth is not bounded here)."""
    count, stack = 0, [value]
    while stack and (limit is None or count <= limit):
        item = stack.pop()
        if isinstance(item, dict):
            count += 1
            stack.extend(item.values())
        elif isinstance(item, list):
            count += 1
            stack.extend(item)
    return count


def _refuse_dropped(term: str | None) -> None:
    """pyld's hook for a key that expansion is about to drop: make it an error instead."""
    if term is None:
        raise CanonicalizationError("JSON-LD canonicalization failed: a key is an unknown @-keyword or is mapped "
                                    "to null by the document's @context, so it would be left unsigned",
                                    "remove that key, or the context's null mapping")
    raise CanonicalizationError(f"JSON-LD canonicalization failed: term {term!r} is not defined by the document's "
                                "@context, so it would be left unsigned",
                                "use a term the contexts define, or add a context that defines it")


def _check_expanded(value: Any) -> None:
    """Walk expanded JSON-LD for what jsonld.js's safe mode refuses and pyld lets through: relative IRIs
    (they vanish from the N-Quads) and malformed language tags (Digital Bazaar's verifiers reject them)."""
    if isinstance(value, list):
        for item in value:
            _check_expanded(item)
        return
    if not isinstance(value, dict):
        return
    if "@value" in value:
        datatype, language = value.get("@type"), value.get("@language")
        if datatype is not None and datatype != "@json":
            _require_iri(datatype, "datatype")
        if language is not None and not (isinstance(language, str) and _LANGUAGE_TAG.fullmatch(language)):
            raise CanonicalizationError(f"JSON-LD canonicalization failed: @language {language!r} is not a "
                                        "well-formed language tag", "use a BCP 47 tag such as en or en-GB")
        return
    for key, item in value.items():
        if key == "@id":
            _require_iri(item, "@id", blank_ok=True)
        elif key == "@type":
            for name in item if isinstance(item, list) else [item]:
                _require_iri(name, "@type", blank_ok=True)
        elif key == "@reverse":
            for prop, nodes in item.items():
                _require_iri(prop, "property")
                _check_expanded(nodes)
        elif key in _CONTAINERS:
            _check_expanded(item)
        elif not key.startswith("@"):
            _require_iri(key, "property")
            _check_expanded(item)


def _require_iri(value: Any, what: str, blank_ok: bool = False) -> None:
    """An absolute IRI (or, where RDF allows one, a blank node), else a CanonicalizationError."""
    if isinstance(value, str) and value.startswith("_:"):
        if blank_ok:
            return
    elif isinstance(value, str) and _ABSOLUTE_IRI.fullmatch(value):
        return
    raise CanonicalizationError(f"JSON-LD canonicalization failed: {what} {value!r} is not an absolute IRI, "
                                "so it would be left unsigned", "use an absolute URL (https://…, urn:…, did:…)")


def _explain(exc: Exception) -> CryptoError:
    """Our own error if one caused pyld's (ContextNotBundled, a safe-mode refusal), else pyld's innermost message."""
    cause: BaseException | None = exc
    innermost: BaseException = exc
    while cause is not None:
        if isinstance(cause, CryptoError):
            return cause
        innermost, cause = cause, cause.__cause__
    message = str(innermost.args[0]) if innermost.args else type(innermost).__name__
    return CanonicalizationError(f"JSON-LD canonicalization failed: {message}",
                                 "the document is not valid JSON-LD under its contexts")
