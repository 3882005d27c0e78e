// Package trainjob computes the status conditions of Kubeflow Trainer's
// TrainJob exactly as the upstream controller does, release by release, by
// calling libtrainjob_c (the C ABI of the trainjob library) through cgo.
//
// Objects go in and come out as JSON, the same JSON the API server serves and
// the trainjob-conditions tool reads and prints:
//
//	opts, err := trainjob.NewOptions("v2.2", "Started")
//	if err != nil { ... }
//	defer opts.Close()
//	res, err := trainjob.Reconcile(opts, trainjob.ReconcileRequest{
//		TrainJob: tjJSON, JobSet: jsJSON, Now: time.Now(),
//	})
//	if errors.Is(err, trainjob.ErrBadInput) { ... }
//	if res.Changed { /* write res.Status to the status subresource */ }
//
// Build with the header and the library on the paths cgo uses, e.g.
//
//	CGO_CFLAGS=-I<repo>/include CGO_LDFLAGS="-L<dir> -Wl,-rpath,<dir>" go build
//
// or with the flags of the installed pkg-config file trainjob-c.pc (from
// `cmake --install`, or Debian's libtrainjob-c-dev, which needs none in /usr):
//
//	CGO_CFLAGS="$(pkg-config --cflags trainjob-c)" CGO_LDFLAGS="$(pkg-config --libs trainjob-c)" go build
//
// The module is not published: a program's go.mod requires it and points at a
// checkout,
//
//	require github.com/trainjob/trainjob-go v0.0.0
//	replace github.com/trainjob/trainjob-go => /path/to/trainjob/go
//
// Every function may be called from many goroutines at once, and they may
// share one *Options.
package trainjob

/*
#cgo LDFLAGS: -ltrainjob_c
#include <stdlib.h>
#include <string.h>
#include <trainjob/trainjob_c.h>
*/
import "C"

import (
	"bytes"
	"encoding/json"
	"runtime"
	"strings"
	"sync"
	"time"
	"unsafe"
)

// ABIVersion is the C ABI version this package was compiled against.
const ABIVersion = int(C.TRAINJOB_C_ABI_VERSION)

// Version is the library's version, "MAJOR.MINOR.PATCH".
func Version() string { return C.GoString(C.trainjob_version()) }

// LibraryABIVersion is the C ABI version the loaded library was built with.
func LibraryABIVersion() int { return int(C.trainjob_abi_version()) }

// Options are reconcile settings: a profile, shipped condition policies and
// the migration of a legacy Created condition. The zero value is not usable:
// make one with NewOptions. A nil *Options means the defaults (the latest
// release, no policies). An *Options may be shared by many goroutines; the
// methods that change it wait for the calls using it to return.
type Options struct {
	mu       sync.RWMutex
	ptr      *C.trainjob_options
	profile  string
	policies []string
	migrate  bool
}

// NewOptions makes options for a profile ("v1.9", "v2.0", "v2.1", "v2.2",
// "v2.3" or "latest"; "" leaves the library's default, latest, and lets Replay
// use the scenario's own profile) with the given shipped policies enabled (at
// most 5). The error is ErrInvalidArgument for an unknown profile, ErrPolicy
// for a refused policy. Call Close when done (a finalizer frees it otherwise).
func NewOptions(profile string, policies ...string) (*Options, error) {
	o := &Options{profile: profile, policies: append([]string(nil), policies...)}
	var cerr *C.char
	if rc := C.trainjob_options_new(&o.ptr, &cerr); rc != C.TRAINJOB_OK {
		return nil, takeError(rc, cerr)
	}
	runtime.SetFinalizer(o, (*Options).Close)
	if profile != "" {
		if err := o.withCString(profile, "profile", func(s *C.char) C.int {
			return C.trainjob_options_set_profile(o.ptr, s, &cerr)
		}, &cerr); err != nil {
			o.Close()
			return nil, err
		}
	}
	for _, p := range policies {
		if err := o.withCString(p, "policy", func(s *C.char) C.int {
			return C.trainjob_options_add_policy(o.ptr, s, &cerr)
		}, &cerr); err != nil {
			o.Close()
			return nil, err
		}
	}
	return o, nil
}

func (o *Options) withCString(value, what string, f func(*C.char) C.int, cerr **C.char) error {
	if strings.IndexByte(value, 0) >= 0 {
		return &Error{Code: CodeInvalidArgument, Message: what + ": contains a NUL byte"}
	}
	s := C.CString(value)
	defer C.free(unsafe.Pointer(s))
	*cerr = nil
	if rc := f(s); rc != C.TRAINJOB_OK {
		return takeError(rc, *cerr)
	}
	return nil
}

// SetMigrateLegacyCreated makes reconcile remove a leftover legacy Created
// condition (reported as a change). It waits for calls using o to return.
func (o *Options) SetMigrateLegacyCreated(enabled bool) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.ptr == nil {
		return errClosed
	}
	v := C.int(0)
	if enabled {
		v = 1
	}
	if rc := C.trainjob_options_set_migrate_legacy_created(o.ptr, v); rc != C.TRAINJOB_OK {
		return takeError(rc, nil)
	}
	o.migrate = enabled
	return nil
}

