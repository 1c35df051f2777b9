"""What writes: findings and their loop, the campaign record, imports, the layout, git setup."""
