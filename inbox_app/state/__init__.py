"""Reflex State: thin adapters. Each handler authenticates, calls one service, sets vars."""
