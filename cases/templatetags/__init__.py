"""Template tags for the caseworker UI."""
