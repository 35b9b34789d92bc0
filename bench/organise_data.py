"""Labels, priorities and snoozes on a seeded database, so the list's filters, sort and the
Snoozed view are measured on realistic data: one conversation in ten has the label "VIP", one
in three a priority, one in fifty is snoozed for a day (counters recounted after).

INBOX_DATA_DIR=/tmp/bench .venv/bin/python -m bench.organise_data
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text, update
from sqlmodel import Session

from inbox_app.db import get_engine
from inbox_app.models.tables import Conversation, Label, table_of, utcnow
from inbox_app.services import counters


def main() -> None:
    with Session(get_engine()) as session:
        label = Label(name="VIP", colour="amber")
        session.add(label)
        session.commit()
        connection = session.connection()
        connection.execute(
            text(
                "INSERT INTO conversation_label (conversation_id, label_id) "
                "SELECT id, :label FROM conversation WHERE id % 10 = 0"
            ),
            {"label": label.id},
        )
        connection.execute(text("UPDATE conversation SET priority = id % 5 WHERE id % 3 = 0"))
        conversations = table_of(Conversation)  # typed: the time is stored as the app stores it
        connection.execute(
            update(conversations)
            .where(conversations.c.id % 50 == 0)
            .values(snoozed_until=utcnow() + timedelta(days=1))
        )
        session.commit()
        counters.recount_all(session)
    print("Labelled 1 in 10, prioritised 1 in 3, snoozed 1 in 50.")


if __name__ == "__main__":
    main()
