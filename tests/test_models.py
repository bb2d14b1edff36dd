"""Model docstrings become table comments in the generated migrations; Tortoise's SQLite
migration splits statements on ';' and quotes or backticks break its quoting, so none may appear."""

from __future__ import annotations

import importlib
import inspect

from tortoise.models import Model

from festival.db import MODEL_MODULES


def test_model_docstrings_are_safe_as_table_comments() -> None:
    unsafe = []
    for name in MODEL_MODULES:
        module = importlib.import_module(name)
        for _attr, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, Model) and obj.__module__ == name and obj.__doc__:
                if any(char in obj.__doc__ for char in ";`'"):
                    unsafe.append(f"{name}.{obj.__name__}")
    assert unsafe == []
