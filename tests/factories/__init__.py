"""Factories and builders for test data, one module per app."""
