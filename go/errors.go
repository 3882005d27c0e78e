package trainjob

import (
	"fmt"
	"regexp"
)

// Code is a trainjob_status: 0 for success, negative for an error.
type Code int

// The status codes of the C ABI (trainjob_status).
const (
	CodeOK              Code = 0
	CodeInvalidArgument Code = -1 // a missing argument, an unknown profile or option value
	CodeBadInput        Code = -2 // the JSON or the object in it is invalid (the message names the path)
	CodePolicy          Code = -3 // a policy was refused (unknown, conflicting, too many)
	CodeNoMemory        Code = -4
	CodeInternal        Code = -5 // anything else: a bug in the library
)

// String is the C library's short name for the code ("bad input", ...).
func (c Code) String() string {
	switch c {
	case CodeOK:
		return "ok"
	case CodeInvalidArgument:
		return "invalid argument"
	case CodeBadInput:
		return "bad input"
	case CodePolicy:
		return "policy refused"
	case CodeNoMemory:
		return "out of memory"
	case CodeInternal:
		return "internal error"
	}
	return fmt.Sprintf("status %d", int(c))
}

// Error is an error the library reported. Message is the library's message as
// it is; Path is the JSON path it names (`status.conditions[2].status`), or ""
// when it names none.
//
// Test the kind of an error with errors.Is against the sentinels:
//
//	if errors.Is(err, trainjob.ErrBadInput) { ... }
//
// or get at the details with errors.As:
//
//	var te *trainjob.Error
//	if errors.As(err, &te) { log.Print(te.Path) }
type Error struct {
	Code    Code
	Path    string
	Message string
}

func (e *Error) Error() string {
	if e.Message == "" {
		return "trainjob: " + e.Code.String()
	}
	return "trainjob: " + e.Code.String() + ": " + e.Message
}

// Is reports whether target is the sentinel of e's code (ErrBadInput, ...), or
// an *Error with the same code, path and message.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok {
		return false
	}
	if t.Path == "" && t.Message == "" {
		return t.Code == e.Code
	}
	return *t == *e
}

// Sentinels for errors.Is: one per status code.
var (
	ErrInvalidArgument = &Error{Code: CodeInvalidArgument}
	ErrBadInput        = &Error{Code: CodeBadInput}
	ErrPolicy          = &Error{Code: CodePolicy}
	ErrNoMemory        = &Error{Code: CodeNoMemory}
	ErrInternal        = &Error{Code: CodeInternal}
)

// A JSON path as the library writes it: `status.conditions[2].status`,
// `metadata.labels["app.kubernetes.io/name"]`, `[0].spec`, then ": "; a long key
// is cut, with its length: `metadata.labels["kkkk…" (1048576 bytes)]`.
var pathRE = regexp.MustCompile(`^((?:[A-Za-z0-9_-]+|` + quoted + `)(?:\.[A-Za-z0-9_-]+|` + quoted + `)*): `)

const quoted = `\[(?:[0-9]+|"(?:[^"\\]|\\.)*"(?: \([0-9]+ bytes\))?)\]`

// newError builds an *Error from a status code and the library's message.
func newError(code Code, message string) *Error {
	e := &Error{Code: code, Message: message}
	if code == CodeBadInput {
		if m := pathRE.FindStringSubmatch(message); m != nil {
			e.Path = m[1]
		}
	}
	return e
}
