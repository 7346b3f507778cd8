"""Each Entraide app may contribute to a shared operation through a module of a
known name (`demo.py`, `privacy.py`, …). This finds those modules, in the
order of INSTALLED_APPS."""

from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import apps


def app_modules(module_name: str, *, exclude: tuple[str, ...] = ()) -> list[ModuleType]:
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("entraide.") or config.name in exclude:
            continue
        full_name = f"{config.name}.{module_name}"
        if find_spec(full_name) is not None:
            modules.append(import_module(full_name))
    return modules
