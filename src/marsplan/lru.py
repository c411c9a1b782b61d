"""A bounded, thread-safe least-recently-used cache for results a process computes more than once.

A web server or a study asks the same questions again (a scenario's power analysis, a tug's trip), but the
questions come from users: an unbounded dictionary would grow with every scenario posted.  Each cache here
keeps at most ``maxsize`` answers, drops the least recently used first, and holds a lock while it reads or
writes (the computation itself runs outside the lock, so two threads may compute the same answer once each;
both get equal values).

>>> squares = LRUCache(2)
>>> squares.get_or_compute(3, lambda: 9), squares.get_or_compute(4, lambda: 16), squares.get_or_compute(5, lambda: 25)
(9, 16, 25)
>>> len(squares), 3 in squares
(2, False)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

__all__ = ["LRUCache"]

V = TypeVar("V")


class LRUCache(Generic[V]):
    """At most ``maxsize`` values by key, least recently used dropped first; safe to share between threads."""

    def __init__(self, maxsize: int) -> None:
        if maxsize < 1:
            raise ValueError(f"maxsize = {maxsize}: must be >= 1")
        self.maxsize = maxsize
        self._data: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_compute(self, key: Hashable, compute: Callable[[], V]) -> V:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
        value = compute()
        self.put(key, value)
        return value

    def put(self, key: Hashable, value: V) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def items(self) -> list[tuple[Hashable, V]]:
        with self._lock:
            return list(self._data.items())

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __contains__(self, key: Any) -> bool:
        with self._lock:
            return key in self._data

    def __len__(self) -> int:
        with self._lock:
            return len(self._data)
