"""Every third-party module the app imports at run time is a runtime dependency.

`./scripts/run` installs the project without extras; a module imported by festival/ or workers/
but declared only as a test extra passes the suite (which installs the extras) and crashes the
demo on a fresh clone. This test reads the imports from the source, not from what is installed.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, packages_distributions, requires
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OWN = {"festival", "workers"}


def _name(requirement: str) -> str:
    """The normalised distribution name of a requirement ("uvicorn[standard]==1" -> uvicorn)."""
    return re.split(r"[\[<>=!~; (]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _declared() -> set[str]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {_name(d) for d in pyproject["project"]["dependencies"]}


def _with_their_dependencies(names: set[str]) -> set[str]:
    """The declared distributions and what they install in turn (not their extras)."""
    closure: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in closure:
            continue
        closure.add(name)
        try:
            todo += [_name(r) for r in requires(name) or [] if "extra ==" not in r]
        except PackageNotFoundError:
            pass
    return closure


def runtime_imports() -> dict[str, set[str]]:
    """Top-level third-party modules imported anywhere under festival/ and workers/, each with
    the files that import it (imports inside functions count: they run too)."""
    found: dict[str, set[str]] = {}
    for folder in sorted(OWN):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    modules = [node.module]
                else:
                    continue
                for module in modules:
                    top = module.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in OWN:
                        found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def test_runtime_imports_are_declared_runtime_dependencies() -> None:
    provided = _with_their_dependencies(_declared())
    distributions = packages_distributions()
    undeclared = {}
    for module, files in runtime_imports().items():
        owners = {_name(d) for d in distributions.get(module, [])}
        if not owners & provided:
            undeclared[module] = sorted(files)
    assert undeclared == {}, (
        "imported at run time but not provided by [project].dependencies in pyproject.toml "
        f"(a fresh `./scripts/run` would crash): {undeclared}"
    )


def test_the_import_scan_sees_the_runtime_imports() -> None:
    # Guards the test above against scanning nothing: these are imported at start-up.
    imports = runtime_imports()
    assert {"starlette", "tortoise", "jinja2", "lxml", "weasyprint"} <= imports.keys()
    assert "festival/programme/services/exports.py" in imports["lxml"]
