"""C2SP signed notes, verifier keys and tlog checkpoints (docs/verifying.md §5–§6)."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from infra.ledger.encoding import b64decode, b64encode
from infra.ledger.note import (
    Checkpoint,
    CheckpointFormatError,
    InvalidSignatureError,
    KeyFormatError,
    MalformedNoteError,
    UnverifiedNoteError,
    VerifierKey,
    generate_private_key,
    key_id,
    load_private_key_pem,
    open_checkpoint,
    open_note,
    private_key_to_pem,
    sign_checkpoint,
    sign_note,
)

# Published vector of golang.org/x/mod/sumdb/note (note_test.go, TestSign/TestOpen).
PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
PETER_SKEY_SEED = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"  # 0x01 || Ed25519 seed
ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
PETER_SIG = (
    "— PeterNeumann "
    "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
)
ENOCH_SIG = (
    "— EnochRoot "
    "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n"
)
PETER_NOTE = TEXT + "\n" + PETER_SIG

ORIGIN = "vptu.example.vn/socai"
ROOT = bytes(range(32))
ROOT_B64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="


def peter_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(b64decode(PETER_SKEY_SEED)[1:])


@pytest.fixture(scope="module")
def office_key() -> Ed25519PrivateKey:
    return generate_private_key()


@pytest.fixture(scope="module")
def office_vkey(office_key: Ed25519PrivateKey) -> VerifierKey:
    return VerifierKey.from_public_key(ORIGIN, office_key.public_key())


class TestVerifierKey:
    def test_parses_the_published_key_and_writes_it_back(self) -> None:
        """The Go sumdb/note test key parses, has key ID c74f20a3 and round-trips."""
        key = VerifierKey.parse(PETER_VKEY)
        assert key.name == "PeterNeumann"
        assert key.key_id == bytes.fromhex("c74f20a3") == key_id(key.name, key.public_key)
        assert key.to_text() == PETER_VKEY

    def test_a_generated_key_round_trips(self, office_vkey: VerifierKey) -> None:
        """to_text() then parse() gives back an equal key."""
        assert VerifierKey.parse(office_vkey.to_text()) == office_vkey

    def test_every_truncation_and_one_character_change_is_refused(self) -> None:
        """Like sumdb/note TestNewVerifier: no substring nor single-character mangling parses."""
        b = PETER_VKEY
        for i in range(len(b)):
            for j in range(i + 1, len(b) + 1):
                if (i, j) != (0, len(b)):
                    with pytest.raises(KeyFormatError):
                        VerifierKey.parse(b[i:j])
        for i in range(len(b)):
            with pytest.raises(KeyFormatError):
                VerifierKey.parse(b[:i] + chr(ord(b[i]) + 1) + b[i + 1 :])

    @pytest.mark.parametrize(
        ("text", "match"),
        [
            ("PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "lowercase"),
            ("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "type 0x01"),
            ("PeterNeumann+cc469956+" + b64encode(b"\x01" + bytes(33)), "32 bytes"),
            (
                "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==",
                "base64",
            ),
            ("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "key name"),
            (
                "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
                "does not match",
            ),
        ],
    )
    def test_refusals_say_what_is_wrong(self, text: str, match: str) -> None:
        """Uppercase ID, another type, wrong length, lax base64, a space in the name, a wrong ID."""
        with pytest.raises(KeyFormatError, match=match):
            VerifierKey.parse(text)


class TestSignNote:
    def test_reproduces_the_published_go_note_byte_for_byte(self) -> None:
        """Ed25519 is deterministic: signing the Go test text with its key gives its note."""
        assert sign_note(TEXT, "PeterNeumann", peter_private_key()) == PETER_NOTE

    @pytest.mark.parametrize(
        ("body", "name", "error"),
        [
            ("no final newline", "a.example/log", MalformedNoteError),
            ("tab\there\n", "a.example/log", MalformedNoteError),
            ("fine\n", "two words", KeyFormatError),
            ("fine\n", "a+b", KeyFormatError),
            ("fine\n", "", KeyFormatError),
        ],
    )
    def test_refuses_what_a_note_cannot_hold(
        self, body: str, name: str, error: type[Exception], office_key: Ed25519PrivateKey
    ) -> None:
        """A text without a final newline or with a control character, or a bad key name."""
        with pytest.raises(error):
            sign_note(body, name, office_key)


class TestOpenNote:
    def test_opens_the_published_go_note(self) -> None:
        """The Go sumdb/note example verifies under its key and returns its text."""
        assert open_note(PETER_NOTE, VerifierKey.parse(PETER_VKEY)) == TEXT

    def test_ignores_signatures_by_other_keys(self) -> None:
        """With two signatures, each key verifies its own and ignores the other."""
        note = TEXT + "\n" + PETER_SIG + ENOCH_SIG
        assert open_note(note, VerifierKey.parse(PETER_VKEY)) == TEXT
        assert open_note(note.encode(), VerifierKey.parse(ENOCH_VKEY)) == TEXT

    def test_refuses_a_note_signed_only_by_another_key(self) -> None:
        """No signature by the expected key name and ID: UnverifiedNoteError."""
        with pytest.raises(UnverifiedNoteError, match="EnochRoot"):
            open_note(PETER_NOTE, VerifierKey.parse(ENOCH_VKEY))

    def test_a_key_with_the_same_name_but_another_id_is_not_used(
        self, office_key: Ed25519PrivateKey
    ) -> None:
        """Another key named PeterNeumann signing is ignored (different key ID), so unverified."""
        note = sign_note(TEXT, "PeterNeumann", office_key)
        with pytest.raises(UnverifiedNoteError):
            open_note(note, VerifierKey.parse(PETER_VKEY))

    def test_a_bad_signature_by_the_known_key_refuses_the_whole_note(self) -> None:
        """A corrupted signature under the known name and ID: InvalidSignatureError."""
        bad = TEXT + "\n" + PETER_SIG[:60] + "ABCD" + PETER_SIG[60:] + PETER_SIG
        with pytest.raises(InvalidSignatureError, match="PeterNeumann"):
            open_note(bad, VerifierKey.parse(PETER_VKEY))

    def test_a_changed_text_is_refused(self) -> None:
        """One changed character of the text makes the signature fail."""
        bad = PETER_NOTE.replace("cryptography", "cryptographY")
        with pytest.raises(InvalidSignatureError):
            open_note(bad, VerifierKey.parse(PETER_VKEY))

    @pytest.mark.parametrize(
        "note",
        [
            TEXT,
            TEXT + "\n",
            TEXT + "\n" + PETER_SIG[:-1],
            "\x01" + PETER_NOTE,
            TEXT + "\n" + PETER_SIG.replace("PeterNeumann", "Peter Neumann"),
            TEXT + "\n" + PETER_SIG + "Unexpected line.\n",
            TEXT + "\n" + PETER_SIG.replace("— ", "- "),
            TEXT + "\n" + PETER_SIG * 101,
            TEXT + "\n" + "— PeterNeumann AAAA\n",
            TEXT + "\n" + "— PeterNeumann x08go/not base64!\n",
            "\ud800" + PETER_NOTE,
        ],
        ids=[
            "text-only",
            "no-signature",
            "no-final-newline",
            "control-character",
            "space-in-name",
            "trailing-line",
            "hyphen-not-em-dash",
            "too-many-signatures",
            "signature-too-short",
            "bad-base64",
            "lone-surrogate",
        ],
    )
    def test_malformed_notes_are_refused(self, note: str) -> None:
        """Each syntax error is a MalformedNoteError, before any signature is checked."""
        with pytest.raises(MalformedNoteError):
            open_note(note, VerifierKey.parse(PETER_VKEY))

    def test_invalid_utf8_bytes_are_refused(self) -> None:
        """A note given as bytes must be valid UTF-8."""
        with pytest.raises(MalformedNoteError, match="UTF-8"):
            open_note(b"\xff" + PETER_NOTE.encode(), VerifierKey.parse(PETER_VKEY))


class TestCheckpoint:
    def test_body_is_three_lines(self) -> None:
        """origin, decimal size and base64 root hash, each followed by a newline."""
        body = Checkpoint(ORIGIN, 1234, ROOT).body()
        assert body == f"{ORIGIN}\n1234\n{ROOT_B64}\n"
        assert Checkpoint.parse(body) == Checkpoint(ORIGIN, 1234, ROOT)

    def test_size_zero_is_written_as_0(self) -> None:
        """The empty tree's size is "0", the only size with a leading zero."""
        assert Checkpoint.parse(f"{ORIGIN}\n0\n{ROOT_B64}\n").size == 0

    @pytest.mark.parametrize(
        "body",
        [
            f"{ORIGIN}\n12\n",
            f"{ORIGIN}\n12\n{{root}}\nextension line\n",
            f"{ORIGIN}\n12\n{{root}}",
            f"{ORIGIN}\n012\n{{root}}\n",
            f"{ORIGIN}\n+12\n{{root}}\n",
            f"{ORIGIN}\n 12\n{{root}}\n",
            f"{ORIGIN}\n1_2\n{{root}}\n",
            f"{ORIGIN}\n\u0661\u0662\n{{root}}\n",
            f"{ORIGIN}\n-1\n{{root}}\n",
            f"{ORIGIN}\n18446744073709551616\n{{root}}\n",
            f"{ORIGIN}\n12\nAAEC\n",
            f"{ORIGIN}\n12\n{{root}}x\n",
            "\n12\n{root}\n",
            "vptu\x7f/socai\n12\n{root}\n",
        ],
        ids=[
            "two-lines",
            "extension-line",
            "no-final-newline",
            "leading-zero",
            "plus-sign",
            "space",
            "underscore",
            "arabic-digits",
            "negative",
            "over-u64",
            "short-root",
            "bad-root-base64",
            "empty-origin",
            "control-in-origin",
        ],
    )
    def test_parse_is_strict(self, body: str) -> None:
        """Anything but exactly the three canonical lines is a CheckpointFormatError."""
        with pytest.raises(CheckpointFormatError):
            Checkpoint.parse(body.replace("{root}", ROOT_B64))

    def test_sign_and_open_round_trip(
        self, office_key: Ed25519PrivateKey, office_vkey: VerifierKey
    ) -> None:
        """A signed checkpoint opens under the office key, with its key name = origin."""
        checkpoint = Checkpoint(ORIGIN, 42, ROOT)
        note = sign_checkpoint(checkpoint, office_key)
        assert note.startswith(checkpoint.body() + "\n— " + ORIGIN + " ")
        assert open_checkpoint(note, office_vkey) == checkpoint

    def test_a_checkpoint_of_another_origin_is_refused(self, office_key: Ed25519PrivateKey) -> None:
        """A note signed under the key's name but whose body names another origin is refused."""
        note = sign_note(Checkpoint("other.example/log", 42, ROOT).body(), ORIGIN, office_key)
        vkey = VerifierKey.from_public_key(ORIGIN, office_key.public_key())
        with pytest.raises(CheckpointFormatError, match="not the key name"):
            open_checkpoint(note, vkey)


class TestPrivateKeyFile:
    def test_pkcs8_pem_round_trip(self, office_key: Ed25519PrivateKey) -> None:
        """A key written as PKCS#8 PEM loads back to the same key."""
        pem = private_key_to_pem(office_key)
        assert pem.startswith(b"-----BEGIN PRIVATE KEY-----")
        loaded = load_private_key_pem(pem)
        assert loaded.public_key().public_bytes_raw() == office_key.public_key().public_bytes_raw()

    def test_refuses_garbage_another_algorithm_and_an_encrypted_key(
        self, office_key: Ed25519PrivateKey
    ) -> None:
        """Not PEM, an EC key, or a password-protected key: KeyFormatError."""
        ec_pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        encrypted = office_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(b"secret"),
        )
        for data in (b"not a key", ec_pem, encrypted):
            with pytest.raises(KeyFormatError):
                load_private_key_pem(data)
