"""The intranet web app: search, checks, sketch export, the chat proxy and the chat page."""