// Profile is the profile given to NewOptions ("" for the default).
func (o *Options) Profile() string { return o.profile }

// Policies are the policies given to NewOptions.
func (o *Options) Policies() []string { return append([]string(nil), o.policies...) }

// MigrateLegacyCreated tells whether SetMigrateLegacyCreated(true) was called.
func (o *Options) MigrateLegacyCreated() bool {
	o.mu.RLock()
	defer o.mu.RUnlock()
	return o.migrate
}

// Close frees the options; it waits for calls using them to return, and may be
// called more than once. Later calls with o fail with ErrInvalidArgument.
func (o *Options) Close() error {
	if o == nil {
		return nil
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.ptr != nil {
		C.trainjob_options_free(o.ptr)
		o.ptr = nil
	}
	runtime.SetFinalizer(o, nil)
	return nil
}

var errClosed = &Error{Code: CodeInvalidArgument, Message: "options: closed"}

// use returns the handle (NULL for nil options) and the function that ends its use.
func (o *Options) use() (*C.trainjob_options, func(), error) {
	if o == nil {
		return nil, func() {}, nil
	}
	o.mu.RLock()
	if o.ptr == nil {
		o.mu.RUnlock()
		return nil, nil, errClosed
	}
	return o.ptr, func() { o.mu.RUnlock(); runtime.KeepAlive(o) }, nil
}

// takeError turns a status and the library's message into an *Error, freeing the message.
func takeError(rc C.int, cerr *C.char) error {
	var msg string
	if cerr != nil {
		msg = C.GoString(cerr)
		C.trainjob_free(cerr)
	} else {
		msg = C.GoString(C.trainjob_status_string(rc))
	}
	return newError(Code(rc), msg)
}

// takeOutput returns the output of a call, freeing what the library returned.
func takeOutput(rc C.int, out, cerr *C.char) ([]byte, error) {
	if rc != C.TRAINJOB_OK {
		C.trainjob_free(out)
		return nil, takeError(rc, cerr)
	}
	C.trainjob_free(cerr)
	if out == nil {
		return nil, &Error{Code: CodeInternal, Message: "the library returned no output"}
	}
	defer C.trainjob_free(out)
	return C.GoBytes(unsafe.Pointer(out), C.int(C.strlen(out))), nil
}

var nothing = [1]byte{0}

// cBytes points C at the bytes of b (not copied; no Go pointers inside).
func cBytes(b []byte) (*C.char, C.size_t) {
	if len(b) == 0 {
		return (*C.char)(unsafe.Pointer(&nothing[0])), 0
	}
	return (*C.char)(unsafe.Pointer(&b[0])), C.size_t(len(b))
}

type optionsCall func(opts *C.trainjob_options, in *C.char, n C.size_t, out, cerr **C.char) C.int

func callWithOptions(o *Options, in []byte, f optionsCall) ([]byte, error) {
	h, done, err := o.use()
	if err != nil {
		return nil, err
	}
	defer done()
	p, n := cBytes(in)
	var out, cerr *C.char
	rc := f(h, p, n, &out, &cerr)
	runtime.KeepAlive(in)
	return takeOutput(rc, out, cerr)
}

// ReconcileJSON runs one pass on a request given as JSON:
//
//	{"trainjob": <TrainJob>, "jobset": <JobSet>|null, "now": TIME,
//	 "applyError"?: TEXT, "buildError"?: TEXT, "runtime"?: <(Cluster)TrainingRuntime>}
//
// and returns the result as JSON. opts may be nil.
func ReconcileJSON(opts *Options, request []byte) ([]byte, error) {
	return callWithOptions(opts, request, func(h *C.trainjob_options, p *C.char, n C.size_t, out, cerr **C.char) C.int {
		return C.trainjob_reconcile(h, p, n, out, cerr)
	})
}

// encode writes the request as the library reads it; the raw messages are
// passed on exactly as given.
func (req *ReconcileRequest) encode() ([]byte, error) {
	if len(req.TrainJob) == 0 {
		return nil, newError(CodeBadInput, "trainjob: no JSON (ReconcileRequest.TrainJob is empty)")
	}
	if req.Now.IsZero() {
		return nil, &Error{Code: CodeInvalidArgument, Message: "now: ReconcileRequest.Now is zero"}
	}
	var b bytes.Buffer
	b.WriteString(`{"trainjob":`)
	b.Write(req.TrainJob)
	b.WriteString(`,"jobset":`)
	if len(req.JobSet) == 0 {
		b.WriteString("null")
	} else {
		b.Write(req.JobSet)
	}
	b.WriteString(`,"now":"`)
	b.WriteString(req.Now.UTC().Format(time.RFC3339Nano))
	b.WriteString(`"`)
	for _, s := range []struct {
		key   string
		value *string
	}{{"applyError", req.ApplyError}, {"buildError", req.BuildError}} {
		if s.value == nil {
			continue
		}
		v, err := json.Marshal(*s.value)
		if err != nil {
			return nil, &Error{Code: CodeInvalidArgument, Message: s.key + ": " + err.Error()}
		}
		b.WriteString(`,"` + s.key + `":`)
		b.Write(v)
	}
	if len(req.Runtime) != 0 {
		b.WriteString(`,"runtime":`)
		b.Write(req.Runtime)
	}
	b.WriteString("}")
	return b.Bytes(), nil
}

// Reconcile runs one controller pass. opts may be nil (latest, no policies).
func Reconcile(opts *Options, req ReconcileRequest) (*ReconcileResult, error) {
	request, err := req.encode()
	if err != nil {
		return nil, err
	}
	out, err := ReconcileJSON(opts, request)
	if err != nil {
		return nil, err
	}
	var r ReconcileResult
	if err := decode(out, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// PlanJSON is Plan with the result as JSON: {"skipped": bool, "applyObjects": bool}.
func PlanJSON(opts *Options, trainJob []byte) ([]byte, error) {
	return callWithOptions(opts, trainJob, func(h *C.trainjob_options, p *C.char, n C.size_t, out, cerr **C.char) C.int {
		return C.trainjob_plan(h, p, n, out, cerr)
	})
}

// Plan is the first half of a pass, before the JobSet is read: whether the
// pass is skipped and whether it applies the child objects.
func Plan(opts *Options, trainJob []byte) (*PlanResult, error) {
	out, err := PlanJSON(opts, trainJob)
	if err != nil {
		return nil, err
	}
	var r PlanResult
	if err := decode(out, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// ReplayJSON is Replay with the result as a JSON array.
func ReplayJSON(opts *Options, scenario []byte) ([]byte, error) {
	return callWithOptions(opts, scenario, func(h *C.trainjob_options, p *C.char, n C.size_t, out, cerr **C.char) C.int {
		return C.trainjob_replay(h, p, n, out, cerr)
	})
}

// Replay replays a scenario file, one step per pass. The options' profile
// overrides the scenario's only when one was given to NewOptions.
func Replay(opts *Options, scenario []byte) ([]ReplayStep, error) {
	out, err := ReplayJSON(opts, scenario)
	if err != nil {
		return nil, err
	}
	var r []ReplayStep
	if err := decode(out, &r); err != nil {
		return nil, err
	}
	return r, nil
}

// ValidateJSON is Validate with the result as JSON.
func ValidateJSON(object []byte) ([]byte, error) {
	p, n := cBytes(object)
	var out, cerr *C.char
	rc := C.trainjob_validate(p, n, &out, &cerr)
	runtime.KeepAlive(object)
	return takeOutput(rc, out, cerr)
}

// Validate decodes a TrainJob, (Cluster)TrainingRuntime, JobSet or a List of
// them and validates it. Violations are in the result, not an error; an object
// that cannot be decoded is (ErrBadInput).
func Validate(object []byte) (*ValidationResult, error) {
	out, err := ValidateJSON(object)
	if err != nil {
		return nil, err
	}
	var r ValidationResult
	if err := decode(out, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// LintJSON is Lint with the result as JSON.
func LintJSON(opts *Options, trainJob, previous []byte) ([]byte, error) {
	h, done, err := opts.use()
	if err != nil {
		return nil, err
	}
	defer done()
	p, n := cBytes(trainJob)
	var prev *C.char
	var prevLen C.size_t
	if previous != nil {
		prev, prevLen = cBytes(previous)
	}
	var out, cerr *C.char
	rc := C.trainjob_lint(h, p, n, prev, prevLen, &out, &cerr)
	runtime.KeepAlive(trainJob)
	runtime.KeepAlive(previous)
	return takeOutput(rc, out, cerr)
}

// Lint checks a TrainJob against the condition-design rules, against the
// previous TrainJob when previous is not nil, and the options' policies.
func Lint(opts *Options, trainJob, previous []byte) (*LintResult, error) {
	out, err := LintJSON(opts, trainJob, previous)
	if err != nil {
		return nil, err
	}
	var r LintResult
	if err := decode(out, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// StateJSON is State with the result as JSON.
func StateJSON(trainJob []byte) ([]byte, error) {
	p, n := cBytes(trainJob)
	var out, cerr *C.char
	rc := C.trainjob_state(p, n, &out, &cerr)
	runtime.KeepAlive(trainJob)
	return takeOutput(rc, out, cerr)
}

// State gives the state summaries of a TrainJob: the State column, the state
// for people, the exact kstatus result, the health judgment and the Python SDK's status.
func State(trainJob []byte) (*StateResult, error) {
	out, err := StateJSON(trainJob)
	if err != nil {
		return nil, err
	}
	var r StateResult
	if err := decode(out, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

func decode(out []byte, v interface{}) error {
	if err := json.Unmarshal(out, v); err != nil {
		return &Error{Code: CodeInternal, Message: "decoding the library's output: " + err.Error()}
	}
	return nil
}
