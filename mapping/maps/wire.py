"""The compact wire format of many points: typed arrays in base64.

A map of 100,000 clusters sent as JSON numbers costs about 21 bytes a point,
two thirds of them coordinates written as decimal text. Here every column
travels as the bytes of a little-endian typed array, base64-encoded (the
component protocol carries text only):

* coordinates are quantised to 16 bits over the points' own bounding box
  (``box``): over Iran's 20 degrees that is a step of about 30 m, finer than
  a pixel below zoom 12, the map's deepest;
* small integer codes (programme, sector, province) use the narrowest
  unsigned type that holds them, and travel as runs (value, length) when the
  points are sorted so that runs are long and that is smaller.

``static/map/wire.js`` decodes these with ``Uint8Array``/``Uint16Array``/
``Uint32Array`` views, which are little-endian on every platform browsers run
on. The decoders here are the reference for tests.
"""

from __future__ import annotations

import base64

import numpy as np

QUANT_MAX = 65_535  # 16-bit coordinates
RUN_BYTES = 4  # a run's length is a uint32
_WIDTHS = ((1, "<u1"), (2, "<u2"), (4, "<u4"))


def b64(array: np.ndarray) -> str:
    """The bytes of ``array`` (already in its wire dtype) as base64 text."""
    return base64.b64encode(np.ascontiguousarray(array).tobytes()).decode("ascii")


def unb64(text: str, dtype: str) -> np.ndarray:
    """The array that :func:`b64` wrote with ``dtype``."""
    return np.frombuffer(base64.b64decode(text), dtype=dtype)


def quantise(values: np.ndarray, low: float, high: float) -> np.ndarray:
    """``values`` in ``[low, high]`` as uint16 steps of ``(high - low) / 65535``.

    Parameters
    ----------
    values : numpy.ndarray
        Coordinates, all within ``[low, high]``.
    low, high : float
        The box; equal bounds (a single position) give zeros.

    Returns
    -------
    numpy.ndarray
        ``uint16``; :func:`dequantise` gives back each value within half a
        step.
    """
    span = high - low
    if span <= 0:
        return np.zeros(len(values), dtype="<u2")
    steps = np.rint((np.asarray(values, dtype=float) - low) * (QUANT_MAX / span))
    return np.clip(steps, 0, QUANT_MAX).astype("<u2")


def dequantise(steps: np.ndarray, low: float, high: float) -> np.ndarray:
    """The coordinates :func:`quantise` encoded, at the centre of each step."""
    return low + np.asarray(steps, dtype=float) * ((high - low) / QUANT_MAX)


def _width(max_value: int) -> tuple[int, str]:
    for width, dtype in _WIDTHS:
        if max_value < 256**width:
            return width, dtype
    raise ValueError(f"code {max_value} does not fit in 32 bits")


def encode_codes(codes: np.ndarray) -> dict:
    """Non-negative integer codes as the smaller of two forms.

    Parameters
    ----------
    codes : numpy.ndarray
        One code per point (``0 <= code < 2**32``).

    Returns
    -------
    dict
        ``{"w": width, "v": values, "n": None}`` with one value per point, or
        ``{"w": width, "v": run values, "n": run lengths}`` (lengths as
        uint32) when the codes come in runs long enough for that to be
        smaller. ``w`` is the byte width of a value (1, 2 or 4).
    """
    codes = np.asarray(codes)
    if len(codes) and codes.min() < 0:
        raise ValueError(f"codes must not be negative, got {int(codes.min())}")
    width, dtype = _width(int(codes.max()) if len(codes) else 0)
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]) if len(codes) else np.array([])
    if len(starts) * (width + RUN_BYTES) < len(codes) * width:
        lengths = np.diff(np.r_[starts, len(codes)]).astype("<u4")
        return {"w": width, "v": b64(codes[starts].astype(dtype)), "n": b64(lengths)}
    return {"w": width, "v": b64(codes.astype(dtype)), "n": None}


def decode_codes(column: dict) -> np.ndarray:
    """One code per point from what :func:`encode_codes` wrote."""
    dtype = dict(_WIDTHS)[column["w"]]
    values = unb64(column["v"], dtype)
    if column["n"] is None:
        return values
    return np.repeat(values, unb64(column["n"], "<u4"))
