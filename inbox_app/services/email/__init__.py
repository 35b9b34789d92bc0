"""The email channel's domain rules: parsing mail, storing it, the outbox. No network here."""
