"""Attachments: the files on disk and their records."""
