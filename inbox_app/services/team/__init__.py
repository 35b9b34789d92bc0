"""The team: agents, availability, groups, invitations, permissions, sign-in throttling."""
