"""Cryptography: Multikey, canonicalization and Data Integrity EdDSA proofs."""
