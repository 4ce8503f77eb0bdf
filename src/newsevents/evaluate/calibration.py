"""Does ``confidence`` mean what it says? Reliability bands and expected calibration error.

An event coded with confidence 0.8 should be right four times in five. Grouping scored events
by confidence band and comparing each band's mean confidence with its share right gives the
reliability table; the band-weighted mean gap is the expected calibration error (ECE).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Band", "bands", "calibration_error"]


@dataclass(frozen=True, slots=True)
class Band:
    low: float
    high: float
    n: int
    mean_confidence: float
    share_right: float

    def to_dict(self) -> dict[str, float | int]:
        return {
            "low": self.low,
            "high": self.high,
            "n": self.n,
            "mean_confidence": round(self.mean_confidence, 4),
            "share_right": round(self.share_right, 4),
        }


def bands(pairs: Sequence[tuple[float, bool]], count: int = 10) -> list[Band]:
    """One band per tenth of confidence (empty bands left out); 1.0 falls in the last."""
    out = []
    for k in range(count):
        low, high = k / count, (k + 1) / count
        inside = [(c, ok) for c, ok in pairs if low <= c < high or (k == count - 1 and c >= 1.0)]
        if inside:
            out.append(
                Band(
                    low,
                    high,
                    len(inside),
                    sum(c for c, _ in inside) / len(inside),
                    sum(ok for _, ok in inside) / len(inside),
                )
            )
    return out


def calibration_error(pairs: Sequence[tuple[float, bool]], count: int = 10) -> float | None:
    """Expected calibration error over ``count`` bands (None without pairs)."""
    if not pairs:
        return None
    return sum(b.n * abs(b.mean_confidence - b.share_right) for b in bands(pairs, count)) / len(
        pairs
    )
