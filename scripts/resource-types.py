"""Writes src/expander/aws/resource-types.ts: for every CloudFormation resource type Pareto generates,
whether it takes tags and how (property name, list of {Key, Value} or map of string to string),
derived from the resource provider schemas that the pinned cfn-lint ships in its package.

    .tools/lint/bin/python scripts/resource-types.py           # rewrite the file
    .tools/lint/bin/python scripts/resource-types.py --check   # write nothing; exit 1 if it is stale

The list of types is read from the RESOURCE_TYPES array literal in that same file: to add a type,
add it there and rerun. cfn-lint 1.x keeps its schemas as data/schemas/providers/<region>.json
(resource type -> schema hash) and data/schemas/resources/<hash>.json (the schema); this reads the
us-east-1 ones straight from the installed package, never cfn-lint's download cache in ~/.cache,
so the output depends on the pinned version only. cfn-lint is not imported (it is slow to import).
"""

from __future__ import annotations

import argparse
import difflib
import importlib.metadata
import importlib.util
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = ROOT / "src" / "expander" / "aws" / "resource-types.ts"
LOCK = ROOT / "requirements" / "lint.lock.txt"
REGION = "us-east-1"
TYPE_NAME = re.compile(r"^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+$")
ARRAY = re.compile(r"export\s+const\s+RESOURCE_TYPES\s*=\s*\[(?P<body>.*?)\]\s*as\s+const\s*;", re.S)
STRING = re.compile(r"\"([^\"\\]*)\"|'([^'\\]*)'")
ENTRY = re.compile(r"^\s*\"(?P<type>[^\"]+)\":\s*(?P<form>null|\{\s*property:\s*\"(?P<property>[^\"]*)\",\s*format:\s*\"(?P<format>[^\"]*)\"\s*\})\s*,\s*$")


class Failure(Exception):
    """A problem the user has to fix; printed without a traceback."""


def read_types(text: str, path: Path) -> list[str]:
    match = ARRAY.search(text)
    if not match:
        raise Failure(f"{path}: no `export const RESOURCE_TYPES = [...] as const;` array literal found")
    body = re.sub(r"//[^\n]*", "", match.group("body"))
    types = [a or b for a, b in STRING.findall(body)]
    if not types:
        raise Failure(f"{path}: RESOURCE_TYPES is empty")
    bad = [name for name in types if not TYPE_NAME.match(name)]
    if bad:
        raise Failure(f"{path}: not CloudFormation resource type names: {', '.join(bad)}")
    return types


def schema_dir() -> tuple[Path, str]:
    spec = importlib.util.find_spec("cfnlint")
    if spec is None or not spec.submodule_search_locations:
        raise Failure("cfn-lint is not installed in this Python: run it as `.tools/lint/bin/python scripts/resource-types.py`")
    version = importlib.metadata.version("cfn-lint")
    pinned = re.search(r"^cfn-lint==(\S+)", LOCK.read_text(), re.M) if LOCK.exists() else None
    if pinned and pinned.group(1) != version:
        raise Failure(f"cfn-lint {version} is installed but {LOCK.relative_to(ROOT)} pins {pinned.group(1)}: run `bash scripts/setup-tools.sh`")
    directory = Path(list(spec.submodule_search_locations)[0]) / "data" / "schemas"
    if not (directory / "providers" / f"{REGION}.json").exists():
        raise Failure(f"cfn-lint {version} ships no {directory}/providers/{REGION}.json: its schema layout changed, update this script")
    return directory, version


def resolve(schema: dict, node: dict) -> dict:
    seen = set()
    while "$ref" in node:
        ref = node["$ref"]
        if not ref.startswith("#/") or ref in seen:
            raise Failure(f"{schema.get('typeName')}: cannot resolve $ref {ref}")
        seen.add(ref)
        target = schema
        for key in ref[2:].split("/"):
            target = target[key]
        node = target
    return node


def is_string(node: dict) -> bool:
    kind = node.get("type")
    return kind == "string" or (isinstance(kind, list) and "string" in kind)


def tag_format(schema: dict, resource_type: str, prop: str) -> str:
    """"list" for an array of {Key, Value} objects, "map" for an object of string values; anything else is an error."""
    node = resolve(schema, schema["properties"][prop])
    kind = node.get("type")
    if kind == "array" and isinstance(node.get("items"), dict):
        item = resolve(schema, node["items"])
        fields = item.get("properties", {})
        if item.get("type") == "object" and set(fields) == {"Key", "Value"} and all(is_string(resolve(schema, f)) for f in fields.values()):
            return "list"
    if kind == "object" and not node.get("properties"):
        values = list(node.get("patternProperties", {}).values())
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            values.append(extra)
        if values and all(is_string(resolve(schema, v)) for v in values):
            return "map"
    raise Failure(f"{resource_type}: tag property {prop} is neither a list of {{Key, Value}} nor a map of strings: {json.dumps(node)[:300]}")


