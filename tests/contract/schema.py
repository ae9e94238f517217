"""Strict validation of outgoing LINE bodies against the official OpenAPI spec.

The spec models polymorphism with `discriminator`, which plain JSON Schema validators ignore: they
would check only `type: string` and accept any Flex garbage. Here every discriminator base becomes an
explicit dispatch (`if type == X then the subtype's schema`, unknown types rejected), and every
concrete object rejects unknown keys, so a misspelt Flex property fails instead of being dropped.
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

SPEC = Path(__file__).with_name("messaging-api.yml")
REF = "#/components/schemas/"
# Documented on developers.line.biz but missing from the spec.
LIMITS = {
    ("TextMessage", "text"): {"maxLength": 5000},
    ("FlexMessage", "altText"): {"maxLength": 1500, "minLength": 1},
    ("FlexCarousel", "contents"): {"maxItems": 12},
    ("QuickReply", "items"): {"maxItems": 13},
    ("PostbackAction", "data"): {"maxLength": 300},
    ("PostbackAction", "displayText"): {"maxLength": 300},
    ("MessageAction", "text"): {"maxLength": 300},
}


def _walk(node: Any, fn: Any) -> None:
    """Apply fn to every sub-schema (never to property names)."""
    if not isinstance(node, dict):
        return
    fn(node)
    for child in node.get("properties", {}).values():
        _walk(child, fn)
    for key in ("items", "additionalProperties", "not", "if", "then", "else"):
        _walk(node.get(key), fn)
    for key in ("allOf", "anyOf", "oneOf"):
        for child in node.get(key, []):
            _walk(child, fn)


def _expand_discriminators(schemas: dict[str, Any]) -> set[str]:
    """Rewrite each discriminator base as an if/then dispatch; return the base names."""
    bases = {name: s["discriminator"] for name, s in schemas.items() if "discriminator" in s}
    for base, disc in bases.items():
        plain = {k: v for k, v in schemas[base].items() if k != "discriminator"}
        schemas[base + "__base"] = plain
        mapping = disc.get("mapping", {})
        for target in mapping.values():
            for part in schemas[target.split("/")[-1]].get("allOf", []):
                if part.get("$ref") == REF + base:
                    part["$ref"] = REF + base + "__base"
        prop = disc["propertyName"]
        schemas[base] = {
            "allOf": [{"$ref": REF + base + "__base"}]
            + [{"if": {"properties": {prop: {"const": v}}, "required": [prop]}, "then": {"$ref": t}}
               for v, t in mapping.items()],
            "properties": {prop: {"enum": list(mapping)}},
            "required": [prop],
        }
    return set(bases)


def _add_limits(schemas: dict[str, Any]) -> None:
    """Add the documented limits the spec leaves out."""
    for (name, prop), limit in LIMITS.items():
        schema = schemas.get(name, {})
        for part in [schema, *schema.get("allOf", [])]:
            if prop in part.get("properties", {}):
                part["properties"][prop].update(limit)


def _known_properties(schemas: dict[str, Any], schema: dict[str, Any]) -> set[str]:
    """Every property a schema names, its own and those of the schemas it extends through allOf."""
    names = set(schema.get("properties", {}))
    for part in schema.get("allOf", []):
        ref = part.get("$ref", "")
        names |= _known_properties(schemas, schemas[ref[len(REF):]] if ref.startswith(REF) else part)
    return names


def _forbid_unknown_keys(schemas: dict[str, Any], bases: set[str]) -> None:
    """Reject unknown properties on every concrete object schema.

    The names are gathered once here, so plain additionalProperties does the work: the equivalent
    unevaluatedProperties re-evaluates every branch of every Flex component and is many times slower.
    """
    for name, schema in schemas.items():
        if name in bases or name.endswith("__base"):
            continue
        if schema.get("type") == "object" and ("properties" in schema or "allOf" in schema):
            known = _known_properties(schemas, schema)
            schema["properties"] = {**{k: {} for k in known}, **schema.get("properties", {})}
            schema["additionalProperties"] = False


def _to_json_schema(node: dict[str, Any]) -> None:
    """OpenAPI 3.0 keywords to JSON Schema 2020-12."""
    if node.pop("nullable", False) is True and isinstance(node.get("type"), str):
        node["type"] = [node["type"], "null"]
    for key in ("discriminator", "example", "externalDocs", "xml"):
        node.pop(key, None)
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith(REF):
        node["$ref"] = "#/$defs/" + ref[len(REF):]


@cache
def definitions() -> dict[str, Any]:
    """The spec's schemas, made strict."""
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    schemas = copy.deepcopy(spec["components"]["schemas"])
    bases = _expand_discriminators(schemas)
    _add_limits(schemas)
    _forbid_unknown_keys(schemas, bases)
    for schema in schemas.values():
        _walk(schema, _to_json_schema)
    return schemas


@cache
def validator(name: str) -> jsonschema.Draft202012Validator:
    """A validator for one named schema."""
    root = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": definitions(),
            "$ref": "#/$defs/" + name}
    return jsonschema.Draft202012Validator(root)


def errors(name: str, instance: Any) -> list[str]:
    """Readable root causes of every violation; [] when valid."""
    leaves = []
    for error in validator(name).iter_errors(instance):
        stack = [error]
        while stack:
            current = stack.pop()
            if current.context:
                stack.extend(current.context)
            else:
                leaves.append(current)
    real = [e for e in leaves if e.validator != "unevaluatedProperties"]
    chosen = real or leaves
    return sorted({f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message[:200]}" for e in chosen})


def reply_errors(messages: list[dict[str, Any]]) -> list[str]:
    """Violations of a reply request carrying these messages."""
    return errors("ReplyMessageRequest", {"replyToken": "x" * 32, "messages": messages})
