"""The domain, with no file or terminal IO: the typed model and every key order, the status
rules, counting, reports as values, dates, errors, messages in both languages, patches."""