def tagging(directory: Path, types: list[str]) -> tuple[dict[str, dict | None], dict[str, list[str]]]:
    """For each type: its tag form (or None) and notes worth a reader's attention."""
    providers = json.loads((directory / "providers" / f"{REGION}.json").read_text())
    missing = [t for t in types if t not in providers]
    if missing:
        raise Failure(f"not in the resource schemas cfn-lint ships ({REGION}): {', '.join(missing)}")
    forms: dict[str, dict | None] = {}
    notes: dict[str, list[str]] = {}
    for resource_type in types:
        schema = json.loads((directory / "resources" / f"{providers[resource_type]}.json").read_text())
        properties = schema.get("properties", {})
        meta = schema.get("tagging")
        notes[resource_type] = []
        if meta is None:
            taggable = "Tags" in properties
            prop = "Tags"
            notes[resource_type].append(
                "no tagging metadata in the schema: taggable, as it has a Tags property"
                if taggable
                else "no tagging metadata in the schema: not taggable, as it has no Tags property"
            )
        else:
            taggable = meta.get("taggable", True)  # the provider schema spec's default
            # The spec's default tagProperty is /properties/Tags.
            pointer = meta.get("tagProperty", "/properties/Tags")
            if not pointer.startswith("/properties/") or pointer.count("/") != 2:
                raise Failure(f"{resource_type}: unsupported tagProperty {pointer}")
            prop = pointer.split("/")[2]
            if taggable and meta.get("tagUpdatable") is False:
                notes[resource_type].append("tagUpdatable: false: changing its tags replaces the resource")
            if taggable and meta.get("tagOnCreate") is False:
                notes[resource_type].append("tagOnCreate: false")
            if not taggable and any(p.endswith("Tags") for p in properties):
                notes[resource_type].append("taggable: false, yet the schema has a *Tags property")
        if not taggable:
            forms[resource_type] = None
            continue
        if prop not in properties:
            raise Failure(f"{resource_type}: taggable, but its tag property {prop} is not among its properties")
        forms[resource_type] = {"property": prop, "format": tag_format(schema, resource_type, prop)}
    return forms, notes


def render(types: list[str], forms: dict[str, dict | None], notes: dict[str, list[str]], version: str) -> str:
    q = json.dumps
    lines = [
        f"// GENERATED by scripts/resource-types.py from the resource schemas cfn-lint {version} ships ({REGION}): do not edit TAGGING.",
        "// Regenerate: `.tools/lint/bin/python scripts/resource-types.py`; verify: the same with `--check`.",
        "",
        "/** Every CloudFormation resource type Pareto generates. Add a type here, then run `.tools/lint/bin/python scripts/resource-types.py`. */",
        "export const RESOURCE_TYPES = [",
        *(f"  {q(t)}," for t in types),
        "] as const;",
        "export type ResourceType = (typeof RESOURCE_TYPES)[number];",
        "",
        "/** How each type takes tags (from the resource schemas cfn-lint ships): null = not taggable. */",
        'export type TagForm = { property: string; format: "list" | "map" };',
        "export const TAGGING: Record<ResourceType, TagForm | null> = {",
    ]
    for t in types:
        lines.extend(f"  // {note}" for note in notes[t])
        form = forms[t]
        value = "null" if form is None else f"{{ property: {q(form['property'])}, format: {q(form['format'])} }}"
        lines.append(f"  {q(t)}: {value},")
    lines.append("};")
    return "\n".join(lines) + "\n"


def explain(current: str, wanted: str, listed: list[str], types: list[str], forms: dict[str, dict | None], path: Path) -> list[str]:
    """Why the file on disk is not what this script would write, type by type where it can tell."""
    reasons = []
    if listed != types:
        duplicates = sorted({t for t in listed if listed.count(t) > 1})
        if duplicates:
            reasons.append(f"RESOURCE_TYPES lists more than once: {', '.join(duplicates)}")
        if listed != sorted(listed):
            reasons.append("RESOURCE_TYPES is not sorted")
    found: dict[str, dict | None] = {}
    for line in current[current.find("export const TAGGING"):].splitlines():
        match = ENTRY.match(line)
        if match:
            found[match["type"]] = None if match["form"] == "null" else {"property": match["property"], "format": match["format"]}
    show = lambda form: "null (not taggable)" if form is None else f"{form['property']} as a {form['format']}"
    for t in types:
        if t not in found:
            reasons.append(f"{t}: no TAGGING entry; the schemas say {show(forms[t])}")
        elif found[t] != forms[t]:
            reasons.append(f"{t}: TAGGING says {show(found[t])}, the schemas say {show(forms[t])}")
    for t in found:
        if t not in forms:
            reasons.append(f"{t}: has a TAGGING entry but is not in RESOURCE_TYPES")
    diff = list(difflib.unified_diff(current.splitlines(), wanted.splitlines(), f"{path} (on disk)", f"{path} (generated)", lineterm="", n=1))
    if not reasons:
        reasons.append("the text differs (header, comments or formatting)")
    return reasons + ["", *diff[:60], *(["..."] if len(diff) > 60 else [])]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when the file is not what it would write")
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help="the TypeScript file to read and write (default: %(default)s)")
    args = parser.parse_args()
    path: Path = args.file
    try:
        if not path.exists():
            raise Failure(f"{path} is missing: it holds the RESOURCE_TYPES list this script reads")
        current = path.read_text()
        listed = read_types(current, path)
        types = sorted(set(listed))
        directory, version = schema_dir()
        forms, notes = tagging(directory, types)
        wanted = render(types, forms, notes, version)
    except Failure as error:
        print(f"resource-types: {error}", file=sys.stderr)
        return 2
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    if current == wanted:
        print(f"resource-types: {shown} is up to date ({len(types)} types, {sum(f is not None for f in forms.values())} taggable)")
        return 0
    if args.check:
        reasons = explain(current, wanted, listed, types, forms, shown)
        print(f"resource-types: {shown} is not what scripts/resource-types.py would write:", file=sys.stderr)
        print("\n".join(f"  {line}" if line else "" for line in reasons), file=sys.stderr)
        print("Regenerate it: .tools/lint/bin/python scripts/resource-types.py", file=sys.stderr)
        return 1
    path.write_text(wanted)
    print(f"resource-types: wrote {shown} ({len(types)} types, {sum(f is not None for f in forms.values())} taggable)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
