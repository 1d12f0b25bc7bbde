"""Shared UI pieces: layouts, form fields, status badges."""
