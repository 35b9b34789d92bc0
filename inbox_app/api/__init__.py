"""HTTP routes beside Reflex's socket: FastAPI adapters over the services."""
