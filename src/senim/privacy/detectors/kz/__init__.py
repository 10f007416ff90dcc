"""Kazakhstan identifiers."""
