"""Running the inbox: backups, restores and the health report (no Reflex, no FastAPI)."""
