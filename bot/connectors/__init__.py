"""Connectors to the systems a factory already keeps its orders in (ERPs). Each is a platform
for orders: it translates the system's bills into our drafts and writes through the same
intake and lifecycle functions as the sheet import (`bot.connectors.sync`)."""
