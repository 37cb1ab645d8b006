"""Refuse private key material anywhere in the tree: the registry must never hold a secret."""
from __future__ import annotations

import re

from ..errors import Problem

# PEM private keys, Multikey/JWK secret fields, and bare Ed25519 multibase secrets (0x8026 → "z3u2").
_PATTERNS: tuple[tuple[re.Pattern[bytes], str], ...] = (
    (re.compile(rb"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----"), "a PEM private key"),
    (re.compile(rb'(?:secretKeyMultibase|privateKeyMultibase)["\']?\s*:\s*["\']?z[1-9A-HJ-NP-Za-km-z]{40,}'),
     "a Multikey secret key"),
    (re.compile(rb'"d"\s*:\s*"[A-Za-z0-9_-]{43}"'), "a JWK private key ('d' member)"),
    (re.compile(rb"(?<![A-Za-z0-9])z3u2[1-9A-HJ-NP-Za-km-z]{40,50}(?![A-Za-z0-9])"), "an Ed25519 secret key (multibase)"),
)

# Secret keys published in standards' test vectors: public knowledge, allowed in test fixtures only.
PUBLIC_TEST_SECRETS = frozenset({
    b"z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq",  # W3C vc-di-eddsa test vectors
    b"zrv3kJcnBP1RpYmvNZ9jcYpKBZg41iSobWxSg3ix2U7Cp59kjwQFCT4SZTgLSL3HP8iGMdJs3nedjqYgNn6ZJmsmjRm",  # reference-signed
})


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    return line, offset - (data.rfind(b"\n", 0, offset) + 1) + 1


def secret_problems(path: str, data: bytes, allowed: frozenset[bytes] = PUBLIC_TEST_SECRETS) -> list[Problem]:
    """Problems for every piece of private key material in a file's bytes."""
    problems: dict[int, Problem] = {}  # one problem a line, whichever pattern saw it first
    for pattern, what in _PATTERNS:
        for match in pattern.finditer(data):
            if path.startswith("tests/") and any(secret in match.group(0) for secret in allowed):
                continue
            line, column = _line_col(data, match.start())
            problems.setdefault(line, Problem(
                path, line, column, "private-key", f"the file contains {what}",
                "remove it from the repository and its history, then rotate the key "
                "(`credreg key revoke --reason compromised`); private keys live outside the repo"))
    return sorted(problems.values())
