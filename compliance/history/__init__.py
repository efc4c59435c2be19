"""Run history: every run recorded in an embedded SQLite database, and questions across months."""
