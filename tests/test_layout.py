"""The layout stays as README.md's "How the code is laid out" says, and its rules hold.

Every module file is named in the README's tree (and the tree names no module that is gone);
no module imports a ``_private`` name from another module of the package; typer is imported
only under ``cli/``, rich only under ``render/`` and there only inside functions; one module
creates processes and one writes files atomically.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "isocorpus"
README = (ROOT / "README.md").read_text(encoding="utf-8")

#: Each module file, as a path relative to the package ("cli/status.py").
MODULES = sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py"))


def layout_tree() -> str:
    match = re.search(r"^## How the code is laid out\n(.*?)(?=^## )", README, re.S | re.M)
    assert match, "README.md has no '## How the code is laid out' section"
    tree = re.search(r"^```\nisocorpus/\n(.*?)^```", match.group(1), re.S | re.M)
    assert tree, "the layout section has no tree starting with 'isocorpus/'"
    return tree.group(1)


def named_modules(tree: str) -> set[str]:
    """The files the tree names, as paths relative to the package: a line indented two spaces
    deeper than a ``dir/`` line is inside it."""
    names: set[str] = set()
    folders: list[str] = []
    for line in tree.splitlines():
        if not line.strip():
            continue
        depth = (len(line) - len(line.lstrip(" "))) // 2 - 1
        name = line.split()[0]
        del folders[depth:]
        if name.endswith("/"):
            folders.append(name.rstrip("/"))
        else:
            names.add("/".join([*folders, name]))
    return names


def test_the_tree_reader_follows_indentation() -> None:
    tree = "  a.py    x\n  sub/\n    b.py  y\n  c.py\n"
    assert named_modules(tree) == {"a.py", "sub/b.py", "c.py"}


def test_every_module_is_in_the_layout_section() -> None:
    missing = sorted(set(MODULES) - named_modules(layout_tree()))
    assert not missing, f"README.md's layout does not name: {', '.join(missing)}"


def test_the_layout_section_names_no_module_that_is_gone() -> None:
    gone = sorted(named_modules(layout_tree()) - set(MODULES))
    assert not gone, f"README.md's layout names modules that do not exist: {', '.join(gone)}"


def _module_name(relative: str) -> str:
    parts = ["isocorpus", *relative[: -len(".py")].split("/")]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(relative: str) -> list[tuple[str, list[str], ast.AST, int]]:
    """``(absolute module, names, node, line)`` for each import statement of a module file."""
    tree = ast.parse((PACKAGE / relative).read_text(encoding="utf-8"))
    here = _module_name(relative)
    package = here if relative.endswith("__init__.py") else here.rpartition(".")[0]
    found: list[tuple[str, list[str], ast.AST, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append((alias.name, [], node, node.lineno))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            found.append((module, [a.name for a in node.names], node, node.lineno))
    return found


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


@pytest.mark.parametrize("relative", MODULES)
def test_no_private_name_is_imported_from_another_module(relative: str) -> None:
    here = _module_name(relative)
    wrong = []
    for module, names, _, line in _imports(relative):
        if module != "isocorpus" and not module.startswith("isocorpus."):
            continue  # another project's privates are that project's business (typer._coercion)
        if module == here:
            continue
        bad = [n for n in names if _private(n)]
        bad += [part for part in module.split(".") if _private(part)]
        wrong += [f"{relative}:{line}: {module}.{n}" for n in bad]
    wrong += [f"{relative}:{line}: {alias}.{name}" for alias, name, line in _private_attributes(relative)]
    assert not wrong, "private names imported across modules: " + "; ".join(wrong)


def _private_attributes(relative: str) -> list[tuple[str, str, int]]:
    """``module._name`` where ``module`` is another module of the package bound by an import
    (``from . import parse`` … ``parse._TOKEN``)."""
    here = _module_name(relative)
    aliases: set[str] = set()
    for module, _names, node, _ in _imports(relative):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                full = f"{module}.{alias.name}"
                if full != here and (PACKAGE / f"{full.replace('.', '/')[len('isocorpus/') :]}.py").exists():
                    aliases.add(alias.asname or alias.name)
        elif module.startswith("isocorpus.") and module != here:
            assert isinstance(node, ast.Import)
            aliases.update(a.asname for a in node.names if a.asname)
    tree = ast.parse((PACKAGE / relative).read_text(encoding="utf-8"))
    return [
        (node.value.id, node.attr, node.lineno)
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in aliases
        and _private(node.attr)
    ]


def _top(module: str) -> str:
    return module.split(".")[0]


@pytest.mark.parametrize("relative", MODULES)
def test_typer_only_under_cli_and_rich_only_under_render(relative: str) -> None:
    wrong = []
    for module, _, _, line in _imports(relative):
        if _top(module) in ("typer", "click") and not relative.startswith("cli/"):
            wrong.append(f"{relative}:{line}: imports {module} (only cli/ may)")
        if _top(module) == "rich" and not relative.startswith("render/"):
            wrong.append(f"{relative}:{line}: imports {module} (only render/ may)")
    assert not wrong, "; ".join(wrong)


def _module_level_imports(tree: ast.Module) -> list[ast.stmt]:
    """Import statements run when the module is imported (``if TYPE_CHECKING:`` blocks left out)."""
    found: list[ast.stmt] = []
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        elif isinstance(node, (ast.If, ast.Try)):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            inner = ast.Module(body=[*node.body, *node.orelse], type_ignores=[])
            found += _module_level_imports(inner)
    return found


@pytest.mark.parametrize("relative", [m for m in MODULES if m.startswith("render/")])
def test_rich_is_imported_inside_functions(relative: str) -> None:
    tree = ast.parse((PACKAGE / relative).read_text(encoding="utf-8"))
    eager = []
    for node in _module_level_imports(tree):
        modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
        eager += [f"{relative}:{node.lineno}" for m in modules if _top(m) == "rich"]
    assert not eager, "rich imported at module level: " + ", ".join(eager)


def _users(modules: tuple[str, ...]) -> list[str]:
    return sorted(
        relative for relative in MODULES if any(_top(m) in modules or m in modules for m, _, _, _ in _imports(relative))
    )


def test_one_module_creates_processes() -> None:
    assert _users(("multiprocessing", "concurrent.futures")) == ["parallel.py"]


def test_one_atomic_writer() -> None:
    """Outputs are written by export/atomic.py; scratch files (spilled counts) come from tempfiles.py."""
    assert _users(("tempfile",)) == ["export/atomic.py", "tempfiles.py"]
    calls = sorted(
        relative
        for relative in MODULES
        if re.search(r"\bos\.(replace|link|rename)\(", (PACKAGE / relative).read_text(encoding="utf-8"))
    )
    assert calls == ["export/atomic.py"]


def test_analysis_does_not_reach_into_export() -> None:
    """STYLE.md's arrows: analysis takes Articles; writing files out is export's, after it."""
    wrong = [
        f"{relative}:{line}: {module}"
        for relative in MODULES
        if relative.startswith("analysis/")
        for module, _, _, line in _imports(relative)
        if module == "isocorpus.export" or module.startswith("isocorpus.export.")
    ]
    assert not wrong, "analysis imports export: " + "; ".join(wrong)


def test_nothing_imports_the_cli() -> None:
    outside = [r for r in MODULES if not r.startswith("cli/") and r != "__main__.py"]
    wrong = [
        f"{relative}:{line}: {module}"
        for relative in outside
        for module, _, _, line in _imports(relative)
        if module == "isocorpus.cli" or module.startswith("isocorpus.cli.")
    ]
    assert not wrong, "; ".join(wrong)
