"""An event class in two homes: where it was stored from, and where it lives after a move."""
