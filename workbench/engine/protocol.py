"""The engine's wire format: one JSON object per line, UTF-8, both ways. No pickle.

This module is the only place that knows it, so an engine on another machine needs a new
transport, not a new window.

Requests (window -> engine): ``{"type": NAME, "id": n, …fields}``, where NAME is one of the
engine's tasks (``tasks.py`` lists them with their fields and results), plus two that act at once:
``{"type": "stop", "request": n}`` ends request n's run after its batch, and ``{"type": "shutdown"}``
stops everything and makes the engine exit.

Messages (engine -> window):

- ``{"type": "hello", "protocol": 1, "pid": …}`` once, as soon as the engine runs;
- ``{"type": "event", "request": id, "event": "EpochEnd", "data": {…}}`` for each
  ``core.events`` event a request sends (RunStarted, BatchProgress, EpochEnd, RunFinished…);
- ``{"type": "reply", "request": id, "ok": true, "result": {…}}`` once per request, or
  ``{"type": "reply", "request": id, "ok": false, "error": "one sentence"}``.

NaN and infinities travel as Python's JSON spells them (NaN, Infinity): a diverged loss
arrives as it was computed. Both ends are this package.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import typing
from dataclasses import dataclass
from typing import Any

from workbench.core import events as core_events

PROTOCOL_VERSION = 1
# Every dataclass core.events defines can travel (a new event type needs nothing here).
EVENT_TYPES: dict[str, type] = {name: cls for name, cls in vars(core_events).items()
                                if dataclasses.is_dataclass(cls) and cls.__module__ == core_events.__name__}


class ProtocolError(ValueError):
    """A line that is not a message of this protocol."""


@dataclass(frozen=True)
class DataRef:
    """Which dataset to train on: the engine reads the file itself and checks it is the same one."""

    path: str
    text_column: str
    label_column: str
    fingerprint: str  # sha256 of the file when the window read it

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DataRef:
        return cls(**{f.name: str(data[f.name]) for f in dataclasses.fields(cls)})


@dataclass(frozen=True)
class RunOutcome:
    """How a run ended, as the window needs it (the model stays in the engine)."""

    run_id: int | None
    status: str  # completed, stopped, diverged, failed or interrupted
    message: str
    test: dict[str, Any] | None = None


def encode(message: dict[str, Any]) -> bytes:
    """One message as one line."""
    return json.dumps(message, ensure_ascii=False, default=_plain).encode("utf-8") + b"\n"


def decode(line: bytes) -> dict[str, Any]:
    try:
        message = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProtocolError(f"not a protocol message: {line[:80]!r} ({exc})") from None
    if not isinstance(message, dict) or "type" not in message:
        raise ProtocolError(f"not a protocol message: {line[:80]!r}")
    return message


def request(request_id: int, kind: str, **fields: Any) -> dict[str, Any]:
    return {"type": kind, "id": request_id, **fields}


def event_message(request_id: int | None, event: Any) -> dict[str, Any]:
    return {"type": "event", "request": request_id, "event": type(event).__name__,
            "data": dataclasses.asdict(event)}


def reply(request_id: int | None, result: Any = None, error: str | None = None) -> dict[str, Any]:
    if error is not None:
        return {"type": "reply", "request": request_id, "ok": False, "error": error}
    if dataclasses.is_dataclass(result):
        result = dataclasses.asdict(result)
    return {"type": "reply", "request": request_id, "ok": True, "result": result}


def event_from_message(message: dict[str, Any]) -> Any:
    """The core.events dataclass an event message carries, nested dataclasses rebuilt."""
    cls = EVENT_TYPES.get(message.get("event", ""))
    if cls is None:
        raise ProtocolError(f"unknown event {message.get('event')!r}")
    return _build(cls, message["data"])


def _build(cls: type, data: dict[str, Any]) -> Any:
    hints = _type_hints(cls)
    values = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        item = _list_item_dataclass(hints[f.name])
        if item is not None and isinstance(value, list):
            value = [_build(item, v) for v in value]
        values[f.name] = value
    return cls(**values)


@functools.cache
def _type_hints(cls: type) -> dict[str, Any]:
    """Resolved once per class: get_type_hints evaluates every annotation, and an event arrives 5 times a second."""
    return typing.get_type_hints(cls)


def _list_item_dataclass(hint: Any) -> type | None:
    """LayerInfo for list[LayerInfo]; None for any other type."""
    if typing.get_origin(hint) is list:
        (item,) = typing.get_args(hint) or (None,)
        if dataclasses.is_dataclass(item):
            return item
    return None


def _plain(value: Any) -> Any:
    """numpy scalars and arrays as Python numbers and lists."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"{type(value).__name__} cannot be sent to or from the engine")
