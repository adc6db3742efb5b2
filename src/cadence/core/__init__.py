"""The pure core: plan expansion, statuses, streaks and review.

Standard library only; no file, clock, sleep or notification. Time is always an
argument. Enforced by tests/test_import_hygiene.py and the import contracts.
"""
