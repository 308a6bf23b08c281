"""Generates runtime/tests/vectors/appsync_wire.json: what an AppSync client puts on the wire, at a
frozen time with fixed credentials, computed independently of the Rust code.

- SigV4 signatures: botocore's `SigV4Auth` (service `appsync`), the signer of AWS's Python SDK.
- Auth objects, start frames, base64 and realtime URLs: written here from AWS's documentation and
  Amplify JS (the key order of its objects and frames; its custom-domain rule), with Python's
  `json` and `base64`.

Run once, from the workspace root, after `bash scripts/botocore/install.sh`:

    .tools/botocore-venv/bin/python scripts/botocore/vectors.py > runtime/tests/vectors/appsync_wire.json

runtime/tests/appsync_wire_vectors.rs checks the Rust client against the file byte for byte; it
needs no Python. Regenerate only when an input changes, and review the diff.
"""

import base64
import datetime
import json
import re
import sys
from unittest import mock

import botocore
import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

TIME = "20261122T203000Z"
UNIX_TIME = 1_795_379_400
ACCESS_KEY = "ASIAEXAMPLEKEYID0001"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
SESSION = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+example+token=="
API_KEY = "da2-abcdefghijklmnopqrstuvwxyz"
JWT = "eyJraWQiOiJrMSIsImFsZyI6IlJTMjU2In0.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJl"
LAMBDA_TOKEN = "custom-authorizer-token/+="

STANDARD = "https://abcdefghijklmnopqrstuvwxyz.appsync-api.eu-west-1.amazonaws.com/graphql"
US_EAST = "https://zyxwvutsrqponmlkjihgfedcba.appsync-api.us-east-1.amazonaws.com/graphql"
CHINA = "https://abcdefghijklmnopqrstuvwxyz.appsync-api.cn-north-1.amazonaws.com.cn/graphql"
CUSTOM = "https://api.example.com/graphql"

# Amplify's fixed headers of the realtime auth object (the handshake and each start).
REALTIME_FIXED = [
    ("accept", "application/json, text/javascript"),
    ("content-encoding", "amz-1.0"),
    ("content-type", "application/json; charset=UTF-8"),
]
# What AWS's SDKs sign for an HTTP request.
HTTP_FIXED = [("content-type", "application/json")]

# Amplify's standard-domain rule; anything else is a custom domain (realtime = endpoint + /realtime).
STANDARD_RE = re.compile(
    r"^https://\w{26}\.appsync-api\.\w{2}(?:(?:-\w{2,})+)-\d\.amazonaws\.com(?:\.cn)?/graphql$",
    re.IGNORECASE,
)


def compact(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def host_of(url):
    return url.split("://", 1)[1].split("/", 1)[0]


def region_of(url):
    return host_of(url).split(".")[2]


def realtime_url(graphql):
    if STANDARD_RE.match(graphql):
        return graphql.replace("https://", "wss://", 1).replace("appsync-api", "appsync-realtime-api", 1)
    return "wss://" + graphql.split("://", 1)[1] + "/realtime"


def sigv4(url, fixed, body, region, session):
    """botocore's signature of POST `url` with `fixed` headers plus host: the headers in the
    order an AppSync client sends them."""
    host = host_of(url)
    headers = fixed + [("host", host)]
    request = AWSRequest(method="POST", url=url, headers=dict(headers), data=body.encode("utf-8"))
    signer = botocore.auth.SigV4Auth(
        Credentials(ACCESS_KEY, SECRET_KEY, SESSION if session else None), "appsync", region
    )
    stamp = datetime.datetime.strptime(TIME, "%Y%m%dT%H%M%SZ")
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=stamp):
        signer.add_auth(request)
    headers.append(("x-amz-date", request.headers["X-Amz-Date"]))
    if session:
        headers.append(("x-amz-security-token", request.headers["X-Amz-Security-Token"]))
    headers.append(("authorization", request.headers["Authorization"]))
    return headers


def auth_object(auth, url, body, region):
    """The realtime auth object, as compact JSON in its fixed key order."""
    if auth["mode"] == "iam":
        return compact(dict(sigv4(url, REALTIME_FIXED, body, region, auth["session"])))
    name = "x-api-key" if auth["mode"] == "api_key" else "authorization"
    return compact({"host": host_of(url), name: auth["value"]})


