"""Retry timing shared by the background pipelines (income fetch, SvarUt sends): exponential, capped, with
jitter so that many failures at once do not retry in lockstep."""
import random


def jittered_backoff(*, base_s: float, exponent: int, cap_s: float) -> float:
    """``min(cap_s, base_s × 2**exponent)`` scaled by a random factor in [0.5, 1.5)."""
    return min(cap_s, base_s * 2 ** max(0, exponent)) * (0.5 + random.random())  # noqa: S311 - jitter, not crypto
