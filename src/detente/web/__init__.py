"""The web dashboard over a store: `detente serve` (web/app.py)."""