AUTH_MODES = [
    ("API key", {"mode": "api_key", "value": API_KEY}),
    ("Cognito user pools", {"mode": "cognito", "value": JWT}),
    ("OIDC", {"mode": "oidc", "value": JWT}),
    ("Lambda", {"mode": "lambda", "value": LAMBDA_TOKEN}),
    ("IAM, long-term credentials", {"mode": "iam", "session": False}),
    ("IAM, temporary credentials", {"mode": "iam", "session": True}),
]


def query_string(url, object_json):
    header = base64.b64encode(object_json.encode("utf-8")).decode("ascii")
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}header={header}&payload=e30="


def http_cases():
    todos = compact({"query": "query Todos { todos { id title done } }", "operationName": "Todos", "variables": {}})
    unicode = compact({
        "query": "mutation Add($t: String!) { addTodo(title: $t) { id } }",
        "operationName": "Add",
        "variables": {"t": "Grüße, 日本語 🚀 \"quoted\" \\ back\nslash"},
    })
    cases = [
        ("static credentials, eu-west-1", STANDARD, None, False, todos),
        ("session credentials, eu-west-1", STANDARD, None, True, todos),
        ("session credentials, us-east-1", US_EAST, None, True, todos),
        ("custom domain, explicit region", CUSTOM, "ap-southeast-2", True, todos),
        ("non-ASCII body", STANDARD, None, False, unicode),
    ]
    for name, url, region, session, body in cases:
        signing_region = region or region_of(url)
        yield {
            "name": name,
            "url": url,
            "region": region,
            "session": session,
            "body": body,
            "headers": sigv4(url, HTTP_FIXED, body, signing_region, session),
        }


def handshake_cases():
    for name, auth in AUTH_MODES:
        obj = auth_object(auth, STANDARD + "/connect", "{}", "eu-west-1")
        yield {
            "name": name,
            "graphql_url": STANDARD,
            "region": None,
            "auth": auth,
            "object": obj,
            "query_string_url": query_string(realtime_url(STANDARD), obj),
            "subprotocol": "header-" + base64.urlsafe_b64encode(obj.encode("utf-8")).decode("ascii").rstrip("="),
        }


def realtime_url_cases():
    api_key = {"mode": "api_key", "value": API_KEY}
    iam = {"mode": "iam", "session": True}
    cases = [
        ("standard", STANDARD, None, None, api_key),
        ("China region", CHINA, None, None, iam),
        ("custom domain, explicit region", CUSTOM, "us-east-2", None, iam),
        ("explicit realtime URL with its own query", CUSTOM, "us-east-2",
         "wss://realtime.example.com/graphql/realtime?stage=blue&x=a%2Bb", api_key),
    ]
    for name, graphql, region, explicit, auth in cases:
        realtime = explicit or realtime_url(graphql)
        obj = auth_object(auth, graphql + "/connect", "{}", region or region_of(graphql))
        yield {
            "name": name,
            "graphql_url": graphql,
            "region": region,
            "explicit_realtime_url": explicit,
            "auth": auth,
            "realtime_url": realtime,
            "query_string_url": query_string(realtime, obj),
        }


def start_cases():
    data = compact({
        "query": "subscription OnAddTodo($b: ID) { onAddTodo(boardId: $b) { id title } }",
        "variables": {"b": "board-Ä"},
    })
    for name, auth in AUTH_MODES:
        obj = auth_object(auth, STANDARD, data, "eu-west-1")
        frame = (
            '{"id":' + compact("sub-1") + ',"payload":{"data":' + compact(data)
            + ',"extensions":{"authorization":' + obj + '}},"type":"start"}'
        )
        yield {"name": name, "graphql_url": STANDARD, "region": None, "auth": auth,
               "id": "sub-1", "data": data, "frame": frame}


def main():
    vectors = {
        "generated_by": f"scripts/botocore/vectors.py with botocore {botocore.__version__}",
        "time": TIME,
        "unix_time": UNIX_TIME,
        "credentials": {"access_key": ACCESS_KEY, "secret_key": SECRET_KEY, "session_token": SESSION},
        "http": list(http_cases()),
        "handshakes": list(handshake_cases()),
        "realtime_urls": list(realtime_url_cases()),
        "starts": list(start_cases()),
    }
    json.dump(vectors, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
