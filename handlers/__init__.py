"""Conversation logic, platform-neutral: it imports `bot.ports` and `storage`, never a platform library."""
