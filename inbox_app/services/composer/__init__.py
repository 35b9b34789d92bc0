"""The composer: sending replies and comments, drafts, mentions, saved replies, email templates."""
