"""Pushes domain changes to connected browsers."""
