"""Labels: admins define them (catalogue), agents put them on conversations (tagging)."""
