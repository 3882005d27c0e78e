package trainjob

import (
	"encoding/json"
	"time"
)

// ReconcileRequest is what one controller pass observed.
type ReconcileRequest struct {
	// TrainJob is the TrainJob read, as JSON (required).
	TrainJob json.RawMessage `json:"trainjob"`
	// JobSet is the JobSet as the status step reads it, after this pass's
	// apply, as JSON; nil means NotFound.
	JobSet json.RawMessage `json:"jobset"`
	// Now is the time of the pass (kept at second precision).
	Now time.Time `json:"now"`
	// ApplyError is the error message of this pass's apply, if any.
	ApplyError *string `json:"applyError,omitempty"`
	// BuildError is the error message of building the child objects, if any.
	BuildError *string `json:"buildError,omitempty"`
	// Runtime is the TrainingRuntime or ClusterTrainingRuntime whose step
	// labels policies read, as JSON; nil for none.
	Runtime json.RawMessage `json:"runtime,omitempty"`
}

// Event is a Kubernetes event the controller would record.
type Event struct {
	Type    string `json:"type"`
	Reason  string `json:"reason"`
	Message string `json:"message"`
	// Action is the events.k8s.io Event's action ("Reconciling", v2.2 and
	// later); empty for core events (v2.0, v2.1).
	Action string `json:"action,omitempty"`
	// Refused is set when the API server refuses to store the Event (its note
	// is over 1,024 bytes), with the server's reason; upstream then records nothing.
	Refused *string `json:"refused,omitempty"`
}

// ReconcileResult is the outcome of one pass.
type ReconcileResult struct {
	// Status is the TrainJob's new status, as the API server would store it.
	Status json.RawMessage `json:"status"`
	// Changed is true exactly when Status differs from the status read:
	// write the status subresource only then.
	Changed      bool `json:"changed"`
	ApplyObjects bool `json:"applyObjects"`
	DeleteJobSet bool `json:"deleteJobSet"`
	// RequeueAfterSeconds is nil when no requeue is needed.
	RequeueAfterSeconds *int64   `json:"requeueAfterSeconds"`
	Skipped             bool     `json:"skipped"`
	Errors              []string `json:"errors"`
	Events              []Event  `json:"events"`
	// Rejected lists, as "path: message", why the API server would refuse to
	// store Status (it breaks the TrainJob CRD's schema); empty otherwise.
	// Upstream's pass then fails and requeues, and the stored status stays.
	Rejected []string `json:"rejected,omitempty"`
}

// Condition is a metav1.Condition as the library writes it.
type Condition struct {
	Type               string `json:"type"`
	Status             string `json:"status"`
	ObservedGeneration int64  `json:"observedGeneration,omitempty"`
	LastTransitionTime string `json:"lastTransitionTime"`
	Reason             string `json:"reason"`
	Message            string `json:"message"`
}

// Conditions decodes status.conditions of the result.
func (r *ReconcileResult) Conditions() ([]Condition, error) {
	var s struct {
		Conditions []Condition `json:"conditions"`
	}
	if len(r.Status) == 0 {
		return nil, nil
	}
	if err := json.Unmarshal(r.Status, &s); err != nil {
		return nil, err
	}
	return s.Conditions, nil
}

// PlanResult is the first half of a pass, before the JobSet is read.
type PlanResult struct {
	Skipped      bool `json:"skipped"`
	ApplyObjects bool `json:"applyObjects"`
}

// ReplayStep is one step of a replayed scenario.
type ReplayStep struct {
	ReconcileResult
	Step int    `json:"step"`
	Now  string `json:"now"`
}

// Violation is one rule of the schema an object breaks.
type Violation struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

// ValidatedObject is one object validated (a List gives one per item).
type ValidatedObject struct {
	Path       string      `json:"path"`
	Kind       string      `json:"kind"`
	Name       string      `json:"name"`
	Violations []Violation `json:"violations"`
}

// ValidationResult says whether every object is valid, and why not.
type ValidationResult struct {
	Valid   bool              `json:"valid"`
	Objects []ValidatedObject `json:"objects"`
}

// Finding is one finding of the linter.
type Finding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Path     string `json:"path"`
	Message  string `json:"message"`
}

// LintResult holds the linter's findings (none: clean).
type LintResult struct {
	Findings []Finding `json:"findings"`
}

// KStatus is a result in kstatus' words: InProgress, Current, Failed, Terminating
// (or Unknown, where cli-utils' status.Compute returns an error), with a message.
type KStatus struct {
	Status  string `json:"status"`
	Message string `json:"message"`
}

// StateResult holds the state summaries of a TrainJob.
type StateResult struct {
	// StateColumn is the State column as `kubectl get trainjob` shows it ("" when no condition).
	StateColumn string `json:"stateColumn"`
	// State is the state for people: Complete, Failed, Suspended, Running or Created.
	State string `json:"state"`
	// KStatus is exactly what sigs.k8s.io/cli-utils (v0.37.2) status.Compute returns.
	KStatus KStatus `json:"kstatus"`
	// Health is the TrainJob-aware judgment in kstatus' words.
	Health KStatus `json:"health"`
	// SDKStatus is the Kubeflow Python SDK's TrainJob.status (no pods seen).
	SDKStatus string `json:"sdkStatus"`
}
