"""Tests of the Python binding (python/trainjob/) over libtrainjob_c.

Run from this directory: `python3 -m unittest -v test_trainjob`, with
TRAINJOB_C_LIBRARY naming the library and TRAINJOB_REPO the repository root
(default: this file's parent directory). ctest sets both (python_binding). ctest
python_installed runs them against an installed copy instead (no
TRAINJOB_C_LIBRARY; TRAINJOB_INSTALLED_PREFIX names the prefix).
"""

import concurrent.futures
import copy
import datetime
import gc
import glob
import json
import os
import re
import unittest

import trainjob

REPO = os.environ.get("TRAINJOB_REPO") or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
UPSTREAM = os.path.join(REPO, "tests", "data", "upstream")
STATE = os.path.join(REPO, "tests", "data", "state")
LINT = os.path.join(REPO, "tests", "data", "lint")
SCENARIOS = os.path.join(REPO, "tests", "scenarios")
EXAMPLES = os.path.join(REPO, "examples")

PROFILES = ["v2.0", "v2.1", "v2.2", "v2.3", "latest"]
RESULT_KEYS = {"status", "changed", "applyObjects", "deleteJobSet", "requeueAfterSeconds", "skipped", "errors",
               "events"}


def load(*parts):
    with open(os.path.join(*parts), encoding="utf-8") as f:
        return json.load(f)


def read_bytes(*parts):
    with open(os.path.join(*parts), "rb") as f:
        return f.read()


def conditions(result):
    return [(c["type"], c["status"], c["reason"]) for c in result["status"].get("conditions", [])]


# A completed JobSet for the legacy (v1.9) TrainJob in tests/data/state.
JOBSET_LEGACY = {
    "apiVersion": "jobset.x-k8s.io/v1alpha2", "kind": "JobSet",
    "metadata": {"name": "pytorch-simple", "namespace": "default", "generation": 1,
                 "creationTimestamp": "2025-01-20T08:00:01Z"},
    "status": {"conditions": [{"type": "Completed", "status": "True", "lastTransitionTime": "2025-01-20T08:09:30Z",
                               "reason": "AllJobsCompleted", "message": "jobset completed successfully"}],
               "terminalState": "Completed",
               "replicatedJobsStatus": [{"name": "node", "ready": 0, "succeeded": 1, "failed": 0, "active": 0,
                                         "suspended": 0}]},
}


class InstalledTest(unittest.TestCase):
    """ctest python_installed: the package and the library it loads are the installed ones."""

    @unittest.skipUnless(os.environ.get("TRAINJOB_INSTALLED_PREFIX"), "not run against an installed package")
    def test_package_and_library_from_the_prefix(self):
        prefix = os.path.realpath(os.environ["TRAINJOB_INSTALLED_PREFIX"]) + os.sep
        self.assertIsNone(os.environ.get("TRAINJOB_C_LIBRARY"))
        self.assertTrue(os.path.realpath(trainjob.__file__).startswith(prefix), trainjob.__file__)
        self.assertTrue(os.path.realpath(trainjob.library_path()).startswith(prefix), trainjob.library_path())
        package = os.path.dirname(trainjob.__file__)
        self.assertTrue(os.path.isfile(os.path.join(package, "py.typed")))
        self.assertTrue(os.path.isfile(os.path.join(package, "_paths.py")))

    def test_help_shows_the_docstrings(self):
        for fn in (trainjob.reconcile, trainjob.state, trainjob.validate, trainjob.library_path):
            self.assertTrue(fn.__doc__)
            self.assertIn("return", fn.__annotations__)


class LibraryTest(unittest.TestCase):
    def test_version_is_the_projects(self):
        with open(os.path.join(REPO, "CMakeLists.txt"), encoding="utf-8") as f:
            project_version = re.search(r"\bVERSION\s+(\d+\.\d+\.\d+)", f.read().split("project(", 1)[1]).group(1)
        self.assertRegex(trainjob.version(), r"^\d+\.\d+\.\d+$")
        self.assertEqual(trainjob.version(), project_version)

    def test_abi_version(self):
        self.assertEqual(trainjob.abi_version(), trainjob.ABI_VERSION)

    def test_error_classes(self):
        for cls, code in [(trainjob.InvalidArgument, -1), (trainjob.BadInput, -2), (trainjob.PolicyError, -3),
                          (trainjob.NoMemory, -4), (trainjob.InternalError, -5)]:
            self.assertTrue(issubclass(cls, trainjob.Error))
            self.assertEqual(cls.code, code)
            self.assertIs(trainjob._ERRORS[code], cls)
        self.assertTrue(issubclass(trainjob.NoMemory, MemoryError))
        self.assertTrue(issubclass(trainjob.BadInput, ValueError))
        self.assertTrue(issubclass(trainjob.LibraryNotFound, OSError))

    def test_status_mapping(self):
        lib = trainjob._library()
        for code, cls in trainjob._ERRORS.items():
            with self.assertRaises(cls) as cm:
                trainjob._raise(lib, code, None)  # no message: the status string
            self.assertEqual(cm.exception.code, code)
            self.assertTrue(cm.exception.message)
        with self.assertRaises(trainjob.InternalError) as cm:
            trainjob._raise(lib, -99, None)  # a status this module does not know
        self.assertEqual(cm.exception.code, -99)

    def test_path_parsing(self):
        cases = {
            'status.conditions[2].status: expected "True", "False" or "Unknown", got "Maybe"':
                "status.conditions[2].status",
            'metadata.labels["app.kubernetes.io/name"]: too long': 'metadata.labels["app.kubernetes.io/name"]',
            "items[1].kind: not a TrainJob": "items[1].kind",
            'metadata.labels["kk\u2026" (1048576 bytes)].x: expected a string, got an integer':
                'metadata.labels["kk\u2026" (1048576 bytes)].x',
            "invalid JSON: parse error at line 1, column 2": None,
            "not a TrainJob": None,
        }
        for message, path in cases.items():
            self.assertEqual(trainjob.BadInput(message).path, path, message)


