"""pyld's JSON-LD processor with context processing memoized across documents, and RDF from expanded form.

pyld re-processes every type-scoped context (the OB 3.0 context has one per credential type) on every
document: for a scoped context it first clones the active context, and the clone's fresh id misses
pyld's own cache. It also expands a document a second time inside `to_rdf`. Together that was about
half of a credential's canonicalization time. Here:
- `MemoProcessor._process_context` returns the same active context for the same (active context,
  local context, flags, loader, base) objects, compared by identity and held alive by the memo so an
  id is never reused. Only scoped contexts (objects in a term definition) met in an active context that
  pyld froze in its cache or that the memo returned are memoized, so a document's own, freshly copied
  @context lists never fill it (pyld caches the URLs in them by itself);
- `dataset` turns already expanded JSON-LD into pyld's RDF dataset without expanding it again.
Both use pyld internals, so pyproject.toml pins pyld's minor version; the output is pyld's, byte for byte.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from frozendict import frozendict
from pyld.identifier_issuer import IdentifierIssuer
from pyld.jsonld import JsonLdProcessor, _is_absolute_iri

# Distinct (active context, local context) pairs kept; the bundled contexts need a few dozen.
MEMO_SIZE = 512


class MemoProcessor(JsonLdProcessor):
    """A JsonLdProcessor whose context processing is memoized process-wide (see the module docstring)."""

    _memo: OrderedDict[tuple[Any, ...], tuple[Any, Any, Any, Any]] = OrderedDict()
    _results: dict[int, Any] = {}
    _lock = threading.Lock()

    def _process_context(self, active_ctx: Any, local_ctx: Any, options: Mapping[str, Any],
                         override_protected: bool = False, propagate: bool = True, validate_scoped: bool = True,
                         cycles: set[str] | None = None) -> Any:
        stable = isinstance(active_ctx, frozendict) or self._results.get(id(active_ctx)) is active_ctx
        if cycles or not stable or not isinstance(local_ctx, Mapping):
            return super()._process_context(active_ctx, local_ctx, options, override_protected, propagate,
                                            validate_scoped, cycles)
        loader = options.get("documentLoader")
        key = (id(active_ctx), id(local_ctx), override_protected, propagate, validate_scoped, id(loader),
               options.get("base"))
        with self._lock:
            hit = self._memo.get(key)
            if hit is not None and hit[0] is active_ctx and hit[1] is local_ctx and hit[2] is loader:
                self._memo.move_to_end(key)
                return hit[3]
        processed = super()._process_context(active_ctx, local_ctx, options, override_protected, propagate,
                                             validate_scoped, cycles)
        with self._lock:
            self._memo[key] = (active_ctx, local_ctx, loader, processed)
            self._results[id(processed)] = processed
            while len(self._memo) > MEMO_SIZE:
                _, (_, _, _, dropped) = self._memo.popitem(last=False)
                if self._results.get(id(dropped)) is dropped:
                    del self._results[id(dropped)]
        return processed

    def dataset(self, expanded: list[Any], options: Mapping[str, Any]) -> dict[str, Any]:
        """pyld's RDF dataset of expanded JSON-LD: `to_rdf` without its second expansion."""
        issuer = IdentifierIssuer("_:b")
        node_map: dict[str, Any] = {"@default": {}}
        self._create_node_map(expanded, node_map, "@default", issuer)
        settings = {"produceGeneralizedRdf": False, "processingMode": "json-ld-1.1", **options}
        return {name: self._graph_to_rdf(graph, issuer, settings) for name, graph in sorted(node_map.items())
                if name == "@default" or _is_absolute_iri(name)}
