"""Shared inbox for customer conversations."""