class ReconcileTest(unittest.TestCase):
    def setUp(self):
        self.tj = load(EXAMPLES, "trainjob.json")
        self.js = load(EXAMPLES, "jobset.json")

    def test_completed_jobset(self):
        r = trainjob.reconcile(self.tj, self.js, "2025-06-11T08:45:12Z")
        self.assertEqual(set(r), RESULT_KEYS)
        self.assertEqual(conditions(r), [("Suspended", "False", "Resumed"), ("Complete", "True", "AllJobsCompleted")])
        self.assertTrue(r["changed"])
        self.assertEqual(r["errors"], [])

    def test_bytes_str_and_datetime_inputs_agree(self):
        want = trainjob.reconcile(self.tj, self.js, "2025-06-11T08:45:12Z")
        self.assertEqual(trainjob.reconcile(read_bytes(EXAMPLES, "trainjob.json"), read_bytes(EXAMPLES, "jobset.json"),
                                            "2025-06-11T08:45:12Z"), want)
        for now in (datetime.datetime(2025, 6, 11, 8, 45, 12, tzinfo=datetime.timezone.utc),
                    datetime.datetime(2025, 6, 11, 8, 45, 12),  # naive: UTC
                    datetime.datetime(2025, 6, 11, 10, 45, 12, 500000,
                                      tzinfo=datetime.timezone(datetime.timedelta(hours=2)))):
            self.assertEqual(trainjob.reconcile(self.tj, self.js, now), want, now)

    def test_input_not_modified(self):
        before = copy.deepcopy(self.tj)
        trainjob.reconcile(self.tj, self.js, "2025-06-11T08:45:12Z")
        self.assertEqual(self.tj, before)

    def test_unchanged_second_pass(self):
        r = trainjob.reconcile(self.tj, self.js, "2025-06-11T08:45:12Z")
        tj = dict(self.tj, status=r["status"])
        again = trainjob.reconcile(tj, self.js, "2025-06-11T08:46:00Z")
        self.assertFalse(again["changed"])
        self.assertEqual(again["status"], r["status"])

    def test_policies(self):
        with trainjob.Options(policies=["Initialized", "ComponentsCreated"]) as opts:
            r = trainjob.reconcile(self.tj, self.js, "2025-06-11T08:45:12Z", options=opts)
        self.assertEqual(conditions(r), [("Initialized", "True", "ObjectsBuilt"),
                                         ("ComponentsCreated", "True", "ComponentsCreated"),
                                         ("Suspended", "False", "Resumed"), ("Complete", "True", "AllJobsCompleted")])
        self.assertEqual(r["status"]["conditions"][0]["lastTransitionTime"], "2025-06-11T08:45:12Z")

    def test_apply_error(self):
        with trainjob.Options(policies=("ComponentsCreated",)) as opts:
            r = trainjob.reconcile(self.tj, None, "2025-06-11T08:45:12Z", apply_error="the server is on fire",
                                   options=opts)
        self.assertIn("the server is on fire", r["errors"])
        self.assertIn(("ComponentsCreated", "False", "ApplyFailed"), conditions(r))

    def test_build_error(self):
        pending = load(STATE, "pending.json")
        with trainjob.Options(policies=["Initialized", "ComponentsCreated"]) as opts:
            r = trainjob.reconcile(pending, None, "2025-06-12T15:00:01Z",
                                   build_error="runtime torch-distributed: invalid mlPolicy", options=opts)
        # latest records with the events.k8s.io recorder: the action is "Reconciling".
        self.assertEqual(r["events"], [{"type": "Warning", "reason": "TrainJobResourcesCreationFailed",
                                        "message": "TrainJob resources reconciliation failed: "
                                                   "runtime torch-distributed: invalid mlPolicy",
                                        "action": "Reconciling"}])
        self.assertEqual(r["errors"][0], "runtime torch-distributed: invalid mlPolicy")
        self.assertEqual(conditions(r), [("Initialized", "False", "BuildFailed")])

    def test_event_action_format_and_refusal_per_profile(self):
        pending = load(STATE, "pending.json")
        long_error = "\u00e9" * 500  # 1,000 bytes: the note is 1,046 bytes
        for profile, action in (("v2.0", None), ("v2.1", None), ("v2.2", "Reconciling"),
                                ("v2.3", "Reconciling"), ("latest", "Reconciling")):
            with trainjob.Options(profile) as opts:
                r = trainjob.reconcile(pending, None, "2025-06-12T15:00:01Z", build_error="100% used: %d",
                                       options=opts)
                event = r["events"][0]
                self.assertEqual(event.get("action"), action, profile)
                self.assertEqual(event["message"], "TrainJob resources reconciliation failed: " +
                                 ("100%!u(MISSING)sed: %!d(MISSING)" if action else "100% used: %d"), profile)
                self.assertNotIn("refused", event)
                r = trainjob.reconcile(pending, None, "2025-06-12T15:00:01Z", build_error=long_error,
                                       options=opts)
                self.assertEqual("refused" in r["events"][0], action is not None, profile)

    def test_runtime(self):
        runtime = {
            "apiVersion": "trainer.kubeflow.org/v1alpha1", "kind": "TrainingRuntime",
            "metadata": {"name": "prep-and-train", "namespace": "default"},
            "spec": {"mlPolicy": {"numNodes": 1, "torch": {}}, "template": {"spec": {"replicatedJobs": [
                {"name": "prep", "replicas": 1, "template": {"metadata": {"labels": {
                    "trainer.kubeflow.org/trainjob-ancestor-step": "dataset-initializer"}}}},
                {"name": "workers", "replicas": 1, "template": {"metadata": {"labels": {
                    "trainer.kubeflow.org/trainjob-ancestor-step": "trainer"}}}}]}}},
        }
        js = {
            "apiVersion": "jobset.x-k8s.io/v1alpha2", "kind": "JobSet",
            "metadata": {"name": "multi-step-example", "namespace": "default", "generation": 1,
                         "creationTimestamp": "2025-06-12T11:00:01Z"},
            "spec": {"replicatedJobs": [{"name": "prep", "replicas": 1}, {"name": "workers", "replicas": 1}]},
            "status": {"replicatedJobsStatus": [
                {"name": "prep", "ready": 0, "succeeded": 1, "failed": 0, "active": 0, "suspended": 0},
                {"name": "workers", "ready": 1, "succeeded": 0, "failed": 0, "active": 1, "suspended": 0}]},
        }
        failed = load(STATE, "failed.json")
        with trainjob.Options("v2.1", ["DatasetInitialized", "Trained"]) as opts:
            r = trainjob.reconcile(failed, js, "2025-06-12T11:05:00Z", runtime=runtime, options=opts)
            steps = [c for c in conditions(r) if c[0] in ("DatasetInitialized", "Trained")]
            self.assertEqual(steps, [("DatasetInitialized", "True", "Succeeded"), ("Trained", "False", "Running")])
            r = trainjob.reconcile(failed, js, "2025-06-12T11:05:00Z", options=opts)
            self.assertEqual([c for c in conditions(r) if c[0] in ("DatasetInitialized", "Trained")], [])
        # An upstream ClusterTrainingRuntime is accepted as the runtime.
        with trainjob.Options(policies=["Trained"]) as opts:
            r = trainjob.reconcile(load(STATE, "pending.json"), None, "2025-06-12T15:00:01Z", options=opts,
                                   runtime=load(UPSTREAM, "trainer-master__ClusterTrainingRuntime__torch-distributed.json"))
        self.assertEqual(set(r), RESULT_KEYS)

    def test_v19_profile(self):
        legacy = load(STATE, "legacy-created-v1.9.json")
        with trainjob.Options(profile="v1.9") as opts:
            self.assertEqual(opts.profile, "v1.9")
            r = trainjob.reconcile(legacy, JOBSET_LEGACY, "2025-01-20T08:09:31Z", options=opts)
            self.assertEqual(conditions(r), [("Created", "True", "JobsCreationSucceeded"),
                                             ("Complete", "True", "AllJobsCompleted")])
            self.assertNotIn("jobsStatus", r["status"])
            self.assertTrue(r["changed"])
            r = trainjob.reconcile(legacy, None, "2025-01-20T08:00:05Z", build_error="failed to build JobSet",
                                   options=opts)
            self.assertEqual(r["errors"], ["failed to build JobSet", "jobset not found"])
            # The read error is joined with the pass's result; Created is still written.
            self.assertTrue(r["changed"])
            self.assertEqual(conditions(r), [("Created", "False", "JobsBuildFailed")])
        r = trainjob.reconcile(legacy, JOBSET_LEGACY, "2025-01-20T08:09:31Z")  # latest leaves Created alone
        self.assertEqual([c[0] for c in conditions(r)], ["Created", "Complete"])

    def test_migrate_legacy_created(self):
        legacy = load(STATE, "legacy-created-v1.9.json")
        with trainjob.Options(migrate_legacy_created=True) as opts:
            self.assertTrue(opts.migrate_legacy_created)
            r = trainjob.reconcile(legacy, JOBSET_LEGACY, "2025-01-20T08:09:31Z", options=opts)
            self.assertEqual([c[0] for c in conditions(r)], ["Complete"])
            self.assertTrue(r["changed"])
            r = trainjob.reconcile(load(STATE, "complete.json"), None, "2025-06-12T09:30:00Z", options=opts)
            self.assertFalse(r["changed"])

    def test_unicode_round_trip(self):
        tj = load(STATE, "complete.json")
        tj["status"]["conditions"][0]["message"] = "größer ✓ 日本語 \U0001F680"
        r = trainjob.reconcile(tj, None, "2025-06-12T09:30:00Z")
        self.assertIn("größer ✓ 日本語 \U0001F680", [c["message"] for c in r["status"]["conditions"]])


