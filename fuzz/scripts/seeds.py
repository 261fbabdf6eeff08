#!/usr/bin/env python3
"""Writes the fuzz seed corpora into fuzz/corpus/<target>/ (gitignored).

The seeds come from ../shared (the Firehose model and the awsJson1_1 and awsQuery compliance
tests) and are extracted at run time: nothing from ../shared is ever committed. Also used: the request bodies
of tests/tests/suite/snapshots and the JSON bodies written inline in tests/tests/suite/*.rs.

Usage (from the repository root or anywhere): python3 fuzz/scripts/seeds.py
"""

import hashlib
import json
import pathlib
import re
import sys

FUZZ = pathlib.Path(__file__).resolve().parent.parent
ROOT = FUZZ.parent
SHARED = ROOT.parent / "shared"
FIREHOSE = SHARED / "models" / "firehose.json"
COMPLIANCE = SHARED / "protocol-tests" / "awsJson1_1.json"
QUERY_COMPLIANCE = SHARED / "protocol-tests" / "awsQuery.json"
OPERATIONS = 12  # Firehose operations; the responses target takes the selector modulo this.
HEADERS = ["x-amzn-errortype", "x-amzn-requestid", "x-amz-request-id", "content-type", "x-fuzz"]


def response_seed(op, status, headers, body):
    """The layout of fuzz/src/lib.rs: op, status - 100 (u16 BE), header count, headers, body."""
    out = bytearray([op % 256])
    out += (status - 100).to_bytes(2, "big")
    kept = []
    for name, value in headers:
        if name.lower() in HEADERS and len(value.encode()) < 64:
            kept.append((HEADERS.index(name.lower()), value.encode()))
    kept = kept[:3]
    out.append(len(kept))
    for index, value in kept:
        out += bytes([index, len(value)]) + value
    out += body.encode() if isinstance(body, str) else body
    return bytes(out)


def write(directory, data):
    directory.mkdir(parents=True, exist_ok=True)
    (directory / hashlib.sha1(data).hexdigest()).write_bytes(data)


def compliance_bodies(model):
    """(status, headers, body) of every awsJson1_1 request and response test."""
    for shape in model["shapes"].values():
        traits = shape.get("traits", {})
        for case in traits.get("smithy.test#httpResponseTests", []):
            yield case.get("code", 200), list(case.get("headers", {}).items()), case.get("body", "")
        for case in traits.get("smithy.test#httpRequestTests", []):
            yield 200, [], case.get("body", "")


def repository_bodies():
    """Request bodies of the wire snapshots and JSON objects written inline in the tests."""
    for snap in sorted((ROOT / "tests" / "tests" / "suite" / "snapshots").glob("suite__wire_requests__*.snap")):
        text = snap.read_text()
        body = text.rsplit("\n\n", 1)[-1].strip()
        if body.startswith("{"):
            yield body
    tests = ROOT / "tests" / "tests"
    for source in sorted([*tests.glob("*.rs"), *(tests / "suite").glob("*.rs")]):
        for match in re.finditer(r'r#"(\{.*?\})"#', source.read_text(), re.S):
            yield match.group(1)


def references(value):
    """Every shape id a shape's JSON refers to (targets, input/output, errors, mixins...)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "target" and isinstance(item, str):
                yield item
            elif key != "traits":
                yield from references(item)
    elif isinstance(value, list):
        for item in value:
            yield from references(item)


def closure(shapes, start):
    seen, todo = set(), list(start)
    while todo:
        shape_id = todo.pop()
        if shape_id in seen or shape_id not in shapes:
            continue
        seen.add(shape_id)
        todo.extend(references(shapes[shape_id]))
        # Traits applied by structures (e.g. @error) are kept; trait shapes themselves too.
        for trait in shapes[shape_id].get("traits", {}):
            todo.append(trait)
    return seen


def per_operation_models(model):
    """One model per (service, operation): the service bound to that operation only, and the
    closure of shapes it needs. Small enough for libFuzzer to mutate quickly."""
    shapes = model["shapes"]
    for service_id, service in shapes.items():
        if service.get("type") != "service":
            continue
        for operation in service.get("operations", []):
            op_id = operation["target"]
            small_service = dict(service)
            small_service["operations"] = [operation]
            small_service.pop("resources", None)
            keep = closure(shapes, [op_id] + [e["target"] for e in service.get("errors", [])])
            sub = {k: shapes[k] for k in sorted(keep)}
            sub[service_id] = small_service
            yield json.dumps({"smithy": model.get("smithy", "2.0"), "shapes": sub}, indent=1)


def chain_model(links, kind):
    """Hand-written (not from ../shared): `ex#In` -> N0 -> ... -> String, each link a structure,
    list or map. Seeds near the generator's nesting limit (64) so mutations cross it."""
    shapes = {
        "ex#Svc": {"type": "service", "version": "1", "operations": [{"target": "ex#Op"}],
                   "traits": {"aws.protocols#awsJson1_1": {}}},
        "ex#Op": {"type": "operation", "input": {"target": "ex#In"},
                  "output": {"target": "smithy.api#Unit"}},
        "ex#In": {"type": "structure", "members": {"a": {"target": "ex#N0"}}},
    }
    for i in range(links):
        target = {"target": f"ex#N{i + 1}" if i + 1 < links else "smithy.api#String"}
        if kind == "structure":
            shapes[f"ex#N{i}"] = {"type": "structure", "members": {"m": target}}
        elif kind == "list":
            shapes[f"ex#N{i}"] = {"type": "list", "member": target}
        else:
            shapes[f"ex#N{i}"] = {"type": "map", "key": {"target": "smithy.api#String"}, "value": target}
    return json.dumps({"smithy": "2.0", "shapes": shapes}, indent=1)


