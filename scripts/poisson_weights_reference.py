#!/usr/bin/env python3
"""Independent reference for tomtat's Poisson-bootstrap weights (src/stats/poisson.rs).

Prints the weights of keys k * 0x9e3779b9 (k = 0..11) in resample 7 under seed 42, the values
pinned by the Rust test `weights_are_stable`. The Poisson(1) CDF thresholds are recomputed here
with 80-digit decimals, so this checks the Rust constants as well as the mixing.
"""
from decimal import Decimal, getcontext

M = (1 << 64) - 1


def fmix(k):
    k ^= k >> 33
    k = (k * 0xFF51AFD7ED558CCD) & M
    k ^= k >> 33
    k = (k * 0xC4CEB9FE1A85EC53) & M
    return k ^ (k >> 33)


def salt(seed, i):
    return fmix((fmix(seed ^ 0x243F6A8885A308D3) + fmix(i ^ 0x13198A2E03707344)) & M)


getcontext().prec = 80
E = Decimal(-1).exp()
THRESHOLDS = []
cdf, fact = Decimal(0), 1
for k in range(20):
    fact *= max(k, 1)
    cdf += E / Decimal(fact)
    THRESHOLDS.append(int(cdf * (Decimal(2) ** 64)))


def weight(s, h):
    u = fmix(h ^ s)
    w = 0
    while w < 20 and u >= THRESHOLDS[w]:
        w += 1
    return w


if __name__ == "__main__":
    s = salt(42, 7)
    print([weight(s, (k * 0x9E3779B9) & M) for k in range(12)])
