"""Message catalogues: every sentence the bot says, in Chinese and English."""
