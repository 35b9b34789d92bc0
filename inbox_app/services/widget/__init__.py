"""The chat widget's side: visitors, their chats, identity, uploads and the widget's settings."""
