"""The chat widget's live side: incoming messages, long-poll wake-ups, typing lines, who is online, proactive invitations."""
