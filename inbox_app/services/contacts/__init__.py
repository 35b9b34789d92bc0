"""Contacts: editing and merging them, the directory, one contact's page, erasure."""
