package trainjob

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// repo is the repository root: $TRAINJOB_REPO, else the parent of this directory.
func repo(t testing.TB) string {
	t.Helper()
	if r := os.Getenv("TRAINJOB_REPO"); r != "" {
		return r
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Dir(wd)
}

func read(t testing.TB, parts ...string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(append([]string{repo(t)}, parts...)...))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func str(s string) *string { return &s }

// triples gives (type, status, reason) of each condition.
func triples(t testing.TB, r *ReconcileResult) [][3]string {
	t.Helper()
	cs, err := r.Conditions()
	if err != nil {
		t.Fatal(err)
	}
	out := [][3]string{}
	for _, c := range cs {
		out = append(out, [3]string{c.Type, c.Status, c.Reason})
	}
	return out
}

func newOptions(t testing.TB, profile string, policies ...string) *Options {
	t.Helper()
	o, err := NewOptions(profile, policies...)
	if err != nil {
		t.Fatalf("NewOptions(%q, %q): %v", profile, policies, err)
	}
	t.Cleanup(func() { o.Close() })
	return o
}

const jobSetLegacy = `{"apiVersion": "jobset.x-k8s.io/v1alpha2", "kind": "JobSet",
 "metadata": {"name": "pytorch-simple", "namespace": "default", "generation": 1, "creationTimestamp": "2025-01-20T08:00:01Z"},
 "status": {"conditions": [{"type": "Completed", "status": "True", "lastTransitionTime": "2025-01-20T08:09:30Z",
                            "reason": "AllJobsCompleted", "message": "jobset completed successfully"}],
            "terminalState": "Completed",
            "replicatedJobsStatus": [{"name": "node", "ready": 0, "succeeded": 1, "failed": 0, "active": 0, "suspended": 0}]}}`

func TestVersion(t *testing.T) {
	v := Version()
	if !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(v) {
		t.Fatalf("Version() = %q", v)
	}
	m := regexp.MustCompile(`(?s)project\(.*?VERSION\s+(\d+\.\d+\.\d+)`).FindSubmatch(read(t, "CMakeLists.txt"))
	if m == nil || string(m[1]) != v {
		t.Errorf("Version() = %q, the project's is %q", v, m)
	}
	if LibraryABIVersion() != ABIVersion {
		t.Errorf("library ABI %d, header %d", LibraryABIVersion(), ABIVersion)
	}
}

func TestReconcile(t *testing.T) {
	tj, js := read(t, "examples", "trainjob.json"), read(t, "examples", "jobset.json")
	r, err := Reconcile(nil, ReconcileRequest{TrainJob: tj, JobSet: js, Now: mustTime(t, "2025-06-11T08:45:12Z")})
	if err != nil {
		t.Fatal(err)
	}
	want := [][3]string{{"Suspended", "False", "Resumed"}, {"Complete", "True", "AllJobsCompleted"}}
	if got := triples(t, r); !reflect.DeepEqual(got, want) {
		t.Errorf("conditions %v, want %v", got, want)
	}
	if !r.Changed || len(r.Errors) != 0 || r.Skipped {
		t.Errorf("result %+v", r)
	}

	// The same as JSON, with a time zone and a fraction: the same result.
	raw, err := ReconcileJSON(nil, []byte(`{"trainjob": `+string(tj)+`, "jobset": `+string(js)+
		`, "now": "2025-06-11T10:45:12.75+02:00"}`))
	if err != nil {
		t.Fatal(err)
	}
	var fromJSON ReconcileResult
	if err := json.Unmarshal(raw, &fromJSON); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(triples(t, &fromJSON), want) || fromJSON.Changed != r.Changed {
		t.Errorf("ReconcileJSON: %s", raw)
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(raw, &keys); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"status", "changed", "applyObjects", "deleteJobSet", "requeueAfterSeconds", "skipped", "errors", "events"} {
		if _, ok := keys[k]; !ok {
			t.Errorf("no %q in %s", k, raw)
		}
	}

	// A second pass on the result changes nothing.
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(tj, &doc); err != nil {
		t.Fatal(err)
	}
	doc["status"] = r.Status
	tj2, _ := json.Marshal(doc)
	r2, err := Reconcile(nil, ReconcileRequest{TrainJob: tj2, JobSet: js, Now: mustTime(t, "2025-06-11T08:50:00Z")})
	if err != nil {
		t.Fatal(err)
	}
	if r2.Changed || !bytes.Equal(r2.Status, r.Status) {
		t.Errorf("second pass changed: %s", r2.Status)
	}
}

func TestReconcilePolicies(t *testing.T) {
	tj, js := read(t, "examples", "trainjob.json"), read(t, "examples", "jobset.json")
	opts := newOptions(t, "", "Initialized", "ComponentsCreated")
	r, err := Reconcile(opts, ReconcileRequest{TrainJob: tj, JobSet: js, Now: mustTime(t, "2025-06-11T08:45:12Z")})
	if err != nil {
		t.Fatal(err)
	}
	want := [][3]string{{"Initialized", "True", "ObjectsBuilt"}, {"ComponentsCreated", "True", "ComponentsCreated"},
		{"Suspended", "False", "Resumed"}, {"Complete", "True", "AllJobsCompleted"}}
	if got := triples(t, r); !reflect.DeepEqual(got, want) {
		t.Errorf("conditions %v, want %v", got, want)
	}

	// An apply error: ComponentsCreated=False(ApplyFailed), the error reported.
	r, err = Reconcile(opts, ReconcileRequest{TrainJob: tj, Now: mustTime(t, "2025-06-11T08:45:12Z"),
		ApplyError: str("the server is on fire")})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range triples(t, r) {
		found = found || c == [3]string{"ComponentsCreated", "False", "ApplyFailed"}
	}
	if !found || len(r.Errors) == 0 || !strings.Contains(strings.Join(r.Errors, "\n"), "the server is on fire") {
		t.Errorf("apply error: %+v %s", r, r.Status)
	}

	// A build error: the Warning event, Initialized=False(BuildFailed).
	r, err = Reconcile(opts, ReconcileRequest{TrainJob: read(t, "tests", "data", "state", "pending.json"),
		Now: mustTime(t, "2025-06-12T15:00:01Z"), BuildError: str("runtime torch-distributed: invalid mlPolicy")})
	if err != nil {
		t.Fatal(err)
	}
	// latest records with the events.k8s.io recorder: the action is "Reconciling".
	wantEvents := []Event{{Type: "Warning", Reason: "TrainJobResourcesCreationFailed",
		Message: "TrainJob resources reconciliation failed: runtime torch-distributed: invalid mlPolicy",
		Action:  "Reconciling"}}
	if !reflect.DeepEqual(r.Events, wantEvents) {
		t.Errorf("events %+v", r.Events)
	}
	if got := triples(t, r); !reflect.DeepEqual(got, [][3]string{{"Initialized", "False", "BuildFailed"}}) {
		t.Errorf("conditions %v", got)
	}
}

func TestEventActionFormatAndRefusal(t *testing.T) {
	pending := read(t, "tests", "data", "state", "pending.json")
	long := strings.Repeat("\u00e9", 500) // 1,000 bytes: the note is 1,046 bytes
	for profile, action := range map[string]string{"v2.0": "", "v2.1": "", "v2.2": "Reconciling", "v2.3": "Reconciling", "latest": "Reconciling"} {
		opts := newOptions(t, profile)
		r, err := Reconcile(opts, ReconcileRequest{TrainJob: pending, Now: mustTime(t, "2025-06-12T15:00:01Z"),
			BuildError: str("100% used: %d")})
		if err != nil {
			t.Fatal(err)
		}
		want := "TrainJob resources reconciliation failed: 100% used: %d"
		if action != "" {
			want = "TrainJob resources reconciliation failed: 100%!u(MISSING)sed: %!d(MISSING)"
		}
		if len(r.Events) != 1 || r.Events[0].Action != action || r.Events[0].Message != want || r.Events[0].Refused != nil {
			t.Errorf("%s: events %+v", profile, r.Events)
		}
		r, err = Reconcile(opts, ReconcileRequest{TrainJob: pending, Now: mustTime(t, "2025-06-12T15:00:01Z"),
			BuildError: str(long)})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Events) != 1 || (r.Events[0].Refused != nil) != (action != "") {
			t.Errorf("%s: long note: events %+v", profile, r.Events)
		}
	}
}

