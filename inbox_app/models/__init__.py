"""Tables, DTOs and enums. Importing this registers every table on SQLModel.metadata."""

from inbox_app.models import email_tables, outbox, statistics_tables, tables, webhooks  # noqa: F401
