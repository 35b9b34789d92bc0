"""Full-text search over conversations, on SQLite and PostgreSQL."""
