"""The one place where files people give ladder are parsed: YAML and JSON, with bounds.

Every YAML a person hands ladder — a ladder file (``framework validate`` / ``use``), ratings
(``assess --file``), the front matter of a design document (``doc check``, ``harvest docs``) —
goes through :func:`compose_yaml`, which refuses, before anything is built:

- alias expansion beyond :data:`MAX_YAML_NODES` nodes (a "billion laughs" file of a few hundred
  bytes would otherwise grow to gigabytes),
- nesting deeper than :data:`MAX_DEPTH` levels, and aliases that refer to the block that
  contains them.

Every JSON a person hands ladder (``import``, ``classify --jsonl``) goes through
:func:`load_json`, which refuses nesting deeper than :data:`MAX_DEPTH` and text that is not
valid Unicode (a ``"\\udcff"`` escape), naming where.

PyYAML is imported inside the functions: this module sits near the capture path.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ladder import rules
from ladder.errors import InputError, LocatedError

if TYPE_CHECKING:
    import yaml

#: Nodes a YAML document may hold once its aliases are expanded. A ladder file has a few
#: thousand; a billion-laughs file asks for 10⁹ and is refused after counting, not building.
MAX_YAML_NODES = 100_000
#: How deep YAML or JSON may nest. Real files stay under ten levels.
MAX_DEPTH = 64


class DocumentProblem(Exception):
    """A document (YAML, or JSON) ladder refuses to read: the line (1-based, when known) and
    why."""

    def __init__(self, line: int | None, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


def yaml_loader(text: str) -> yaml.SafeLoader:
    """A safe PyYAML loader over ``text`` (libyaml's when available). Dispose of it after use."""
    import yaml

    try:
        loader_class: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
    except AttributeError:  # pragma: no cover - PyYAML without libyaml
        loader_class = yaml.SafeLoader
    return loader_class(text)


def compose_yaml(loader: yaml.SafeLoader, text: str) -> yaml.Node | None:
    """The document's node graph, once it is known to be small and shallow enough.

    Aliases share nodes in the graph, so composing costs what the file holds; only building
    Python values from it would expand them. The graph is measured first.

    Raises:
        DocumentProblem: A YAML syntax error (with the line a person needs), too many nodes after
            expanding aliases, nesting too deep, or an alias inside the block it names.
    """
    import yaml

    last_line = text.count("\n") + 1

    def at(exc: yaml.MarkedYAMLError) -> int | None:
        # An unclosed quote or bracket is found at the end of the file; the context mark
        # says where it opened, which is the line a person needs.
        mark = exc.problem_mark or exc.context_mark
        if mark is not None and mark.line + 1 > last_line - 1 and exc.context_mark is not None:
            mark = exc.context_mark
        return None if mark is None else min(mark.line + 1, last_line)

    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or ""
        if "maximum nesting depth" in problem:
            raise DocumentProblem(at(exc), f"nested more than {MAX_DEPTH} levels deep") from None
        reason = " ".join(filter(None, [exc.context, problem])) or "YAML syntax error"
        raise DocumentProblem(at(exc), f"YAML syntax error: {rules.shorten(reason, 200)}") from None
    except yaml.YAMLError as exc:
        raise DocumentProblem(None, f"YAML error: {rules.shorten(str(exc), 200)}") from None
    if node is not None:
        _measure(node)
    return node


def _measure(root: yaml.Node) -> None:
    """Count the nodes of ``root`` with aliases expanded, and its depth, without expanding.

    Raises:
        DocumentProblem: Over :data:`MAX_YAML_NODES` nodes, over :data:`MAX_DEPTH` levels, or an
            alias that refers to the block containing it.
    """
    import yaml

    def children(n: yaml.Node) -> list[yaml.Node]:
        if isinstance(n, yaml.SequenceNode):
            return list(n.value)
        if isinstance(n, yaml.MappingNode):
            return [part for pair in n.value for part in pair]
        return []

    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    open_: set[int] = set()  # nodes whose subtree is being measured: the current path
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        kids = children(node)
        if done:
            open_.discard(key)
            size[key] = min(1 + sum(size[id(k)] for k in kids), MAX_YAML_NODES + 1)
            depth[key] = 1 + max((depth[id(k)] for k in kids), default=0)
            line = node.start_mark.line + 1
            if depth[key] > MAX_DEPTH:
                raise DocumentProblem(line, f"nested more than {MAX_DEPTH} levels deep")
            if size[key] > MAX_YAML_NODES:
                raise DocumentProblem(
                    line,
                    f"its aliases (*name) expand to more than {MAX_YAML_NODES:,} values; "
                    "a file that repeats itself that much is refused",
                )
            continue
        if key in size:
            continue
        if key in open_:
            raise DocumentProblem(
                node.start_mark.line + 1, "an alias refers to the block that contains it"
            )
        open_.add(key)
        stack.append((node, True))
        stack.extend((k, False) for k in kids if id(k) not in size)


def load_yaml(text: str, *, source_name: str) -> Any:
    """YAML text → Python values, bounded (see :func:`compose_yaml`).

    Raises:
        LocatedError: The text is not YAML ladder reads: file, line and reason.
    """
    import yaml

    loader = yaml_loader(text)
    try:
        node = compose_yaml(loader, text)
        return None if node is None else loader.construct_document(node)
    except DocumentProblem as exc:
        raise LocatedError(source_name, exc.line, exc.reason) from None
    except yaml.MarkedYAMLError as exc:  # a value YAML cannot build (a bad timestamp)
        mark = exc.problem_mark
        raise LocatedError(
            source_name,
            None if mark is None else mark.line + 1,
            f"YAML error: {rules.shorten(exc.problem or str(exc), 200)}",
        ) from None
    except (ValueError, OverflowError) as exc:
        raise LocatedError(
            source_name, None, f"YAML error: {rules.shorten(str(exc), 200)}"
        ) from None
    finally:
        loader.dispose()


def load_json(text: str, *, source_name: str, hint: Callable[[str], str] | None = None) -> Any:
    """JSON text → Python values, bounded in depth, every string valid Unicode.

    Args:
        text: The JSON.
        source_name: The file (or ``<stdin>``) named in errors.
        hint: Given the text, something to add to a syntax error ("the file looks truncated").

    Raises:
        LocatedError: Not JSON, nested deeper than :data:`MAX_DEPTH`, or a string holding a
            lone surrogate (``"\\udcff"``) that no UTF-8 file or database can hold.
    """
    try:
        return _load(text)
    except json.JSONDecodeError as exc:
        extra = hint(text) if hint else ""
        raise LocatedError(
            source_name, exc.lineno, f"not valid JSON ({exc.msg}, column {exc.colno}){extra}"
        ) from None
    except DocumentProblem as exc:
        raise LocatedError(source_name, exc.line, exc.reason) from None


def load_json_line(text: str) -> Any:
    """One line of JSON lines (``classify --jsonl``), with the bounds of :func:`load_json`.

    Raises:
        InputError: Not JSON, nested too deep, or a string that is not valid Unicode.
    """
    try:
        return _load(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON ({exc.msg})") from None
    except DocumentProblem as exc:
        raise InputError(exc.reason) from None


def _load(text: str) -> Any:
    deep = _json_depth(text)
    if deep is not None:
        raise DocumentProblem(deep, f"the JSON is nested more than {MAX_DEPTH} levels deep")
    try:
        data = json.loads(text)
    except RecursionError:  # pragma: no cover - _json_depth refuses these first
        raise DocumentProblem(
            None, f"the JSON is nested more than {MAX_DEPTH} levels deep"
        ) from None
    where = _bad_text(data)
    if where is not None:
        path, problem = where
        raise DocumentProblem(None, f"{path}: {problem}")
    return data


def _json_depth(text: str) -> int | None:
    """The line where ``text`` opens its (MAX_DEPTH + 1)-th nested bracket, or None.

    A scan, not a parse: brackets inside strings do not count. Cheap (one pass in C-speed
    regular expressions), and it keeps the recursive decoder away from hostile nesting.
    """
    import re

    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    level = 0
    for m in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', text):
        c = m.group(0)
        if c in "[{":
            level += 1
            if level > MAX_DEPTH:
                return text.count("\n", 0, m.start()) + 1
        elif c in "]}":
            level -= 1
    return None


def _surrogate(text: str) -> str | None:
    """Why a decoded JSON string is not text (a ``\\udcff`` escape), or None."""
    if rules.unicode_problem(text) is None:
        return None
    at = next(i for i, ch in enumerate(text) if 0xD800 <= ord(ch) <= 0xDFFF)
    return (
        f"character {at + 1} is a lone surrogate (\\u{ord(text[at]):04x}), which is not "
        "text: no UTF-8 file or database can hold it"
    )


def _bad_text(data: Any) -> tuple[str, str] | None:
    """The JSON path of the first string (or key) that is not valid text, and why."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            problem = _surrogate(value)
            if problem:
                return path or "top level", problem
        elif isinstance(value, dict):
            for k, v in reversed(list(value.items())):
                problem = _surrogate(k)
                if problem:
                    return f"{path or 'top level'}: a key", problem
                stack.append((f"{path}.{k}" if path else str(k), v))
        elif isinstance(value, list):
            stack.extend((f"{path}[{i}]", v) for i, v in reversed(list(enumerate(value))))
    return None
