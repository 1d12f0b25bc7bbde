"""Read models: what each screen shows, built in one place as small frozen dataclasses (no Reflex here).

State modules store these as typed vars; pages read their fields. They carry public ids only (never a
row id or a storage key), and each carries the actions its status allows, derived from the transition
tables, so pages never restate a status rule.
"""