func TestReconcileRuntime(t *testing.T) {
	runtimeJSON := []byte(`{"apiVersion": "trainer.kubeflow.org/v1alpha1", "kind": "TrainingRuntime",
 "metadata": {"name": "prep-and-train", "namespace": "default"},
 "spec": {"mlPolicy": {"numNodes": 1, "torch": {}},
          "template": {"spec": {"replicatedJobs": [
            {"name": "prep", "replicas": 1, "template": {"metadata": {"labels": {"trainer.kubeflow.org/trainjob-ancestor-step": "dataset-initializer"}}}},
            {"name": "workers", "replicas": 1, "template": {"metadata": {"labels": {"trainer.kubeflow.org/trainjob-ancestor-step": "trainer"}}}}]}}}}`)
	js := []byte(`{"apiVersion": "jobset.x-k8s.io/v1alpha2", "kind": "JobSet",
 "metadata": {"name": "multi-step-example", "namespace": "default", "generation": 1, "creationTimestamp": "2025-06-12T11:00:01Z"},
 "spec": {"replicatedJobs": [{"name": "prep", "replicas": 1}, {"name": "workers", "replicas": 1}]},
 "status": {"replicatedJobsStatus": [
   {"name": "prep", "ready": 0, "succeeded": 1, "failed": 0, "active": 0, "suspended": 0},
   {"name": "workers", "ready": 1, "succeeded": 0, "failed": 0, "active": 1, "suspended": 0}]}}`)
	opts := newOptions(t, "v2.1", "DatasetInitialized", "Trained")
	req := ReconcileRequest{TrainJob: read(t, "tests", "data", "state", "failed.json"), JobSet: js,
		Now: mustTime(t, "2025-06-12T11:05:00Z"), Runtime: runtimeJSON}
	steps := func(r *ReconcileResult) [][3]string {
		out := [][3]string{}
		for _, c := range triples(t, r) {
			if c[0] == "DatasetInitialized" || c[0] == "Trained" {
				out = append(out, c)
			}
		}
		return out
	}
	r, err := Reconcile(opts, req)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := steps(r), [][3]string{{"DatasetInitialized", "True", "Succeeded"}, {"Trained", "False", "Running"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("with the runtime: %v, want %v", got, want)
	}
	req.Runtime = nil
	if r, err = Reconcile(opts, req); err != nil {
		t.Fatal(err)
	}
	if got := steps(r); len(got) != 0 {
		t.Errorf("without the runtime: %v", got)
	}
}

func TestV19AndMigration(t *testing.T) {
	legacy := read(t, "tests", "data", "state", "legacy-created-v1.9.json")
	now := mustTime(t, "2025-01-20T08:09:31Z")
	v19 := newOptions(t, "v1.9")
	if v19.Profile() != "v1.9" {
		t.Errorf("Profile() = %q", v19.Profile())
	}
	r, err := Reconcile(v19, ReconcileRequest{TrainJob: legacy, JobSet: []byte(jobSetLegacy), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	want := [][3]string{{"Created", "True", "JobsCreationSucceeded"}, {"Complete", "True", "AllJobsCompleted"}}
	if got := triples(t, r); !reflect.DeepEqual(got, want) || !r.Changed || bytes.Contains(r.Status, []byte("jobsStatus")) {
		t.Errorf("v1.9: %v changed=%v %s", got, r.Changed, r.Status)
	}
	r, err = Reconcile(v19, ReconcileRequest{TrainJob: legacy, Now: mustTime(t, "2025-01-20T08:00:05Z"),
		BuildError: str("failed to build JobSet")})
	if err != nil {
		t.Fatal(err)
	}
	// The read error is joined with the pass's result; Created is still written.
	if !reflect.DeepEqual(r.Errors, []string{"failed to build JobSet", "jobset not found"}) || !r.Changed ||
		!reflect.DeepEqual(triples(t, r), [][3]string{{"Created", "False", "JobsBuildFailed"}}) {
		t.Errorf("v1.9 build error: %+v %s", r, r.Status)
	}

	migrate := newOptions(t, "")
	if err := migrate.SetMigrateLegacyCreated(true); err != nil {
		t.Fatal(err)
	}
	if !migrate.MigrateLegacyCreated() {
		t.Error("MigrateLegacyCreated() = false")
	}
	r, err = Reconcile(migrate, ReconcileRequest{TrainJob: legacy, JobSet: []byte(jobSetLegacy), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if got := triples(t, r); !reflect.DeepEqual(got, [][3]string{{"Complete", "True", "AllJobsCompleted"}}) || !r.Changed {
		t.Errorf("migrated: %v changed=%v", got, r.Changed)
	}

	// Policies are refused with v1.9 (ErrPolicy), when the options are made or used.
	o, err := NewOptions("v1.9", "Initialized")
	if err == nil {
		defer o.Close()
		_, err = Reconcile(o, ReconcileRequest{TrainJob: legacy, Now: now})
	}
	if !errors.Is(err, ErrPolicy) {
		t.Errorf("v1.9 with a policy: %v", err)
	}
}

func TestPlan(t *testing.T) {
	p, err := Plan(nil, read(t, "examples", "trainjob.json"))
	if err != nil {
		t.Fatal(err)
	}
	if *p != (PlanResult{Skipped: false, ApplyObjects: true}) {
		t.Errorf("plan %+v", p)
	}
	var sc struct {
		TrainJob json.RawMessage `json:"trainjob"`
	}
	if err := json.Unmarshal(read(t, "tests", "scenarios", "managedby-multikueue.json"), &sc); err != nil {
		t.Fatal(err)
	}
	for profile, skipped := range map[string]bool{"v2.2": false, "v2.3": true, "latest": true} {
		p, err := Plan(newOptions(t, profile), sc.TrainJob)
		if err != nil {
			t.Fatal(err)
		}
		if p.Skipped != skipped {
			t.Errorf("%s: managedBy MultiKueue skipped=%v", profile, p.Skipped)
		}
	}
}

func TestReplayEveryScenario(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(repo(t), "tests", "scenarios", "*.json"))
	if err != nil || len(files) < 10 {
		t.Fatalf("scenarios: %v %v", files, err)
	}
	for _, profile := range []string{"v2.0", "v2.1", "v2.2", "v2.3", "latest"} {
		opts := newOptions(t, profile)
		for _, f := range files {
			scenario, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			expected, err := os.ReadFile(strings.TrimSuffix(f, ".json") + "." + profile + ".expected.jsonl")
			if err != nil {
				t.Fatal(err)
			}
			raw, err := ReplayJSON(opts, scenario)
			if err != nil {
				t.Fatalf("%s %s: %v", filepath.Base(f), profile, err)
			}
			var got []json.RawMessage
			if err := json.Unmarshal(raw, &got); err != nil {
				t.Fatal(err)
			}
			var want []string
			sc := bufio.NewScanner(bytes.NewReader(expected))
			sc.Buffer(nil, 1<<24)
			for sc.Scan() {
				if line := strings.TrimSpace(sc.Text()); line != "" {
					want = append(want, line)
				}
			}
			if len(got) != len(want) {
				t.Errorf("%s %s: %d steps, want %d", filepath.Base(f), profile, len(got), len(want))
				continue
			}
			for i := range got {
				if !jsonEqual(t, got[i], []byte(want[i])) {
					t.Errorf("%s %s step %d:\n got %s\nwant %s", filepath.Base(f), profile, i, got[i], want[i])
				}
			}
			// The typed form agrees.
			steps, err := Replay(opts, scenario)
			if err != nil || len(steps) != len(want) {
				t.Fatalf("Replay: %d steps, %v", len(steps), err)
			}
			for i, s := range steps {
				if s.Step != i || s.Now == "" {
					t.Errorf("%s step %d: %+v", filepath.Base(f), i, s)
				}
			}
		}
	}
}

func jsonEqual(t testing.TB, a, b []byte) bool {
	t.Helper()
	var x, y interface{}
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatal(err)
	}
	return reflect.DeepEqual(x, y)
}

func TestReplayPolicy(t *testing.T) {
	steps, err := Replay(newOptions(t, "latest", "Started"), read(t, "tests", "scenarios", "deadline-exceeded.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range steps {
		s := s
		found := false
		for _, c := range triples(t, &s.ReconcileResult) {
			found = found || c[0] == "Started"
		}
		if !found {
			t.Errorf("step %d: no Started: %s", s.Step, s.Status)
		}
	}
}

func TestValidate(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(repo(t), "tests", "data", "upstream", "*.json"))
	if len(files) < 20 {
		t.Fatalf("upstream files: %d", len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		v, err := Validate(b)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		if !v.Valid || len(v.Objects) != 1 || len(v.Objects[0].Violations) != 0 {
			t.Errorf("%s: %+v", filepath.Base(f), v)
		}
	}

	bad := bytes.Replace(read(t, "tests", "data", "state", "complete.json"), []byte(`"reason": "AllJobsCompleted"`),
		[]byte(`"reason": "not a reason"`), 1)
	v, err := Validate(bad)
	if err != nil {
		t.Fatal(err)
	}
	if v.Valid || len(v.Objects) != 1 || len(v.Objects[0].Violations) == 0 {
		t.Fatalf("violations expected: %+v", v)
	}
	if p := v.Objects[0].Violations[0].Path; !strings.HasPrefix(p, "status.conditions[") || !strings.Contains(p, "reason") {
		t.Errorf("violation path %q", p)
	}
}

func TestLint(t *testing.T) {
	state := func(f string) []byte { return read(t, "tests", "data", "state", f) }
	for _, f := range []string{"complete.json", "failed.json", "suspended.json", "pending.json"} {
		l, err := Lint(nil, state(f), nil)
		if err != nil || len(l.Findings) != 0 {
			t.Errorf("%s: %+v %v", f, l, err)
		}
	}
	l, err := Lint(nil, state("resumed-running.json"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Findings) != 1 || l.Findings[0].Rule != "misleading-state-column" || l.Findings[0].Path != "status.conditions[0]" ||
		l.Findings[0].Severity != "warning" {
		t.Errorf("resumed-running: %+v", l)
	}
	l, err = Lint(nil, read(t, "tests", "data", "lint", "terminal-removed.current.json"),
		read(t, "tests", "data", "lint", "terminal-removed.previous.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Findings) != 1 || l.Findings[0].Rule != "terminal-condition-removed" {
		t.Errorf("--previous: %+v", l)
	}
	l, err = Lint(newOptions(t, "", "Initialized", "ComponentsCreated", "Started"), state("complete.json"), state("complete.json"))
	if err != nil || len(l.Findings) != 0 {
		t.Errorf("with policies: %+v %v", l, err)
	}
}

func TestState(t *testing.T) {
	current := KStatus{"Current", "Resource is current"}
	cases := map[string]StateResult{
		"resumed-running.json": {"Suspended", "Running", current, KStatus{"InProgress", "TrainJob is running"}, "Created"},
		"suspended.json":       {"Suspended", "Suspended", current, KStatus{"Current", "TrainJob is suspended"}, "Created"},
		"complete.json": {"Complete", "Complete", current, KStatus{"Current",
			"TrainJob completed (AllJobsCompleted): jobset completed successfully"}, "Complete"},
		"deleted.json": {"", "Running", KStatus{"Terminating", "Resource scheduled for deletion"},
			KStatus{"Terminating", "TrainJob scheduled for deletion"}, "Created"},
		"pending.json": {"", "Created", current, KStatus{"InProgress", "TrainJob is waiting for its JobSet"}, "Created"},
	}
	for f, want := range cases {
		got, err := State(read(t, "tests", "data", "state", f))
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if *got != want {
			t.Errorf("%s: %+v, want %+v", f, *got, want)
		}
	}
}

func TestErrors(t *testing.T) {
	complete := read(t, "tests", "data", "state", "complete.json")
	maybe := bytes.Replace(complete, []byte(`"status": "True"`), []byte(`"status": "Maybe"`), 1)
	if bytes.Equal(maybe, complete) {
		t.Fatal("test data: no condition status to break")
	}
	now := mustTime(t, "2025-06-12T09:30:00Z")

	calls := map[string]func([]byte) error{
		"State":     func(b []byte) error { _, err := State(b); return err },
		"Validate":  func(b []byte) error { _, err := Validate(b); return err },
		"Plan":      func(b []byte) error { _, err := Plan(nil, b); return err },
		"Lint":      func(b []byte) error { _, err := Lint(nil, b, nil); return err },
		"Reconcile": func(b []byte) error { _, err := Reconcile(nil, ReconcileRequest{TrainJob: b, Now: now}); return err },
	}
	for name, call := range calls {
		err := call(maybe)
		var te *Error
		if !errors.As(err, &te) || !errors.Is(err, ErrBadInput) || errors.Is(err, ErrInvalidArgument) {
			t.Errorf("%s: %v is not a bad input *Error", name, err)
			continue
		}
		if te.Code != CodeBadInput || !strings.HasSuffix(te.Path, "status.conditions[0].status") ||
			!strings.Contains(te.Message, "Maybe") || !strings.Contains(err.Error(), te.Message) {
			t.Errorf("%s: %#v", name, te)
		}
		// Invalid UTF-8, truncated JSON, nothing at all, deep nesting.
		for _, in := range [][]byte{
			bytes.Replace(complete, []byte("jobset completed successfully"), []byte("jobset \xff\xfe completed"), 1),
			complete[:len(complete)/2], nil, []byte("{} {}"),
			[]byte(strings.Repeat("[", 5000) + strings.Repeat("]", 5000)),
		} {
			if err := call(in); !errors.Is(err, ErrBadInput) {
				t.Errorf("%s(%.20q): %v", name, in, err)
			}
		}
	}
	if _, err := Lint(nil, complete, []byte("\xc3\x28")); !errors.Is(err, ErrBadInput) {
		t.Errorf("Lint with a bad previous: %v", err)
	}
	if _, err := ReconcileJSON(nil, []byte(`{"trainjob": `+string(complete)+`, "jobset": null, "now": "yesterday"}`)); !errors.Is(err, ErrBadInput) {
		t.Errorf("bad now: %v", err)
	}
	if _, err := Reconcile(nil, ReconcileRequest{TrainJob: complete}); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("zero Now: %v", err)
	}
	if _, err := Reconcile(nil, ReconcileRequest{Now: now}); !errors.Is(err, ErrBadInput) || err.(*Error).Path != "trainjob" {
		t.Errorf("no TrainJob: %v", err)
	}

	// Options: an unknown profile, refused policies.
	_, err := NewOptions("v9")
	var te *Error
	if !errors.As(err, &te) || te.Code != CodeInvalidArgument || !strings.Contains(te.Message, "v9") {
		t.Errorf("profile v9: %v", err)
	}
	if _, err := NewOptions("latest\x00"); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("profile with NUL: %v", err)
	}
	for _, policies := range [][]string{{"Bogus"}, {"Complete"}, {"Running", "Running"},
		{"Initialized", "ComponentsCreated", "Accepted", "Progressing", "Started", "Running"}} {
		_, err := NewOptions("", policies...)
		if !errors.Is(err, ErrPolicy) || errors.Is(err, ErrBadInput) {
			t.Errorf("policies %v: %v", policies, err)
		}
	}
	if _, err := NewOptions("", "Bogus"); err == nil || !strings.Contains(err.Error(), "Bogus") {
		t.Errorf("unknown policy not named: %v", err)
	}

	// A closed Options.
	o := newOptions(t, "")
	o.Close()
	o.Close()
	if _, err := Plan(o, complete); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("closed options: %v", err)
	}
	if err := o.SetMigrateLegacyCreated(true); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("closed options: %v", err)
	}

	// errors.Is: only the same code; the sentinels are distinct.
	e := &Error{Code: CodePolicy, Message: "x"}
	if !errors.Is(e, ErrPolicy) || errors.Is(e, ErrBadInput) || errors.Is(e, ErrNoMemory) || errors.Is(e, ErrInternal) {
		t.Error("errors.Is on codes")
	}
	if newError(CodeBadInput, "invalid JSON: parse error").Path != "" {
		t.Error("a message without a path has no Path")
	}
	if p := newError(CodeBadInput, `metadata.labels["app.kubernetes.io/name"]: too long`).Path; p != `metadata.labels["app.kubernetes.io/name"]` {
		t.Errorf("quoted path %q", p)
	}
	// A long key is cut in the path, with its length (issue 17).
	if p := newError(CodeBadInput, `metadata.labels["kk…" (1048576 bytes)].x: expected a string`).Path; p != `metadata.labels["kk…" (1048576 bytes)].x` {
		t.Errorf("cut path %q", p)
	}
}

func TestUnicode(t *testing.T) {
	msg := "größer ✓ 日本語 🚀"
	tj := bytes.Replace(read(t, "tests", "data", "state", "complete.json"), []byte("jobset completed successfully"),
		[]byte(msg), 1)
	r, err := Reconcile(nil, ReconcileRequest{TrainJob: tj, Now: mustTime(t, "2025-06-12T09:30:00Z")})
	if err != nil {
		t.Fatal(err)
	}
	cs, _ := r.Conditions()
	found := false
	for _, c := range cs {
		found = found || c.Message == msg
	}
	if !found {
		t.Errorf("message lost: %s", r.Status)
	}
}

func TestConcurrency(t *testing.T) {
	tj, js := read(t, "examples", "trainjob.json"), read(t, "examples", "jobset.json")
	scenario := read(t, "tests", "scenarios", "torch-complete.json")
	running := read(t, "tests", "data", "state", "resumed-running.json")
	opts := newOptions(t, "v2.2", "Initialized", "Progressing")
	req := ReconcileRequest{TrainJob: tj, JobSet: js, Now: mustTime(t, "2025-06-11T08:45:12Z")}

	wantR, err := ReconcileJSON(opts, mustEncode(t, req))
	if err != nil {
		t.Fatal(err)
	}
	wantS, err := ReplayJSON(opts, scenario)
	if err != nil {
		t.Fatal(err)
	}
	wantL, err := LintJSON(opts, running, nil)
	if err != nil {
		t.Fatal(err)
	}

	const goroutines, rounds = 16, 25
	var wg sync.WaitGroup
	errs := make(chan error, goroutines*rounds)
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < rounds; i++ {
				var got, want []byte
				var err error
				switch (g + i) % 4 {
				case 0:
					got, err = ReconcileJSON(opts, mustEncode(t, req))
					want = wantR
				case 1:
					got, err = ReplayJSON(opts, scenario)
					want = wantS
				case 2:
					got, err = LintJSON(opts, running, nil)
					want = wantL
				default:
					if _, e := State([]byte("\xff")); !errors.Is(e, ErrBadInput) {
						errs <- e
					}
					continue
				}
				if err != nil {
					errs <- err
				} else if !bytes.Equal(got, want) {
					errs <- errors.New("different output under concurrency")
				}
			}
		}(g)
	}
	// Options made and closed meanwhile, and a finalizer or two.
	for i := 0; i < 50; i++ {
		o, err := NewOptions("latest", "Started")
		if err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			o.Close()
		}
	}
	runtime.GC()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func mustEncode(t testing.TB, req ReconcileRequest) []byte {
	b, err := req.encode()
	if err != nil {
		t.Error(err)
	}
	return b
}
