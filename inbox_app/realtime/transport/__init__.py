"""Below the hub: carrying events between workers (in-process or Redis), shared registries, and the sockets this worker holds."""