def query_response_bodies(model):
    """(status, headers, body) of every awsQuery response test (XML bodies)."""
    for shape in model["shapes"].values():
        for case in shape.get("traits", {}).get("smithy.test#httpResponseTests", []):
            yield case.get("code", 200), list(case.get("headers", {}).items()), case.get("body", "")


def hostile_xml():
    """Hand-written (not from ../shared): documents at and past the reader's limits, DTDs and
    entities, so mutations start next to every guard."""
    nest = lambda n: "<a>" * n + "x" + "</a>" * n
    yield nest(127)
    yield nest(128)
    yield nest(129)
    laughs = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><lolz>&lol2;</lolz>'
    yield laughs
    yield '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><r>&xxe;</r>'
    yield '<r a="1" b="2" a:c="&#10;&amp;">&lt;&#x1F600;&#65;<![CDATA[<&>]]><!--c--><?pi x?></r>'
    yield "<r " + " ".join(f'a{i}="{i}"' for i in range(257)) + "/>"
    yield '<?xml version="1.0" encoding="UTF-8"?>\r\n<OpResponse><OpResult><x>1</x></OpResult>' \
          "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></OpResponse>"
    yield "<ErrorResponse><Error><Type>Sender</Type><Code>C</Code><Message>M</Message></Error>" \
          "<RequestId>r</RequestId></ErrorResponse>"


def main():
    for path in (FIREHOSE, COMPLIANCE, QUERY_COMPLIANCE):
        if not path.exists():
            sys.exit(f"{path} is missing: the seeds need ../shared beside the repository")
    firehose = json.loads(FIREHOSE.read_text())
    compliance = json.loads(COMPLIANCE.read_text())
    corpus = FUZZ / "corpus"

    bodies = list(repository_bodies())
    for i, (status, headers, body) in enumerate(compliance_bodies(compliance)):
        for target in ("responses", "error_code"):
            write(corpus / target, response_seed(i, status, headers, body))
    for i, body in enumerate(bodies):
        for op in range(OPERATIONS):
            write(corpus / "responses", response_seed(op, 200, [], body))
        write(corpus / "responses", response_seed(i, 400, [("x-amzn-requestid", "r-1")], body))
        write(corpus / "error_code", response_seed(i, 400, [("x-amzn-requestid", "r-1")], body))
    write(corpus / "error_code", response_seed(0, 400, [("x-amzn-errortype", "aws.x#Foo:http://a")], "{}"))

    query = json.loads(QUERY_COMPLIANCE.read_text())
    for i, (status, headers, body) in enumerate(query_response_bodies(query)):
        write(corpus / "aws_query", response_seed(i, status, headers, body))
    for i, body in enumerate(hostile_xml()):
        write(corpus / "aws_query", response_seed(i, 400, [("x-amzn-requestid", "h-1")], body))

    for model in (firehose, compliance):
        for text in per_operation_models(model):
            write(corpus / "codegen", text.encode())
    write(corpus / "codegen", (ROOT / "tests" / "fixtures" / "edge_cases.json").read_bytes())
    for kind in ("structure", "list", "map"):
        for links in (8, 63, 64):
            write(corpus / "codegen", chain_model(links, kind).encode())

    for target in ("responses", "error_code", "aws_query", "codegen"):
        files = list((corpus / target).iterdir())
        size = sum(f.stat().st_size for f in files)
        print(f"corpus/{target}: {len(files)} files, {size} bytes, largest {max(f.stat().st_size for f in files)}")


if __name__ == "__main__":
    main()
