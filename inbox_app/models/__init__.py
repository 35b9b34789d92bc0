"""Tables, DTOs and enums. Importing this registers every table on SQLModel.metadata."""

from inbox_app.models import tables  # noqa: F401
