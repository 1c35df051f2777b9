"""What reads, for a day: lists, one finding, summaries, check, reports, notices, exports."""
