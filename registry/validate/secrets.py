"""Refuse private key material anywhere in the tree: the registry must never hold a secret."""
from __future__ import annotations

import hashlib
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

# A literal each pattern above needs: a file holding none of them (nearly every file) skips the regular expressions.
_LITERALS = (b"PRIVATE KEY-----", b"KeyMultibase", b'"d"', b"z3u2")

# Secret keys published in standards' test vectors: public knowledge, allowed in test fixtures only.
# Kept as SHA-256 digests so this file holds no key material itself.
PUBLIC_TEST_SECRETS = frozenset({
    "2f542d0414610034680453cc8aab1dd9127036a50ab2ac2f64aa1b5409c555f5",  # W3C vc-di-eddsa test vectors
    "7459431d380b8bca657e3f89831ef237dd853fe5d8dbaf170f51514272cf27f6",  # reference-signed vectors
})


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    return line, offset - (data.rfind(b"\n", 0, offset) + 1) + 1


def _is_public_test_secret(match: bytes, allowed: frozenset[str]) -> bool:
    token = re.search(rb"z[1-9A-HJ-NP-Za-km-z]{40,}", match)
    return token is not None and hashlib.sha256(token.group()).hexdigest() in allowed


def secret_problems(path: str, data: bytes, allowed: frozenset[str] = PUBLIC_TEST_SECRETS) -> list[Problem]:
    """Problems for every piece of private key material in a file's bytes."""
    if not any(literal in data for literal in _LITERALS):
        return []
    problems: dict[int, Problem] = {}  # one problem a line, whichever pattern saw it first
    for pattern, what in _PATTERNS:
        for match in pattern.finditer(data):
            if path.startswith("tests/") and _is_public_test_secret(match.group(0), allowed):
                continue
            line, column = _line_col(data, match.start())
            problems.setdefault(line, Problem(
                path, line, column, "private-key", f"the file contains {what}",
                "remove it from the repository and its history, then rotate the key "
                "(`credreg key revoke --reason compromised`); private keys live outside the repo"))
    return sorted(problems.values())
