"""The one deterministic split rule of the training pack, shared by the OCR and the detector, and the
same as `inSplit` in src-main/anpr/eval-metrics.ts: a key is in the `frac` part when the first
8 hex digits of sha1("<seed>:<key>"), as a fraction of 0xFFFFFFFF, fall below `frac`."""
import hashlib


def in_split(key, seed, frac):
    return int(hashlib.sha1(f'{seed}:{key}'.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF < frac


def held_out(source, key, frac=0.5):
    """The held-out half of a real source (scripts/anpr-pack.ts isHeldOut): seed "heldout-<source>"."""
    return in_split(key, f'heldout-{source}', frac)
