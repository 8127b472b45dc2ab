"""A frozen dataclass of many fields (the reader's `Reading`, ~35 of them) made and copied faster, the same
fields, defaults, values and errors.

A frozen dataclass's generated `__init__` sets every field through `object.__setattr__`, found afresh for
each one, and `dataclasses.replace` walks every field's metadata and calls that `__init__` with all of them
as keywords: ~5 µs to make a reading and ~14 µs to copy one with a field changed, several times a message
(issue 20, "The hot path"). Here the `__init__` is generated with each slot's own setter bound once, and a
copy sets each slot from the original or the change directly. Only a class these can stand for exactly
is changed: slots, every field set by `__init__` with a plain default (or none), no `__post_init__`;
any other class, and a copy naming a field it does not have, go the standard way.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["quick_init", "replace"]

_T = TypeVar("_T")
# Each quick class's copier: (the original, its changes) to the copy.
_COPIERS: dict[type, Callable[[Any, dict[str, Any]], Any]] = {}


def quick_init(cls: type[_T]) -> type[_T]:
    """`cls` with a faster `__init__` of the same signature, and a fast copy for `replace`; put above
    `@dataclass(frozen=True, slots=True)`. A class it cannot stand for exactly is returned as it is."""
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    names = [f.name for f in fields]
    slots = getattr(cls, "__slots__", ())
    if hasattr(cls, "__post_init__") or set(slots) != set(names) or any(
            not f.init or f.kw_only or f.default_factory is not dataclasses.MISSING
            or f._field_type is not dataclasses._FIELD for f in fields):  # type: ignore[attr-defined]
        return cls
    scope: dict[str, Any] = {"_new": object.__new__, "_cls": cls, "_names": frozenset(names),
                             "_standard": dataclasses.replace}
    params: list[str] = []
    for i, f in enumerate(fields):
        scope[f"_set{i}"] = cls.__dict__[f.name].__set__
        if f.default is dataclasses.MISSING:
            params.append(f.name)
        else:
            scope[f"_default{i}"] = f.default
            params.append(f"{f.name}=_default{i}")
    sets = "".join(f"    _set{i}(self, {name})\n" for i, name in enumerate(names))
    copies = "".join(f"    _set{i}(new, changes[{name!r}] if {name!r} in changes else obj.{name})\n"
                     for i, name in enumerate(names))
    source = (f"def __init__(self, {', '.join(params)}):\n{sets}"
              f"def _copy(obj, changes):\n"
              f"    if not changes.keys() <= _names:\n"
              f"        return _standard(obj, **changes)\n"
              f"    new = _new(_cls)\n{copies}    return new\n")
    exec(source, scope)  # noqa: S102 - generated from the class's own field names, as dataclasses does
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    init.__annotations__ = dict(cls.__init__.__annotations__)
    cls.__init__ = init  # type: ignore[method-assign]
    _COPIERS[cls] = scope["_copy"]
    return cls


def replace(obj: _T, /, **changes: Any) -> _T:
    """`dataclasses.replace(obj, **changes)`: a quick class's copy made directly, any other's the standard way."""
    copy = _COPIERS.get(type(obj))
    if copy is None:
        return dataclasses.replace(obj, **changes)  # type: ignore[type-var]
    made: _T = copy(obj, changes)
    return made
