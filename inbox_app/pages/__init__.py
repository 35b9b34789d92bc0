"""Pages: each one assembles components; routes are registered in the composition root."""
