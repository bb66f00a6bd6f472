"""Services: every write to the domain goes through a keyword-only function in this package."""
