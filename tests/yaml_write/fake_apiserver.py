#!/usr/bin/env python3
"""A fake Kubernetes API server for `kubectl get configmaps -o yaml`: discovery for core/v1
configmaps, and the list in LIST_FILE (JSON) for any configmaps GET. Prints its port, then
serves until terminated. Used by run.py to check to_yaml_list against kubectl get's List."""
import http.server
import json
import sys

LIST = open(sys.argv[1], "rb").read()
ROUTES = {
    "/api": {"kind": "APIVersions", "versions": ["v1"],
             "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}]},
    "/apis": {"kind": "APIGroupList", "apiVersion": "v1", "groups": []},
    "/api/v1": {"kind": "APIResourceList", "groupVersion": "v1", "resources": [
        {"name": "configmaps", "singularName": "configmap", "namespaced": True, "kind": "ConfigMap",
         "verbs": ["get", "list"], "shortNames": ["cm"]}]},
}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        path = self.path.split("?")[0]
        if path in ROUTES:
            body = json.dumps(ROUTES[path]).encode()
        elif path.endswith("/configmaps"):
            body = LIST
        else:
            self.send_response(404)
            self.end_headers()
            return
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