class PlanTest(unittest.TestCase):
    def test_plan(self):
        p = trainjob.plan(load(EXAMPLES, "trainjob.json"))
        self.assertEqual(p, {"skipped": False, "applyObjects": True})

    def test_managed_by_multikueue_is_skipped_from_v23(self):
        tj = load(SCENARIOS, "managedby-multikueue.json")["trainjob"]
        for profile, skipped in [("v2.2", False), ("v2.3", True), ("latest", True)]:
            with trainjob.Options(profile) as opts:
                self.assertEqual(trainjob.plan(tj, opts)["skipped"], skipped, profile)


class ReplayTest(unittest.TestCase):
    def test_every_scenario_matches_its_expected_file(self):
        files = sorted(glob.glob(os.path.join(SCENARIOS, "*.json")))
        self.assertGreater(len(files), 10)
        for profile in PROFILES:
            with trainjob.Options(profile=profile) as opts:
                for f in files:
                    expected_file = f[:-len(".json")] + "." + profile + ".expected.jsonl"
                    with open(expected_file, encoding="utf-8") as e:
                        want = [json.loads(line) for line in e if line.strip()]
                    with self.subTest(scenario=os.path.basename(f), profile=profile):
                        self.assertEqual(trainjob.replay(load(f), opts), want)

    def test_bytes_and_no_options(self):
        f = os.path.join(SCENARIOS, "torch-complete.json")
        steps = trainjob.replay(read_bytes(f))
        self.assertEqual(steps, trainjob.replay(load(f)))
        self.assertEqual([s["step"] for s in steps], list(range(len(steps))))
        self.assertTrue(all(RESULT_KEYS | {"step", "now"} == set(s) for s in steps))

    def test_scenario_profile_kept_unless_options_set_one(self):
        sc = load(SCENARIOS, "jobset-completed-and-failed.json")
        latest = trainjob.replay(sc)
        with trainjob.Options() as opts:  # no profile given: the scenario's
            self.assertEqual(trainjob.replay(sc, opts), latest)
        sc["profile"] = "v2.0"
        with trainjob.Options() as opts:
            self.assertEqual(trainjob.replay(sc, opts), trainjob.replay(sc))
        with trainjob.Options(profile="v2.0") as opts:
            v20 = trainjob.replay(sc, opts)
        with trainjob.Options(profile="latest") as opts:
            self.assertEqual(trainjob.replay(sc, opts), latest)
        self.assertNotEqual(v20, latest)

    def test_policy_started(self):
        with trainjob.Options(profile="latest", policies=["Started"]) as opts:
            steps = trainjob.replay(load(SCENARIOS, "deadline-exceeded.json"), opts)
        self.assertTrue(all("Started" in [c["type"] for c in s["status"]["conditions"]] for s in steps))

    def test_bad_scenario(self):
        sc = load(SCENARIOS, "torch-complete.json")
        sc["bogus"] = 1
        with self.assertRaises(trainjob.BadInput):
            trainjob.replay(sc)


