"""The first steps: is it a Verifiable Credential, which Open Badges type, and does it match its official schema."""
from __future__ import annotations

from typing import Any

from ..ob3.fields import types_of
from ..ob3.schema import schema_errors, schema_file_for
from .steps import Outcome, Step

VC_CONTEXTS = ("https://www.w3.org/ns/credentials/v2", "https://www.w3.org/2018/credentials/v1")
OB_CONTEXT_PREFIX = "https://purl.imsglobal.org/spec/ob/v3p0/context"


def format_step(credential: dict[str, Any]) -> Step:
    contexts = credential.get("@context")
    contexts = contexts if isinstance(contexts, list) else [contexts]
    types = types_of(credential.get("type"))
    if not contexts or contexts[0] not in VC_CONTEXTS:
        return Step("format", Outcome.FAIL, "the first @context is not the W3C Verifiable Credentials context")
    if "VerifiableCredential" not in types:
        return Step("format", Outcome.FAIL, "type does not include VerifiableCredential")
    version = "VC 2.0" if contexts[0] == VC_CONTEXTS[0] else "VC 1.1"
    ob = next((c for c in contexts if isinstance(c, str) and c.startswith(OB_CONTEXT_PREFIX)), None)
    return Step("format", Outcome.PASS, f"{version} {', '.join(types)}" + (f" ({ob.rsplit('/', 1)[-1]})" if ob else ""))


def schema_steps(credential: dict[str, Any]) -> list[Step]:
    filename = schema_file_for(credential)
    if filename is None:
        return [Step("schema", Outcome.WARN, "not an Open Badges 3.0 credential type; no OB schema applies")]
    candidate = dict(credential)
    steps = []
    if isinstance(candidate.get("proof"), dict):
        candidate["proof"] = [candidate["proof"]]  # OB 3.0 serialises proof as an array; both sign the same
        steps.append(Step("schema", Outcome.WARN, "proof is a single object; OB 3.0 JSON wants an array (accepted)"))
    errors = schema_errors(candidate, filename)
    if errors:
        steps.append(Step("schema", Outcome.FAIL, f"does not match the OB 3.0 schema ({filename}): " + "; ".join(errors)))
    else:
        steps.append(Step("schema", Outcome.PASS, f"matches the official OB 3.0 schema ({filename})"))
    return steps


