"""Signs one request with botocore's SigV4Auth (service `appsync`) and prints what it adds.

Reads a JSON case from stdin:
  {"method": "POST", "url": "https://host/graphql", "headers": [["name", "value"], ...],
   "body": "<utf-8 text>", "region": "eu-west-1",
   "credentials": {"access_key": "...", "secret_key": "...", "token": null},
   "timestamp": "20261122T203000Z"}
Prints a JSON object: the headers botocore added (X-Amz-Date, X-Amz-Security-Token,
Authorization), plus "canonical_request" for diagnosing a mismatch.
"""

import datetime
import json
import sys
from unittest import mock

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def main() -> None:
    case = json.load(sys.stdin)
    stamp = datetime.datetime.strptime(case["timestamp"], "%Y%m%dT%H%M%SZ")
    creds = case["credentials"]
    credentials = Credentials(creds["access_key"], creds["secret_key"], creds.get("token"))
    request = AWSRequest(
        method=case["method"],
        url=case["url"],
        headers=dict(case["headers"]),
        data=case["body"].encode("utf-8"),
    )
    before = {name.lower() for name in request.headers.keys()}
    signer = botocore.auth.SigV4Auth(credentials, "appsync", case["region"])
    # Keep the canonical request botocore signed, for diagnosing a mismatch.
    captured = []
    original = signer.canonical_request
    signer.canonical_request = lambda req: captured.append(original(req)) or captured[-1]
    # botocore reads the clock through this function; pin it to the case's instant.
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=stamp):
        signer.add_auth(request)
    added = {
        name: value
        for name, value in request.headers.items()
        if name.lower() not in before
    }
    added["canonical_request"] = captured[0]
    json.dump(added, sys.stdout)


if __name__ == "__main__":
    main()
