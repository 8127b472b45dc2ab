"""Scheduled work: APScheduler ticks, the database says what is due."""
