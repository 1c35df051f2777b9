"""Formats only: terminal, JSON, the table primitives (Markdown, CSV, HTML), reports,
notices, and the export's sheets."""
