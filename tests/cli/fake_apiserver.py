#!/usr/bin/env python3
"""A fake Kubernetes API server that kubectl can `get` TrainJobs, TrainingRuntimes,
ClusterTrainingRuntimes and JobSets from, with no cluster: legacy discovery for
trainer.kubeflow.org/v1alpha1 and jobset.x-k8s.io/v1alpha2, and list (all namespaces or one),
and get by name, of the objects in OBJECTS (JSON values one after another, as
`kubectl label --local -o json` prints them; a List counts as its items). Only JSON is
served: kubectl's table output (a plain `kubectl get trainjobs`) is not.

    python3 fake_apiserver.py OBJECTS   # prints its port, then serves until terminated

Used by tests/cli/readme.sh for the README's `kubectl get` commands."""
import http.server
import json
import sys

# kind: (group, version, plural, namespaced)
KINDS = {
    "TrainJob": ("trainer.kubeflow.org", "v1alpha1", "trainjobs", True),
    "TrainingRuntime": ("trainer.kubeflow.org", "v1alpha1", "trainingruntimes", True),
    "ClusterTrainingRuntime": ("trainer.kubeflow.org", "v1alpha1", "clustertrainingruntimes", False),
    "JobSet": ("jobset.x-k8s.io", "v1alpha2", "jobsets", True),
}


def read_objects(path):
    text, dec, i, out = open(path, encoding="utf-8").read(), json.JSONDecoder(), 0, []
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return out
        value, i = dec.raw_decode(text, i)
        for o in value["items"] if value.get("kind", "").endswith("List") else [value]:
            # `kubectl label --local X-` leaves `labels: {}` where there were none: not ours.
            if o.get("metadata", {}).get("labels") == {}:
                del o["metadata"]["labels"]
            out.append(o)


OBJECTS = read_objects(sys.argv[1])
for o in OBJECTS:
    if o.get("kind") not in KINDS:
        sys.exit("fake_apiserver.py: %s: a kind this server does not serve" % o.get("kind"))

GROUPS = {}  # group: version
for group, version, _, _ in KINDS.values():
    GROUPS[group] = version
ROUTES = {
    "/api": {"kind": "APIVersions", "versions": ["v1"],
             "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}]},
    "/api/v1": {"kind": "APIResourceList", "groupVersion": "v1", "resources": []},
    "/apis": {"kind": "APIGroupList", "apiVersion": "v1", "groups": [
        {"name": g, "versions": [{"groupVersion": g + "/" + v, "version": v}],
         "preferredVersion": {"groupVersion": g + "/" + v, "version": v}} for g, v in GROUPS.items()]},
}
for g, v in GROUPS.items():
    ROUTES["/apis/%s/%s" % (g, v)] = {
        "kind": "APIResourceList", "apiVersion": "v1", "groupVersion": g + "/" + v, "resources": [
            {"name": plural, "singularName": kind.lower(), "namespaced": namespaced, "kind": kind,
             "verbs": ["get", "list"]}
            for kind, (group, _, plural, namespaced) in KINDS.items() if group == g]}


def answer(path):
    """The JSON for a GET of path, or None (404)."""
    if path in ROUTES:
        return ROUTES[path]
    parts = path.strip("/").split("/")
    # apis/G/V/PLURAL, apis/G/V/namespaces/NS/PLURAL, apis/G/V/namespaces/NS/PLURAL/NAME,
    # apis/G/V/PLURAL/NAME (cluster-scoped)
    if len(parts) < 4 or parts[0] != "apis":
        return None
    group, version, rest = parts[1], parts[2], parts[3:]
    namespace = None
    if len(rest) >= 3 and rest[0] == "namespaces":
        namespace, rest = rest[1], rest[2:]
    plural, name = rest[0], (rest[1] if len(rest) == 2 else None)
    if len(rest) > 2:
        return None
    for kind, (g, v, p, _) in KINDS.items():
        if (g, v, p) == (group, version, plural):
            break
    else:
        return None
    items = [o for o in OBJECTS if o["kind"] == kind and
             (namespace is None or o["metadata"].get("namespace") == namespace)]
    if name is not None:
        items = [o for o in items if o["metadata"].get("name") == name]
        return items[0] if items else None
    return {"apiVersion": group + "/" + version, "kind": kind + "List", "items": items,
            "metadata": {"resourceVersion": "1"}}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        value = answer(self.path.split("?")[0])
        if value is None:
            body = json.dumps({"kind": "Status", "apiVersion": "v1", "status": "Failure",
                               "reason": "NotFound", "code": 404,
                               "message": "the server could not find the requested resource"}).encode()
            self.send_response(404)
        else:
            body = json.dumps(value).encode()
            self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
