"""Conversations: starting, listing, opening, acting on them, their messages and status dots."""
