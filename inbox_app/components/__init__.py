"""UI pieces. Components never touch the database: they render State vars."""
