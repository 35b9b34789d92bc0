"""What a use-case wrote and when it committed, in order: tells one commit from two on any
database (PostgreSQL begins no transaction for an empty batch, so commits alone differ)."""

from sqlalchemy import event


def inserts_and_commits(engine) -> list[str]:
    """The tables inserted into and the commits, in order."""
    happened: list[str] = []

    def inserted(_connection, _cursor, statement, *_rest):
        if statement.startswith("INSERT INTO "):
            happened.append(statement.split()[2].strip('"'))

    event.listen(engine, "after_cursor_execute", inserted)
    event.listen(engine, "commit", lambda _connection: happened.append("commit"))
    return happened
