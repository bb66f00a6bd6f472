"""Indexes for the work queue at 100 000 cases (docs/benchmarks.md, "Page performance").

- Case (municipality, -created_at, -id) and (municipality, status, -created_at, -id): the queue's order.
- Application (municipality, period): the period filter's choices.
The name search has its own column and trigram index (0007).
"""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0005_sibling_order_choices"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="case", name="case_queue_idx"),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["municipality", "period"], name="app_period_idx"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["municipality", "-created_at", "-id"], name="case_queue_order_idx"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["municipality", "status", "-created_at", "-id"], name="case_queue_idx"),
        ),
    ]
