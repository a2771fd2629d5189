"""The rules of directives and assignments as pure decisions.

Each function takes the context (who, when, the reason), the current state of the records the
command involves, the command's values as keyword arguments and the facts the application looked
up (reference catalogues, a number allocated in a series, the directive's assignments), and returns
the events to record, or raises the error named for the rule (``domain.directives.errors``). No
function here reads a store or a clock.
"""