class ValidateTest(unittest.TestCase):
    def test_every_upstream_object_is_valid(self):
        files = sorted(glob.glob(os.path.join(UPSTREAM, "*.json")))
        self.assertGreater(len(files), 20)
        for f in files:
            with self.subTest(file=os.path.basename(f)):
                v = trainjob.validate(load(f))
                self.assertTrue(v["valid"], v)
                self.assertEqual(len(v["objects"]), 1)
                self.assertEqual(v["objects"][0]["violations"], [])
                self.assertEqual(v["objects"][0]["kind"], load(f)["kind"])

    def test_list(self):
        items = [load(STATE, "complete.json"), load(UPSTREAM, "jobset__JobSet__js.json")]
        v = trainjob.validate({"apiVersion": "v1", "kind": "List", "items": items})
        self.assertTrue(v["valid"])
        self.assertEqual([o["kind"] for o in v["objects"]], ["TrainJob", "JobSet"])
        self.assertEqual([o["name"] for o in v["objects"]], [i["metadata"]["name"] for i in items])

    def test_violations_are_not_errors(self):
        tj = load(STATE, "complete.json")
        tj["status"]["conditions"].append(dict(tj["status"]["conditions"][0]))  # a duplicate type
        tj["status"]["conditions"][0]["reason"] = "not a reason"
        v = trainjob.validate(tj)
        self.assertFalse(v["valid"])
        violations = v["objects"][0]["violations"]
        self.assertTrue(violations)
        self.assertTrue(all(set(x) == {"path", "message"} for x in violations))
        self.assertTrue(any(x["path"].startswith("status.conditions[0].reason") for x in violations), violations)


