"""The email channel's network side: the built-in SMTP receiver and the outbox's sender.
Domain rules live in `inbox_app.services.email`; this package only moves bytes."""
