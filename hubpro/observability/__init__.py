"""Supervision: health and readiness checks, Prometheus metrics, JSON logs."""
