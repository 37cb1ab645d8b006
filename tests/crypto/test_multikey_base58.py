"""base58btc and Ed25519 Multikey / did:key encodings: known values, round trips, and exact errors."""
from __future__ import annotations

from collections.abc import Callable

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from support import REF, W3C, read_json

from registry.crypto.base58 import b58decode, b58encode
from registry.crypto.multikey import (
    decode_public_key,
    decode_secret_key,
    encode_public_key,
    encode_secret_key,
    public_key_from_did_key,
)
from registry.errors import CryptoError

# From the base58 IETF draft (draft-msporny-base58) and Bitcoin's leading-zero rule.
BASE58 = [
    ("empty", b"", ""),
    ("one-zero-byte", b"\0", "1"),
    ("hello-world", b"Hello World!", "2NEpo7TZRRrLZSi2U"),
    ("quick-brown-fox", b"The quick brown fox jumps over the lazy dog.",
     "USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z"),
    ("leading-zeros", bytes.fromhex("0000287fb4cd"), "11233QC4"),
]


@pytest.mark.parametrize("raw, text", [c[1:] for c in BASE58], ids=[c[0] for c in BASE58])
def test_base58_known_values(raw: bytes, text: str) -> None:
    assert (b58encode(raw), b58decode(text)) == (text, raw)


@pytest.mark.parametrize("text, char, position", [
    ("3yQ0", "0", 4), ("O1", "O", 1), ("1I", "I", 2), ("zl", "l", 2), ("ab c", " ", 3), ("ab+", "+", 3),
], ids=["zero", "capital-o", "capital-i", "small-l", "space", "plus"])
def test_base58_bad_character(text: str, char: str, position: int) -> None:
    with pytest.raises(CryptoError) as info:
        b58decode(text)
    assert info.value.message == f"invalid base58 character {char!r} at position {position}"


def test_w3c_key_pair() -> None:
    pair = read_json(W3C / "keyPair.json")
    public = decode_public_key(pair["publicKeyMultibase"])
    seed = decode_secret_key(pair["privateKeyMultibase"])
    derived = Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    assert derived == public
    assert (encode_public_key(public), encode_secret_key(seed)) == (pair["publicKeyMultibase"],
                                                                    pair["privateKeyMultibase"])


def test_digital_bazaar_secret_key_holds_seed_and_public_key() -> None:
    key = read_json(REF / "key.json")
    seed = decode_secret_key(key["secretKeyMultibase"])  # 64 bytes in the file: seed ‖ public key
    assert len(seed) == 32
    public = Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    assert encode_public_key(public) == key["publicKeyMultibase"]


def test_did_key_round_trip() -> None:
    pair = read_json(W3C / "keyPair.json")
    public = decode_public_key(pair["publicKeyMultibase"])
    vm = read_json(W3C / "eddsa-rdfc-2022" / "signedDataInt.json")["proof"]["verificationMethod"]
    assert f"did:key:{encode_public_key(public)}#{pair['publicKeyMultibase']}" == vm
    assert public_key_from_did_key(vm) == public
    assert public_key_from_did_key(vm.partition("#")[0]) == public  # no fragment: the one key (as in the browser)


def mismatched_secret() -> str:
    seed, other = bytes(32), bytes(range(32))
    wrong = Ed25519PrivateKey.from_private_bytes(other).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return "z" + b58encode(b"\x80\x26" + seed + wrong)


BAD_KEYS: list[tuple[str, Callable[[str], bytes], str, str]] = [
    ("x25519-key", decode_public_key, "z6LSbysY2xFMRpGMhb7tFTLMpeuPRaqaWM1yECx2AtzE3KCc",
     "publicKeyMultibase is not an Ed25519 key (multicodec prefix 0xec01, expected 0xed01)"),
    ("secret-key-as-public", decode_public_key, "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq",
     "publicKeyMultibase is not an Ed25519 key (multicodec prefix 0x8026, expected 0xed01)"),
    ("public-key-as-secret", decode_secret_key, "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
     "secretKeyMultibase is not an Ed25519 key (multicodec prefix 0xed01, expected 0x8026)"),
    ("no-multibase-prefix", decode_public_key, "6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
     "publicKeyMultibase must be multibase base58btc (start with 'z')"),
    ("bad-base58-char", decode_public_key, "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ0",
     "publicKeyMultibase is not valid base58btc: invalid base58 character '0' at position 47"),
    ("truncated", decode_public_key, "z" + b58encode(b"\xed\x01" + bytes(range(1, 21))),
     "publicKeyMultibase has 20 key bytes, expected 32"),
    ("secret-truncated", decode_secret_key, "z" + b58encode(b"\x80\x26" + bytes(range(1, 34))),
     "secretKeyMultibase has 33 key bytes, expected 32 or 64"),
    ("secret-with-foreign-public-key", decode_secret_key, mismatched_secret(),
     "secretKeyMultibase holds a public key that does not belong to its seed"),
    ("did-web-is-not-did-key", public_key_from_did_key, "did:web:registry.test:issuers:refiss#key-1",
     "'did:web:registry.test:issuers:refiss#key-1' is not a did:key verification method"),
    ("did-key-other-fragment", public_key_from_did_key,
     "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#key-1",
     "did:key verification method did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#key-1 must end in "
     "#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"),
]


@pytest.mark.parametrize("decode, value, message", [c[1:] for c in BAD_KEYS], ids=[c[0] for c in BAD_KEYS])
def test_bad_key_gives_exact_error(decode: Callable[[str], bytes], value: str, message: str) -> None:
    with pytest.raises(CryptoError) as info:
        decode(value)
    assert info.value.message == message


@pytest.mark.parametrize("encode, raw", [(encode_public_key, bytes(31)), (encode_secret_key, bytes(64))],
                         ids=["public-31-bytes", "secret-64-bytes"])
def test_encoders_refuse_wrong_lengths(encode: Callable[[bytes], str], raw: bytes) -> None:
    with pytest.raises(CryptoError):
        encode(raw)
