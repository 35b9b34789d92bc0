"""Every domain rule lives here. No Reflex, no FastAPI: services take a session."""
