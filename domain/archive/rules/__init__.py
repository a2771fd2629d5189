"""The archive's business rules as pure decisions.

Each command of :class:`domain.archive.service.Archive` has one function here (split by concept:
``incoming``, ``outgoing``, ``files``, ``access``, ``disposal``, ``content``) that takes the current
state of the records involved, the command's values as keyword arguments and the context facts
(the :class:`~domain.records.Context`, the office's ``today``, reference catalogues, the next
number of a series) and returns the events to store, or raises an error named for the rule
(``domain/archive/errors.py``). No rule reads a repository, a clock or reference data: the
application loads, gathers the facts, calls the rule and records what it returns.

Where the record a command needs is named by a value the rule must check first (the incoming
duplicate index by number-symbol and author, an archival code), the rule comes in two steps: the
first checks the values and returns them cleaned, the application loads the record they name, the
second decides.
"""
