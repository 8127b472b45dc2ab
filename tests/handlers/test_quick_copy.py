"""A reading made and copied the quick way (handlers/quick_copy.py) is the one the dataclass makes."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
from datetime import date

import pytest

from handlers.parsing import Reading
from handlers.quick_copy import quick_init, replace


@dataclasses.dataclass(frozen=True, slots=True)
class _Plain:
    a: int
    b: str | None = None
    c: tuple[int, ...] = ()


_Quick = quick_init(dataclasses.make_dataclass(
    "_Quick", [("a", int), ("b", str | None, dataclasses.field(default=None)),
               ("c", tuple[int, ...], dataclasses.field(default=()))], frozen=True, slots=True))


def test_a_quick_class_is_made_with_the_same_signature_defaults_and_errors() -> None:
    assert inspect.signature(_Quick).parameters.keys() == inspect.signature(_Plain).parameters.keys()
    assert [p.default for p in inspect.signature(_Quick).parameters.values()] == \
        [p.default for p in inspect.signature(_Plain).parameters.values()]
    assert repr(_Quick(1)) == "_Quick(a=1, b=None, c=())"
    assert _Quick(1, "x") == _Quick(a=1, b="x", c=())
    with pytest.raises(TypeError):
        _Quick()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        _Quick(1, d=2)  # type: ignore[call-arg]
    with pytest.raises(dataclasses.FrozenInstanceError):
        _Quick(1).a = 2  # type: ignore[misc]


def test_a_reading_copied_is_the_copy_dataclasses_makes() -> None:
    reading = Reading("progress", po="1234", node="machining", qty_done=50, happened_on=date(2026, 12, 1),
                      also=(Reading("progress", po="1235"),))
    for changes in ({}, {"confirm": True}, {"po": None, "also": None}, {"intent": "delay", "qty_done": 0}):
        quick, standard = replace(reading, **changes), dataclasses.replace(reading, **changes)
        assert quick == standard and repr(quick) == repr(standard)
        assert type(quick) is Reading
    assert replace(reading) is not reading
    assert pickle.loads(pickle.dumps(reading)) == reading
    assert Reading.__init__.__annotations__["po"] == "str | None"
    with pytest.raises(TypeError):
        replace(reading, no_such_field=1)


def test_a_class_it_cannot_stand_for_is_left_as_it_is() -> None:
    @dataclasses.dataclass(frozen=True)
    class Unslotted:
        a: int
        b: list[int] = dataclasses.field(default_factory=list)

    init = Unslotted.__init__
    assert quick_init(Unslotted) is Unslotted and Unslotted.__init__ is init
    assert replace(Unslotted(1), a=2) == Unslotted(2)