class LintTest(unittest.TestCase):
    def test_clean(self):
        for f in ["complete.json", "failed.json", "deadline.json", "suspended.json", "pending.json", "deleted.json"]:
            self.assertEqual(trainjob.lint(load(STATE, f)), {"findings": []}, f)

    def test_misleading_state_column(self):
        findings = trainjob.lint(load(STATE, "resumed-running.json"))["findings"]
        self.assertEqual(len(findings), 1)
        self.assertEqual((findings[0]["rule"], findings[0]["severity"], findings[0]["path"]),
                         ("misleading-state-column", "warning", "status.conditions[0]"))
        self.assertIn("kubeflow/trainer 3666", findings[0]["message"])

    def test_conventions(self):
        findings = trainjob.lint(load(LINT, "conventions.json"))["findings"]
        got = {(f["path"], f["rule"], f["severity"]) for f in findings}
        self.assertEqual(len(findings), 10)
        for want in [("status.conditions[0].type", "negative-polarity-type", "warning"),
                     ("status.conditions[1].message", "empty-message-on-false", "warning"),
                     ("status.conditions[2].observedGeneration", "observed-generation-ahead", "error")]:
            self.assertIn(want, got)

    def test_previous(self):
        r = trainjob.lint(load(LINT, "terminal-removed.current.json"), previous=load(LINT, "terminal-removed.previous.json"))
        self.assertEqual([(f["path"], f["rule"]) for f in r["findings"]],
                         [("status.conditions", "terminal-condition-removed")])
        self.assertEqual(trainjob.lint(load(STATE, "complete.json"), previous=read_bytes(STATE, "complete.json")),
                         {"findings": []})

    def test_policies(self):
        with trainjob.Options(policies=["Initialized", "ComponentsCreated", "Started"]) as opts:
            self.assertEqual(trainjob.lint(load(STATE, "complete.json"), options=opts), {"findings": []})


class StateTest(unittest.TestCase):
    # file: stateColumn, state, health status and message, sdkStatus; kstatus is cli-utils' exact
    # result, Current for every job the controller writes, Terminating once deleted.
    CASES = {
        "resumed-running.json": ("Suspended", "Running", "InProgress", "TrainJob is running", "Created"),
        "suspended.json": ("Suspended", "Suspended", "Current", "TrainJob is suspended", "Created"),
        "complete.json": ("Complete", "Complete", "Current",
                          "TrainJob completed (AllJobsCompleted): jobset completed successfully", "Complete"),
        "deadline.json": ("Failed", "Failed", "Failed",
                          "TrainJob failed (DeadlineExceeded): TrainJob exceeded its active deadline", "Failed"),
        "deleted.json": ("", "Running", "Terminating", "TrainJob scheduled for deletion", "Created"),
        "pending.json": ("", "Created", "InProgress", "TrainJob is waiting for its JobSet", "Created"),
        "legacy-created-v1.9.json": ("Created", "Created", "InProgress", "TrainJob is waiting for its jobs to start",
                                     "Created"),
    }

    def test_states(self):
        for f, (column, st, health, message, sdk) in self.CASES.items():
            kstatus = ({"status": "Terminating", "message": "Resource scheduled for deletion"} if f == "deleted.json"
                       else {"status": "Current", "message": "Resource is current"})
            self.assertEqual(trainjob.state(load(STATE, f)),
                             {"stateColumn": column, "state": st, "kstatus": kstatus,
                              "health": {"status": health, "message": message}, "sdkStatus": sdk}, f)

    def test_not_a_trainjob(self):
        with self.assertRaises(trainjob.BadInput) as cm:
            trainjob.state(load(UPSTREAM, "jobset__JobSet__js.json"))
        self.assertIn("TrainJob", cm.exception.message)


