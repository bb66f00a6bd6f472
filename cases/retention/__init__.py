"""End of the data's life: per-kommune retention, the daily deletion, its report (docs/retention.md)."""
