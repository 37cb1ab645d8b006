"""The site-code rule: `credreg build` runs no code that mkdocs.yml brings in, unless a maintainer allows it.

MkDocs reads mkdocs.yml with PyYAML's full loader (`!!python/object/apply:` runs a function, `!!python/name:`
imports a module), runs each `hooks:` file as Python, and imports every plugin and Markdown extension by
name. So mkdocs.yml (and every file it INHERITs) is read here first, without constructing anything, and
refused if it holds a Python tag, hooks, or a plugin or extension outside the allow-lists below. Templates
under `theme.custom_dir` are code too (Jinja is not sandboxed): the pull-request workflow builds with the
base revision's copy. Site code is the registry maintainers' to add, and `--unsafe-allow-site-code` is
for their own builds of files they have reviewed.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import yaml

from ..errors import CredregError
from ..load.yaml_errors import yaml_error

ALLOW_ENV = "CREDREG_UNSAFE_ALLOW_SITE_CODE"  # "1": the flag, passed on to the plugin inside MkDocs
PLUGINS = frozenset({"search", "credreg"})
MATERIAL_PREFIX = "material/"
# mkdocs-material plugins that run other plugins or other projects' configuration files: not allowed.
MATERIAL_REFUSED = frozenset({"material/group", "material/projects"})
# Python-Markdown's own extensions, short or full name, and pymdownx ones that read no file and take no code.
_MARKDOWN = ("abbr", "admonition", "attr_list", "codehilite", "def_list", "extra", "fenced_code", "footnotes",
             "legacy_attrs", "legacy_em", "md_in_html", "meta", "nl2br", "sane_lists", "smarty", "tables", "toc",
             "wikilinks")
_PYMDOWNX = ("arithmatex", "betterem", "caret", "critic", "details", "emoji", "escapeall", "extra", "highlight",
             "inlinehilite", "keys", "magiclink", "mark", "progressbar", "saneheaders", "smartsymbols", "superfences",
             "tabbed", "tasklist", "tilde")
EXTENSIONS = frozenset({*_MARKDOWN, *(f"markdown.extensions.{n}" for n in _MARKDOWN),
                        *(f"pymdownx.{n}" for n in _PYMDOWNX)})
_TAG = "tag:yaml.org,2002:"
PYTHON_TAG = _TAG + "python/"
HINT = ("site code is the registry maintainers' to add, in a pull request of their own; to build with it "
        "anyway, on files you have reviewed, pass `credreg build --unsafe-allow-site-code`")
MAX_BYTES = 256 * 1024
MAX_INHERIT = 8


def allowed_by_flag() -> bool:
    """Whether `--unsafe-allow-site-code` is in force (set by `credreg build` for the plugin)."""
    return os.environ.get(ALLOW_ENV) == "1"


def plugin_allowed(name: str) -> bool:
    """Whether a plugin name is on the allow-list."""
    return name in PLUGINS or (name.startswith(MATERIAL_PREFIX) and name not in MATERIAL_REFUSED)


def _nodes(root: yaml.Node) -> Iterator[yaml.Node]:
    """Every node once (aliases share nodes, so a billion laughs is walked in linear time)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        if isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            stack.extend(item for pair in reversed(node.value) for item in reversed(pair))


def _names(node: yaml.Node) -> Iterator[tuple[yaml.Node, str | None]]:
    """The entries of a `plugins:` or `markdown_extensions:` list or mapping: each name node and its text.

    The text is None where the name is not plain (a tag such as `!ENV`, or not a string): it cannot be checked."""
    if node.tag == _TAG + "null":
        return
    if isinstance(node, yaml.SequenceNode) and node.tag == _TAG + "seq":
        for item in node.value:
            if isinstance(item, yaml.MappingNode) and len(item.value) == 1:
                item = item.value[0][0]
            yield from _plain(item)
    elif isinstance(node, yaml.MappingNode) and node.tag == _TAG + "map":
        for key, _ in node.value:
            yield from _plain(key)
    else:  # a tag on the whole list (`!ENV`) would let the environment choose the names
        yield node, None


def _pairs(node: yaml.MappingNode, seen: set[int] | None = None) -> Iterator[tuple[yaml.Node, yaml.Node]]:
    """A mapping's key-value pairs, with YAML merge keys (`<<: *anchor`) expanded as the loader will."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    seen.add(id(node))
    for key, value in node.value:
        if key.tag == _TAG + "merge":
            for source in value.value if isinstance(value, yaml.SequenceNode) else [value]:
                if isinstance(source, yaml.MappingNode):
                    yield from _pairs(source, seen)
        else:
            yield key, value


def _plain(node: yaml.Node) -> Iterator[tuple[yaml.Node, str | None]]:
    """A name node and its text, or None when it is not a plain string."""
    plain = isinstance(node, yaml.ScalarNode) and node.tag == _TAG + "str"
    yield node, node.value.strip() if plain else None


def _shown(path: Path, top: Path) -> str:
    """A file's name in messages: relative to the folder of mkdocs.yml when inside it."""
    try:
        return path.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        return str(path)


