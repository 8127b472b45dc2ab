"""The seam to the systems a factory already keeps its orders in (ERPs, Jiandaoyun), both ways:
a source of orders (`order_source`, pulled by one engine, `sync`) and a sink of events
(`event_sink`, driven by `bot.event_relay`). A connector is a platform for orders: it
translates the system's bills into our drafts and writes through the same intake and
lifecycle functions as the sheet import."""
