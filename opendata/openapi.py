"""The API's OpenAPI 3.1 description (`openapi.yaml`), served as JSON and as a page.

The YAML file is the one description: the JSON view serves it with this site's address, the
documentation page is rendered from it on the server, and the tests check the real answers
against its schemas. The page's words for people come from the translations below, one per
operation and parameter (a test checks none is missing).
"""

import copy
import functools
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.utils.translation import gettext_lazy as _

SOURCE = Path(__file__).with_name("openapi.yaml")

OPERATION_SUMMARIES = {
    "index": _("Where everything is: links to the resources, this description and the catalogue."),
    "openapi": _("This description, as an OpenAPI 3.1 document."),
    "listCounties": _("Counties and the councils in each."),
    "listCouncils": _("Councils, with their county, licence and Atom feed."),
    "getCouncil": _(
        "One council: its municipalities, the county's relation to it, its published plans."
    ),
    "listPlans": _("Published plans."),
    "getPlan": _("One published plan: what it is, its status counts, its downloads and feed."),
    "listMeasures": _("The plan's measures in plan order, with status and themes."),
    "listStatusChanges": _("Every status change of the plan's measures, oldest first."),
}

PARAMETER_HELP = {
    "page": _("Which page, from 1."),
    "page_size": _("How many items a page holds (at most 500; 100 unless given)."),
    "council": _("The council's slug, as in the address of its page."),
    "county": _("Only the councils in this county (its slug)."),
    "plan": _("The plan's slug within its council."),
    "status": _(
        "Only measures with this status: not_assessed, green, yellow or red; repeat for several."
    ),
    "theme": _("Only measures tagged with this theme (its slug)."),
    "since": _("Only changes at or after this moment, e.g. 2026-03-01 or 2026-03-01T12:00:00Z."),
}


@functools.cache
def _source():
    with SOURCE.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def document(base_url=None):
    """The OpenAPI document; with `base_url`, naming this site as its server."""
    spec = copy.deepcopy(_source())
    if base_url:
        spec["servers"] = [{"url": base_url}]
    return spec


@dataclass
class Parameter:
    name: str
    location: str
    required: bool
    help: str
    type: str


@dataclass
class Endpoint:
    path: str
    operation_id: str
    summary: str
    parameters: list
    # The documented schema it answers with; for a list, the schema of each item (`paged`).
    schema: str
    paged: bool = False


def resolve(spec, item):
    while "$ref" in item:
        node = spec
        for part in item["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        item = node
    return item


def type_name(schema):
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if schema.get("type") == "array":
        return f"{type_name(schema['items'])}[]"
    return str(schema.get("type", ""))


def endpoints():
    """Every GET of the document, in its order, with the words people read."""
    spec = _source()
    found = []
    for path, item in spec["paths"].items():
        operation = item["get"]
        parameters = []
        for reference in operation.get("parameters", []):
            parameter = resolve(spec, reference)
            parameters.append(
                Parameter(
                    name=parameter["name"],
                    location=parameter["in"],
                    required=parameter.get("required", False),
                    help=PARAMETER_HELP[parameter["name"]],
                    type=type_name(parameter["schema"]),
                )
            )
        content = operation["responses"]["200"].get("content", {})
        schema = content.get("application/json", {}).get("schema", {})
        name, paged = (type_name(schema), False) if "$ref" in schema else ("", False)
        if name.endswith("Page"):
            results = resolve(spec, schema)["allOf"][1]["properties"]["results"]
            name, paged = type_name(results["items"]), True
        found.append(
            Endpoint(
                path=path,
                operation_id=operation["operationId"],
                summary=OPERATION_SUMMARIES[operation["operationId"]],
                parameters=parameters,
                schema=name,
                paged=paged,
            )
        )
    return found


@dataclass
class Field:
    name: str
    type: str
    required: bool
    description: str


@dataclass
class Schema:
    name: str
    description: str
    fields: list


def property_type(schema):
    if "$ref" in schema:
        return type_name(schema)
    if "oneOf" in schema:
        return " | ".join(property_type(option) for option in schema["oneOf"])
    kind = schema.get("type", "")
    if isinstance(kind, list):
        return " | ".join(kind)
    if kind == "array":
        return f"{property_type(schema.get('items', {}))}[]".replace("[][]", "[]")
    if "enum" in schema:
        return " | ".join(str(value) for value in schema["enum"])
    return kind


def flattened(spec, schema):
    """(properties, required) of an object schema, through allOf and $ref."""
    schema = resolve(spec, schema)
    properties, required = {}, set()
    for part in schema.get("allOf", []):
        part_properties, part_required = flattened(spec, part)
        properties.update(part_properties)
        required |= part_required
    properties.update(schema.get("properties", {}))
    required |= set(schema.get("required", []))
    return properties, required


DOCUMENTED_SCHEMAS = (
    "Index",
    "Page",
    "County",
    "CouncilSummary",
    "Council",
    "CountyRelation",
    "Licence",
    "PlanSummary",
    "Plan",
    "Measure",
    "StatusChange",
    "Status",
    "Error",
)


def schemas():
    """The data shapes, field by field, for the documentation page."""
    spec = _source()
    found = []
    for name in DOCUMENTED_SCHEMAS:
        schema = spec["components"]["schemas"][name]
        properties, required = flattened(spec, schema)
        fields = [
            Field(key, property_type(value), key in required, value.get("description", ""))
            for key, value in properties.items()
        ]
        if not fields:
            fields = [Field("", property_type(schema), True, schema.get("description", ""))]
        found.append(Schema(name, schema.get("description", ""), fields))
    return found