def _compose(path: Path, shown: str) -> yaml.Node | None:
    """The file's YAML node graph: nothing is constructed, so no tag can run anything."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise CredregError(f"{shown} is larger than {MAX_BYTES:,} bytes", "mkdocs.yml is a short settings file")
        text = raw.decode("utf-8")
    except OSError as exc:
        raise CredregError(f"cannot read {shown}: {exc.strerror or exc}", "check the file's permissions") from None
    except UnicodeDecodeError:
        raise CredregError(f"{shown} is not UTF-8 text", "save the site configuration as UTF-8") from None
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise yaml_error(shown, exc, text) from None


def _entry(node: yaml.Node, name: str | None, plugins: bool) -> str | None:
    """Why one `plugins:` or `markdown_extensions:` entry is refused, or None when it is allowed."""
    what = "plugin" if plugins else "Markdown extension"
    if name is None:
        return f"a {what} named by a tag or a non-text value cannot be checked"
    if plugins and name in MATERIAL_REFUSED:
        return f"plugin {name!r} is not on the allow-list: it loads plugins or projects of its own"
    if plugin_allowed(name) if plugins else name in EXTENSIONS:
        return None
    allowed = "search, credreg, material/…" if plugins else "Python-Markdown's own, pymdownx ones that read no file"
    return f"{what} {name!r} is not on the allow-list ({allowed})"


def _findings(path: Path, shown: str, depth: int, top: Path) -> list[str]:
    """What in the file at `path` (named `shown` in messages) would run code, by line, then what it INHERITs."""
    root = _compose(path, shown)
    if root is None:
        return []
    found = [(node.start_mark.line, f"the tag !!{node.tag[len(_TAG):]} makes MkDocs' YAML loader "
              "import or run Python") for node in _nodes(root) if node.tag.startswith(PYTHON_TAG)]
    inherited: list[str] = []
    for key, value in _pairs(root) if isinstance(root, yaml.MappingNode) else ():
        if not isinstance(key, yaml.ScalarNode):
            continue
        if key.value == "hooks" and value.tag != _TAG + "null" and value.value:
            files = [n.value for n in value.value if isinstance(n, yaml.ScalarNode)] \
                if isinstance(value, yaml.SequenceNode) else []
            listed = f" ({', '.join(files)})" if files else ""
            found.append((key.start_mark.line, f"hooks: MkDocs runs each file listed there as Python{listed}"))
        elif key.value in ("plugins", "markdown_extensions"):
            for node, name in _names(value):
                why = _entry(node, name, key.value == "plugins")
                if why:
                    found.append((node.start_mark.line, why))
        elif key.value == "INHERIT":
            name = next(_plain(value))[1]
            if name is None:
                found.append((key.start_mark.line, "INHERIT names its file by a tag or a non-text value, "
                                                   "which cannot be checked"))
            elif depth >= MAX_INHERIT:
                found.append((key.start_mark.line, f"INHERIT is nested more than {MAX_INHERIT} files deep"))
            elif (path.parent / name).is_file():  # a missing one is MkDocs' error to report
                inherited = _findings(path.parent / name, _shown(path.parent / name, top), depth + 1, top)
    return [f"{shown}:{line + 1}: {text}" for line, text in sorted(found)] + inherited


def refuse_site_code(config_file: Path) -> None:
    """Raise a CredregError naming every entry of `config_file` (and what it INHERITs) that would run code."""
    found = _findings(config_file, config_file.name, 0, config_file.parent)
    if found:
        raise CredregError(f"{config_file.name} would run code at build time, which `credreg build` refuses:\n"
                           + "\n".join(f"  {line}" for line in found), HINT)


def refuse_loaded(plugins: list[str], hooks: list[str], extensions: list[str]) -> None:
    """The same rule on a configuration MkDocs has loaded (for `mkdocs build`, where hooks have run already)."""
    found = [f"hooks: MkDocs ran {', '.join(hooks)} as Python"] if hooks else []
    found += [f"plugin {name!r} is not on the allow-list" for name in plugins
              if not plugin_allowed(name) and name not in hooks]
    found += [f"Markdown extension {name!r} is not on the allow-list" for name in extensions if name not in EXTENSIONS]
    if found:
        raise CredregError("mkdocs.yml brings in site code, which the credreg plugin refuses:\n"
                           + "\n".join(f"  {line}" for line in found),
                           HINT + " (or set CREDREG_UNSAFE_ALLOW_SITE_CODE=1 for `mkdocs build`)")
