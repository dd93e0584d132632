"""The official OASIS STIX 2.1 JSON Schemas, read from ``../shared/corpora/stix-schemas``.

Every schema file is put in a ``referencing`` registry under its own ``$id``, so the
schemas' relative ``$ref``s (``../common/core.json``) resolve to those files: nothing is
fetched. ``jsonschema`` and ``referencing`` are test dependencies only (pyproject's
``test`` extra). Formats (``"format": "uri"``) are annotations here, not checked, as
jsonschema does by default.

Every object is checked against the schema of its type, and the bundle against
``bundle.json``. That file's list of object schemas leaves out ``incident``, ``location``,
``note``, ``opinion`` and ``grouping`` (as it once left out ``infrastructure``:
oasis-open/cti-stix2-json-schemas#133), and its fallback for other types,
``oneOf: [core, cyber-observable-core]``, matches both for any domain object, so no
bundle holding one of them could pass; such objects are checked against their own
schema only (the corpus's own ``incident_pii_report.json`` fails ``bundle.json`` too).
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CORPORA = Path(os.environ.get("BRIEFING_CORPORA", REPO.parent / "shared" / "corpora"))
SCHEMAS = CORPORA / "stix-schemas" / "schemas"
MISSING_REASON = (
    f"the OASIS STIX 2.1 schemas are not at {SCHEMAS} (only in CI; BRIEFING_CORPORA names"
    " the corpora folder)"
)


@cache
def _validators() -> tuple[Any, dict[str, Any], frozenset[str]]:
    """The bundle validator, a validator per object type that has its own schema, and the
    types ``bundle.json`` lists."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    resources = []
    by_title: dict[str, Any] = {}
    for path in sorted(SCHEMAS.rglob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["$id"], Resource.from_contents(schema)))
        by_title[path.stem] = schema
    registry = Registry().with_resources(resources).crawl()
    bundle = Draft202012Validator(by_title["bundle"], registry=registry)
    kinds = {
        name: Draft202012Validator(schema, registry=registry)
        for name, schema in by_title.items()
        if name not in ("bundle", "core", "properties")
    }
    listed = frozenset(
        ref["$ref"].rsplit("/", 1)[1].removesuffix(".json")
        for ref in by_title["bundle"]["properties"]["objects"]["items"]["anyOf"][0]["oneOf"]
    )
    return bundle, kinds, listed


def stix_problems(bundle: dict[str, Any]) -> list[str]:
    """Every way ``bundle`` breaks the OASIS schemas, each naming the object and the path."""
    bundle_validator, kinds, listed = _validators()
    problems: list[str] = []
    for n, obj in enumerate(bundle.get("objects") or ()):
        validator = kinds.get(str(obj.get("type"))) if isinstance(obj, dict) else None
        for error in validator.iter_errors(obj) if validator else ():
            where = "/".join(str(part) for part in error.absolute_path)
            problems.append(f"/objects/{n} ({obj.get('type')}) /{where}: {error.message[:300]}")
    if not problems:
        envelope = {**bundle, "objects": [o for o in bundle["objects"] if o["type"] in listed]}
        problems.extend(
            f"bundle /{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}"
            for e in bundle_validator.iter_errors(envelope)
        )
    return problems
