"""Operating the store: backups, restores and key custody (docs/operations.md)."""