class ErrorTest(unittest.TestCase):
    def test_bad_condition_status_names_the_path(self):
        tj = load(STATE, "complete.json")
        tj["status"]["conditions"][0]["status"] = "Maybe"
        for fn in (trainjob.state, trainjob.plan, trainjob.lint, trainjob.validate,
                   lambda t: trainjob.reconcile(t, None, "2025-06-12T09:30:00Z")):
            with self.assertRaises(trainjob.BadInput) as cm:
                fn(tj)
            e = cm.exception
            self.assertEqual(e.code, trainjob.E_BAD_INPUT)
            self.assertIsNotNone(e.path, e.message)
            self.assertTrue(e.path.endswith("status.conditions[0].status"), e.message)
            self.assertIn("Maybe", e.message)
            self.assertEqual(str(e), e.message)

    def test_invalid_utf8(self):
        good = read_bytes(STATE, "complete.json")
        bad = good.replace(b"jobset completed successfully", b"jobset completed \xff\xfe successfully")
        self.assertNotEqual(good, bad)
        for fn in (trainjob.state, trainjob.validate, trainjob.plan, trainjob.lint,
                   lambda t: trainjob.reconcile(t, None, "2025-06-12T09:30:00Z")):
            with self.assertRaises(trainjob.BadInput):
                fn(bad)
        with self.assertRaises(trainjob.BadInput):
            trainjob.lint(good, previous=bad)
        with self.assertRaises(trainjob.BadInput):
            trainjob.reconcile(good, None, "2025-06-12T09:30:00Z", runtime=b'{"kind": "\xc3\x28"}')

    def test_lone_surrogate(self):
        tj = load(STATE, "complete.json")
        tj["metadata"]["name"] = "bad\ud800name"
        with self.assertRaises(trainjob.BadInput):
            trainjob.state(tj)

    def test_truncated_and_empty_json(self):
        good = read_bytes(STATE, "complete.json")
        for data in (good[: len(good) // 2], b"", b"   ", b"\x00", b"{} {}", b"null", b"[]", b"42"):
            with self.assertRaises(trainjob.BadInput, msg=repr(data[:20])):
                trainjob.state(data)

    def test_deep_nesting(self):
        with self.assertRaises(trainjob.BadInput):
            trainjob.validate(b"[" * 5000 + b"]" * 5000)

    def test_bad_now(self):
        tj = load(EXAMPLES, "trainjob.json")
        with self.assertRaises(trainjob.BadInput):
            trainjob.reconcile(tj, None, "yesterday")
        with self.assertRaises(trainjob.InvalidArgument):
            trainjob.reconcile(tj, None, 12345)

    def test_not_json_serializable(self):
        with self.assertRaises(trainjob.InvalidArgument):
            trainjob.state({"kind": object()})
        with self.assertRaises(trainjob.InvalidArgument):
            trainjob.state({"kind": float("nan")})

    def test_unknown_profile(self):
        with self.assertRaises(trainjob.InvalidArgument) as cm:
            trainjob.Options(profile="v9")
        self.assertIn("v9", cm.exception.message)
        self.assertEqual(cm.exception.code, trainjob.E_INVALID_ARGUMENT)
        with self.assertRaises(trainjob.InvalidArgument):
            trainjob.Options(profile="latest\0")

    def test_refused_policies(self):
        for policies in (["Bogus"], ["Complete"], ["Running", "Running"],
                         ["Initialized", "ComponentsCreated", "Accepted", "Progressing", "Started", "Running"]):
            with self.assertRaises(trainjob.PolicyError, msg=policies) as cm:
                trainjob.Options(policies=policies)
            self.assertEqual(cm.exception.code, trainjob.E_POLICY)
            self.assertTrue(cm.exception.message)
        with self.assertRaises(trainjob.PolicyError) as cm:
            trainjob.Options(policies=["Bogus"])
        self.assertIn("Bogus", cm.exception.message)

    def test_policies_with_v19(self):
        # Refused when the options are made, or at the latest when they are used.
        with self.assertRaises(trainjob.PolicyError):
            with trainjob.Options(profile="v1.9", policies=["Initialized"]) as opts:
                trainjob.reconcile(load(STATE, "legacy-created-v1.9.json"), None, "2025-01-20T08:00:05Z",
                                   options=opts)

    def test_closed_options(self):
        opts = trainjob.Options()
        opts.close()
        opts.close()  # idempotent
        self.assertTrue(opts.closed)
        with self.assertRaises(trainjob.InvalidArgument):
            trainjob.plan(load(EXAMPLES, "trainjob.json"), opts)
        with self.assertRaises(trainjob.InvalidArgument):
            trainjob.plan(load(EXAMPLES, "trainjob.json"), options="latest")

    def test_options_freed_when_collected(self):
        for _ in range(200):
            trainjob.Options(policies=["Started"])
        gc.collect()


class ArgumentTest(unittest.TestCase):
    """Every failure is a trainjob.Error subclass, whatever the arguments (issue 17)."""

    def raises(self, cls, fn, *args, **kwargs):
        with self.assertRaises(trainjob.Error) as cm:
            fn(*args, **kwargs)
        self.assertIsInstance(cm.exception, cls, repr(cm.exception))
        self.assertTrue(cm.exception.message)
        return cm.exception

    def test_datetimes_near_year_1_and_9999(self):
        tj = load(EXAMPLES, "trainjob.json")
        tz = datetime.timezone
        hours = lambda h: tz(datetime.timedelta(hours=h))  # noqa: E731
        # In UTC the year is 0000, which datetime cannot hold but the library takes:
        # astimezone() used to raise a bare OverflowError.
        early = datetime.datetime(1, 1, 1, 0, 30, tzinfo=hours(1))
        self.assertEqual(trainjob.reconcile(tj, None, early), trainjob.reconcile(tj, None, "0000-12-31T23:30:00Z"))
        self.assertEqual(trainjob.reconcile(tj, None, datetime.datetime(1, 1, 1, tzinfo=hours(14))),
                         trainjob.reconcile(tj, None, "0000-12-31T10:00:00Z"))
        # Past year 9999 in UTC: the library's refusal, at `now`.
        late = datetime.datetime(9999, 12, 31, 23, 30, tzinfo=hours(-1))
        e = self.raises(trainjob.BadInput, trainjob.reconcile, tj, None, late)
        self.assertEqual(e.path, "now")
        # Offsets in seconds (RFC 3339 has none) are converted here; past datetime's range, refused.
        seconds = lambda s: tz(datetime.timedelta(seconds=s))  # noqa: E731
        self.raises(trainjob.InvalidArgument, trainjob.reconcile, tj, None,
                    datetime.datetime(9999, 12, 31, 23, 59, 59, tzinfo=seconds(-30)))
        self.raises(trainjob.InvalidArgument, trainjob.reconcile, tj, None,
                    datetime.datetime(1, 1, 1, 0, 0, 10, tzinfo=seconds(30)))
        self.assertEqual(trainjob.reconcile(tj, None, datetime.datetime(2025, 6, 12, 9, 0, 30, tzinfo=seconds(30))),
                         trainjob.reconcile(tj, None, "2025-06-12T09:00:00Z"))
        # Offsets, fractions and naive datetimes give what the same instant as text gives.
        for now, text in ((datetime.datetime(2025, 6, 12, 11, 0, 1, 250000, tzinfo=hours(2)), "2025-06-12T09:00:01.25Z"),
                          (datetime.datetime(2025, 6, 12, 4, 0, 1, tzinfo=tz(-datetime.timedelta(hours=5, minutes=30))),
                           "2025-06-12T09:30:01Z"),
                          (datetime.datetime(2025, 6, 12, 9, 0, 1, tzinfo=tz.utc), "2025-06-12T09:00:01Z"),
                          (datetime.datetime(2025, 6, 12, 9, 0, 1), "2025-06-12T09:00:01Z"),
                          (datetime.datetime(9999, 12, 31, 23, 59, 59), "9999-12-31T23:59:59Z")):
            self.assertEqual(trainjob.reconcile(tj, None, now), trainjob.reconcile(tj, None, text), now)

    def test_a_tzinfo_that_fails(self):
        class Broken(datetime.tzinfo):
            def utcoffset(self, dt):
                raise ValueError("no offset today")

        class Wrong(datetime.tzinfo):
            def utcoffset(self, dt):
                return "+01:00"

        tj = load(EXAMPLES, "trainjob.json")
        for tzinfo in (Broken(), Wrong()):
            self.raises(trainjob.InvalidArgument, trainjob.reconcile, tj, None,
                        datetime.datetime(2025, 6, 12, tzinfo=tzinfo))

    def test_a_long_key_is_cut_in_the_path(self):
        tj = load(EXAMPLES, "trainjob.json")
        tj["metadata"]["labels"] = {"k" * 1000000: 5}
        e = self.raises(trainjob.BadInput, trainjob.state, tj)
        self.assertEqual(e.path, 'metadata.labels["' + "k" * 77 + '\u2026" (1000000 bytes)]')
        self.assertLess(len(e.message), 300)

    def test_options_arguments(self):
        with trainjob.Options(policies=None) as opts:  # a TypeError before
            self.assertEqual(opts.policies, ())
        with trainjob.Options(policies="Started") as opts:
            self.assertEqual(opts.policies, ("Started",))
        with trainjob.Options(policies=(p for p in ["Started", "Running"])) as opts:
            self.assertEqual(opts.policies, ("Started", "Running"))

        class NoBool:
            def __bool__(self):
                raise ValueError("ambiguous")

        for kwargs in ({"profile": 5}, {"profile": b"latest"}, {"profile": "lat\ud800est"}, {"profile": ["latest"]},
                       {"policies": 5}, {"policies": b"Started"}, {"policies": {"Started": True}}, {"policies": [5]},
                       {"policies": [None]}, {"policies": ["Sta\0rted"]}, {"policies": ["\udc80"]},
                       {"migrate_legacy_created": NoBool()}):
            self.raises(trainjob.InvalidArgument, trainjob.Options, **kwargs)
        self.raises(trainjob.InvalidArgument, trainjob.Options, profile="")
        self.raises(trainjob.PolicyError, trainjob.Options, policies=[""])

    def test_wrong_types_for_every_function(self):
        tj = load(EXAMPLES, "trainjob.json")
        sc = load(SCENARIOS, "torch-complete.json")
        now = "2025-06-12T09:00:01Z"
        deep = []
        for _ in range(100000):  # json.dumps recurses: a RecursionError before
            deep = [deep]
        for bad in (object(), {1.5j: 1}, {"a": float("inf")}, deep, {(1, 2): 3}):
            for fn in (trainjob.state, trainjob.validate, trainjob.plan, trainjob.replay, trainjob.lint,
                       lambda x: trainjob.reconcile(x, None, now),
                       lambda x: trainjob.reconcile(tj, x, now),
                       lambda x: trainjob.reconcile(tj, None, now, runtime=x),
                       lambda x: trainjob.lint(tj, previous=x)):
                self.raises(trainjob.InvalidArgument, fn, bad)
        # Valid JSON of the wrong shape is bad input; text that is not UTF-8 too.
        for fn in (trainjob.state, trainjob.plan, trainjob.replay, trainjob.lint, trainjob.validate,
                   lambda x: trainjob.reconcile(x, None, now)):
            self.raises(trainjob.BadInput, fn, None)
        for bad in (5, "a string", [], {"kind": "Pod"}, "\ud800"):
            for fn in (trainjob.state, trainjob.plan, trainjob.replay, trainjob.lint,
                       lambda x: trainjob.reconcile(x, None, now),
                       lambda x: trainjob.lint(tj, previous=x)):
                self.raises(trainjob.BadInput, fn, bad)
        self.raises(trainjob.BadInput, trainjob.validate, 5)
        for bad_now in (None, 12345, 1.5, b"2025-06-12T09:00:01Z", datetime.date(2025, 6, 12), ["now"]):
            self.raises(trainjob.InvalidArgument, trainjob.reconcile, tj, None, bad_now)
        self.raises(trainjob.BadInput, trainjob.reconcile, tj, None, "\ud800")
        for key in ("apply_error", "build_error"):
            for bad in (5, b"denied", ["denied"]):
                self.raises(trainjob.InvalidArgument, trainjob.reconcile, tj, None, now, **{key: bad})
            self.raises(trainjob.BadInput, trainjob.reconcile, tj, None, now, **{key: "\udc80"})
        for bad_options in ("latest", 5, {}, object()):
            for fn in (lambda o: trainjob.reconcile(tj, None, now, options=o),
                       lambda o: trainjob.plan(tj, options=o),
                       lambda o: trainjob.replay(sc, options=o),
                       lambda o: trainjob.lint(tj, options=o)):
                self.raises(trainjob.InvalidArgument, fn, bad_options)


class ThreadTest(unittest.TestCase):
    def test_shared_options_many_threads(self):
        tj = load(EXAMPLES, "trainjob.json")
        js = load(EXAMPLES, "jobset.json")
        scenario = load(SCENARIOS, "torch-complete.json")
        state_doc = load(STATE, "resumed-running.json")
        with trainjob.Options(profile="v2.2", policies=["Initialized", "Progressing"]) as opts:
            want_r = trainjob.reconcile(tj, js, "2025-06-11T08:45:12Z", options=opts)
            want_s = trainjob.replay(scenario, opts)
            want_st = trainjob.state(state_doc)
            want_l = trainjob.lint(state_doc, options=opts)

            def work(i):
                kind = i % 5
                if kind == 0:
                    return kind, trainjob.reconcile(tj, js, "2025-06-11T08:45:12Z", options=opts)
                if kind == 1:
                    return kind, trainjob.replay(scenario, opts)
                if kind == 2:
                    return kind, trainjob.state(state_doc)
                if kind == 3:
                    return kind, trainjob.lint(state_doc, options=opts)
                try:
                    trainjob.state(b"\xff")
                except trainjob.BadInput as e:
                    return kind, type(e)
                return kind, None

            want = {0: want_r, 1: want_s, 2: want_st, 3: want_l, 4: trainjob.BadInput}
            with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
                for kind, got in pool.map(work, range(400)):
                    self.assertEqual(got, want[kind])

    def test_options_made_in_many_threads(self):
        def work(i):
            with trainjob.Options(profile=PROFILES[i % len(PROFILES)], policies=["Started"]) as opts:
                return trainjob.plan(load(EXAMPLES, "trainjob.json"), opts)

        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(work, range(100)))
        self.assertTrue(all(r == {"skipped": False, "applyObjects": True} for r in results), results[:3])


if __name__ == "__main__":
    unittest.main()
