"""Key store for petitioners' personal data (see ``files.py``)."""

from infra.keystore.files import FileKeyStore

__all__ = ["FileKeyStore"]
