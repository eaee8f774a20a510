"""Helpers every app uses, with no knowledge of councils, plans, measures or budgets.

Nothing here imports an app (the import-linter contract in pyproject.toml holds it to that), so
any app can build on it without import cycles. See DEVELOPING.md for what lives where.
"""
