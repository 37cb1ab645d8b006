"""Problem codes: every code the package can emit is in registry/problem_codes.py, and the README's
table lists exactly those codes with the same severities.

The scan reads registry/ with ast. A code is the `code` argument of a call to anything taking one:
`Problem(...)`, a dataclass with `code` and `message` fields (`Finding`), or a function or method with
a parameter named `code` (`SourceDocument.problem`, the verifier's `problem`, `_text_finding`). The
argument is followed through conditional expressions, local assignments, parameters named `code`
(their callers are scanned as calls of their own) and tuples unpacked from a generator's yields. An
argument it cannot follow is reported, never skipped.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from support import REPO

from registry.errors import Severity
from registry.problem_codes import PROBLEM_CODES

# Calls `x.<method>(...)` on something other than `self` whose method name several classes define:
# the class meant, so the scan knows where the code argument sits. A new ambiguity is reported.
RECEIVER_CLASS = {"problem": "SourceDocument"}


@dataclass(frozen=True)
class Func:
    """A function or method that takes a problem code (or builds a value holding one)."""

    module: str
    owner: str | None  # class name for methods
    node: ast.FunctionDef | ast.ClassDef
    params: tuple[str, ...]  # positional parameter names, without self


@dataclass
class Scan:
    """What the scan found: codes (with one place each) and places whose code it could not resolve."""

    codes: dict[str, str] = field(default_factory=dict)
    severities: dict[str, set[str]] = field(default_factory=dict)  # code → "error"/"warning" it is emitted with
    unresolved: list[str] = field(default_factory=list)


def _params(node: ast.FunctionDef) -> tuple[str, ...]:
    names = [a.arg for a in node.args.posonlyargs + node.args.args]
    return tuple(names[1:] if names and names[0] in ("self", "cls") else names)


def _dataclass_fields(node: ast.ClassDef) -> tuple[str, ...]:
    return tuple(s.target.id for s in node.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name))


class _Index:
    def __init__(self, root: Path) -> None:
        self.trees: dict[str, ast.Module] = {}
        for path in sorted(root.rglob("*.py")):
            rel = path.relative_to(root.parent).as_posix()
            self.trees[rel] = ast.parse(path.read_text(encoding="utf-8"), rel)
        self.funcs: list[Func] = []
        self.classes: dict[str, ast.ClassDef] = {}
        self.parents: dict[ast.AST, ast.AST] = {}
        for rel, tree in self.trees.items():
            for parent in ast.walk(tree):
                for child in ast.iter_child_nodes(parent):
                    self.parents[child] = parent
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef):
                    self.classes[node.name] = node
                if isinstance(node, ast.FunctionDef):
                    owner = self.parents.get(node)
                    self.funcs.append(Func(rel, owner.name if isinstance(owner, ast.ClassDef) else None, node,
                                           _params(node)))
                elif isinstance(node, ast.ClassDef) and {"code", "message"} <= set(_dataclass_fields(node)):
                    self.funcs.append(Func(rel, None, node, _dataclass_fields(node)))

    def enclosing(self, node: ast.AST, kinds: tuple[type, ...]) -> ast.AST | None:
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, kinds):
                return node
        return None

    def lineage(self, cls: ast.ClassDef) -> list[str]:
        """`cls` and the base classes defined in the package, nearest first."""
        names, todo = [], [cls]
        while todo:
            node = todo.pop(0)
            names.append(node.name)
            todo += [self.classes[b.id] for b in node.bases if isinstance(b, ast.Name) and b.id in self.classes]
        return names

    def targets(self, call: ast.Call) -> list[Func]:
        """The functions or dataclasses a call may reach, by name (methods by their class, see RECEIVER_CLASS)."""
        func = call.func
        if isinstance(func, ast.Name):
            return [f for f in self.funcs if f.node.name == func.id and f.owner is None]
        if not isinstance(func, ast.Attribute):
            return []
        methods = [f for f in self.funcs if f.node.name == func.attr and f.owner is not None and "code" in f.params]
        if isinstance(func.value, ast.Name) and func.value.id == "self":
            cls = self.enclosing(call, (ast.ClassDef,))
            lineage = self.lineage(cls) if isinstance(cls, ast.ClassDef) else []
            for name in lineage:  # the class's own method first, then its bases' (as Python looks it up)
                own = [f for f in methods if f.owner == name]
                if own:
                    return own
        if len({f.owner for f in methods}) > 1:
            owner = RECEIVER_CLASS.get(func.attr)
            return [f for f in methods if f.owner == owner] if owner else [f"ambiguous .{func.attr}()"]  # type: ignore[list-item]
        plain = [f for f in self.funcs if f.node.name == func.attr and f.owner is None]  # module.function()
        return methods or plain


def _argument(call: ast.Call, func: Func, name: str) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    index = func.params.index(name)
    return call.args[index] if index < len(call.args) and not isinstance(call.args[index], ast.Starred) else None


class Scanner:
    """Resolves the code argument of every call that makes a Problem or a value carrying a code."""

    def __init__(self, root: Path) -> None:
        self.index = _Index(root)
        self.scan = Scan()

    def run(self) -> Scan:
        for rel, tree in self.index.trees.items():
            for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
                for target in self.index.targets(call):
                    if isinstance(target, str):
                        self.scan.unresolved.append(f"{rel}:{call.lineno}: {target}")
                    elif "code" in target.params:
                        arg = _argument(call, target, "code")
                        if arg is None:
                            self.scan.unresolved.append(f"{rel}:{call.lineno}: no code argument")
                        else:
                            self._severity(call, target, self.resolve(arg, rel), rel)
        return self.scan

    def _severity(self, call: ast.Call, target: Func, codes: set[str], rel: str) -> None:
        """Record the severity the call gives `codes`: its `severity` argument, the default (error) if none."""
        arg = _argument(call, target, "severity") if "severity" in target.params else None
        if arg is None:
            severity = "error"
        elif isinstance(arg, ast.Attribute) and arg.attr in ("ERROR", "WARNING"):
            severity = arg.attr.lower()
        elif isinstance(arg, ast.Name) and arg.id == "severity":
            return  # forwarded: the callers' severities are recorded at their calls
        else:
            self.scan.unresolved.append(f"{rel}:{call.lineno}: severity {ast.unparse(arg)}")
            return
        for code in codes:
            self.scan.severities.setdefault(code, set()).add(severity)

    def resolve(self, expr: ast.expr, rel: str) -> set[str]:
        """Record the codes `expr` can hold and return them, or report it."""
        where = f"{rel}:{expr.lineno}"
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            self.scan.codes.setdefault(expr.value, where)
            return {expr.value}
        if isinstance(expr, ast.IfExp):
            return self.resolve(expr.body, rel) | self.resolve(expr.orelse, rel)
        if isinstance(expr, ast.Attribute) and expr.attr == "code":
            return set()  # the code of a Problem or Finding made elsewhere: recorded where it was made
        if isinstance(expr, ast.Name):
            return self._name(expr, rel)
        self.scan.unresolved.append(f"{where}: {ast.unparse(expr)}")
        return set()

    def _name(self, name: ast.Name, rel: str) -> set[str]:
        """The codes a name can hold: from its assignments, the tuples its loop unpacks, or (a parameter
        named `code`) its callers, which are scanned as calls of their own."""
        func = self.index.enclosing(name, (ast.FunctionDef,))
        scope = func if func is not None else self.index.trees[rel]
        found, codes = False, set()
        for node in ast.walk(scope):
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name.id for t in node.targets):
                codes |= self.resolve(node.value, rel)
                found = True
            elif isinstance(node, (ast.For, ast.comprehension)) and isinstance(node.target, ast.Tuple):
                names = [e.id if isinstance(e, ast.Name) else None for e in node.target.elts]
                if name.id in names and isinstance(node.iter, ast.Call):
                    codes |= self._yields(node.iter, names.index(name.id), rel)
                    found = True
        if not found and isinstance(func, ast.FunctionDef) and name.id in _params(func):
            found = True
            if name.id != "code":  # a parameter named code is a sink of its own: its call sites are scanned
                self.scan.unresolved.append(f"{rel}:{name.lineno}: parameter {name.id!r} of {func.name}()")
        if not found:
            self.scan.unresolved.append(f"{rel}:{name.lineno}: {name.id}")
        return codes

    def _yields(self, call: ast.Call, index: int, rel: str) -> set[str]:
        """The codes in element `index` of the tuples yielded by the function `call` reaches."""
        codes: set[str] = set()
        targets = [t for t in self.index.targets(call) if not isinstance(t, str) and isinstance(t.node, ast.FunctionDef)]
        if not targets:
            self.scan.unresolved.append(f"{rel}:{call.lineno}: tuples from {ast.unparse(call.func)}()")
        for target in targets:
            for node in ast.walk(target.node):
                if isinstance(node, ast.Yield) and isinstance(node.value, ast.Tuple):
                    codes |= self.resolve(node.value.elts[index], target.module)
                elif isinstance(node, ast.YieldFrom) and isinstance(node.value, ast.Call):
                    codes |= self._yields(node.value, index, target.module)
                elif isinstance(node, ast.Yield):
                    self.scan.unresolved.append(f"{target.module}:{node.lineno}: yield of a non-tuple")
        return codes


def emitted_codes(root: Path) -> Scan:
    """Every code the package under `root` can emit, and every place the scan could not resolve."""
    return Scanner(root).run()


@dataclass(frozen=True)
class ScanCase:
    """A small package, the codes the scan must find in it and the places it must report."""

    name: str
    source: str
    codes: dict[str, set[str]]
    unresolved: list[str]


PROBLEM = ("from dataclasses import dataclass\n@dataclass(frozen=True)\nclass Problem:\n    file: str\n"
           "    line: int\n    column: int\n    code: str\n    message: str\n    severity: str = 'error'\n")

SCAN_CASES = [
    ScanCase("literal", PROBLEM + "Problem('f', 0, 0, 'a-code', 'm')\n", {"a-code": {"error"}}, []),
    ScanCase("keyword and warning", PROBLEM + "Problem('f', 0, 0, message='m', code='b-code', severity=Severity.WARNING)\n",
             {"b-code": {"warning"}}, []),
    ScanCase("conditional", PROBLEM + "def f(x):\n    return Problem('f', 0, 0, 'c-one' if x else 'c-two', 'm')\n",
             {"c-one": {"error"}, "c-two": {"error"}}, []),
    ScanCase("local variable", PROBLEM + "def f(x):\n    code = 'd-code'\n    return Problem('f', 0, 0, code, 'm')\n",
             {"d-code": {"error"}}, []),
    ScanCase("forwarded parameter", PROBLEM + "def make(code, m):\n    return Problem('f', 0, 0, code, m)\n"
             "make('e-code', 'm')\n", {"e-code": {"error"}}, []),
    ScanCase("tuples from a generator", PROBLEM + "def g():\n    yield 'f-code', 1\n\ndef h():\n    yield from g()\n"
             "def f():\n    return [Problem('f', 0, 0, c, 'm') for c, _ in h()]\n", {"f-code": {"error"}}, []),
    ScanCase("a code from elsewhere is reported", PROBLEM + "def f(d):\n    return Problem('f', 0, 0, d['code'], 'm')\n",
             {}, ["registry/m.py:11: d['code']"]),
    ScanCase("a method of a base class", PROBLEM + "class A:\n    def problem(self, where, code):\n"
             "        return Problem(where, 0, 0, code, 'm')\nclass B(A):\n    def run(self):\n"
             "        return self.problem('w', 'g-code')\nclass C:\n    def problem(self, code):\n        return code\n",
             {"g-code": {"error"}}, []),
    ScanCase("an unknown parameter is reported", PROBLEM + "def f(kind):\n    return Problem('f', 0, 0, kind, 'm')\n",
             {}, ["registry/m.py:11: parameter 'kind' of f()"]),
]


@pytest.mark.parametrize("case", SCAN_CASES, ids=[c.name for c in SCAN_CASES])
def test_the_scan_follows_codes_or_reports_them(case: ScanCase, tmp_path: Path) -> None:
    (tmp_path / "registry").mkdir()
    (tmp_path / "registry" / "m.py").write_text(case.source)
    found = emitted_codes(tmp_path / "registry")
    assert (found.severities, found.unresolved) == (case.codes, case.unresolved)


def test_every_code_the_package_emits_is_in_the_table() -> None:
    found = emitted_codes(REPO / "registry")
    assert found.unresolved == []
    assert len(found.codes) > 70
    assert sorted(set(found.codes) - set(PROBLEM_CODES)) == []
    assert sorted(set(PROBLEM_CODES) - set(found.codes)) == []  # no code the package no longer emits


def test_each_code_is_emitted_with_its_severity() -> None:
    found = emitted_codes(REPO / "registry")
    wrong = {code: sorted(severities) for code, severities in found.severities.items()
             if severities != {PROBLEM_CODES[code].severity.value}}
    assert wrong == {}


def readme_codes() -> dict[str, str]:
    """Code → severity from the README's table (a row's first cell names codes; "(warning" marks warnings)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Problems reported by `credreg check`"):]
    section = section[:section.index("\n## ", 1)]
    out: dict[str, str] = {}
    for row in section.splitlines():
        if not row.startswith("| `"):
            continue
        first = row.split("|")[1]
        names, _, note = first.partition("(")
        severity = "warning" if note.startswith("warning") else "error"
        for code in re.findall(r"`([a-z0-9-]+)`", names):
            assert code not in out, f"{code} is listed twice in the README"
            out[code] = severity
    return out


def test_readme_lists_exactly_the_table_with_its_severities() -> None:
    assert readme_codes() == {code: entry.severity.value for code, entry in PROBLEM_CODES.items()}


def test_table_meanings_are_one_line() -> None:
    bad = [code for code, entry in PROBLEM_CODES.items()
           if not entry.meaning or "\n" in entry.meaning or len(entry.meaning) > 110]
    assert bad == [] and all(isinstance(e.severity, Severity) for e in PROBLEM_CODES.values())
