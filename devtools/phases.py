"""The renewal's phases as the benchmark reports them: which Celery tasks make up each phase, and the
CPU time and queries per household of each (from ``devtools.task_stats``, summed over all workers)."""

# Phase → the tasks whose work it is (by name; a fetch task named otherwise still counts if it says "fetch").
PHASES = {
    "registration": ("cases.renewal.tasks.plan_renewal", "cases.renewal.tasks.renew_households"),
    "fetch": ("cases.tasks.fetch_income",),
    "proposal": ("cases.tasks.propose",),
    "approval": ("cases.renewal.tasks.approve_batch",),
    "letters": ("cases.tasks.render_vedtaks", "cases.tasks.render_vedtak"),
    "delivery": ("cases.tasks.deliver_decision", "cases.tasks.send_forsendelse", "cases.tasks.poll_forsendelser"),
}


def phase_of(task_name: str) -> str:
    for phase, names in PHASES.items():
        if task_name in names:
            return phase
    return "fetch" if "fetch" in task_name else "other"


def phase_figures(per_task: dict[str, dict[str, float]], *, households: int, letters: int) -> dict:
    """CPU ms and queries per household per phase, CPU ms per letter and letters per core-second."""
    cpu: dict[str, float] = {}
    queries: dict[str, float] = {}
    for name, figures in per_task.items():
        phase = phase_of(name)
        cpu[phase] = cpu.get(phase, 0.0) + figures.get("cpu_ms", 0.0)
        queries[phase] = queries.get(phase, 0.0) + figures.get("queries", 0.0)
    n = max(households, 1)
    letters_cpu_s = cpu.get("letters", 0.0) / 1000
    return {
        "cpu_ms_per_household": {phase: round(value / n, 1) for phase, value in cpu.items()},
        "queries_per_household": {phase: round(value / n, 1) for phase, value in queries.items()},
        "cpu_ms_per_letter": round(cpu.get("letters", 0.0) / letters, 1) if letters else None,
        "letters_per_core_second": round(letters / letters_cpu_s, 2) if letters_cpu_s else None,
        "task_runs": {name: int(figures.get("runs", 0)) for name, figures in sorted(per_task.items())},
    }
