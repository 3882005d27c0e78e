"""trainjob: Kubeflow Trainer TrainJob status conditions, from Python.

A thin ctypes binding over the C ABI of ``libtrainjob_c.so``
(``include/trainjob/trainjob_c.h``): dicts in, dicts out, exceptions on errors.

    import trainjob

    with trainjob.Options(profile="v2.2", policies=["Started"]) as opts:
        result = trainjob.reconcile(tj, jobset, "2025-06-10T09:00:01Z", options=opts)
    if result["changed"]:
        write_status(result["status"])

The library is looked up, in order, at the path in the ``TRAINJOB_C_LIBRARY``
environment variable (a build tree), where ``cmake --install`` put it (recorded,
relative to this package, in the generated ``trainjob/_paths.py``: a relocated
prefix, such as an unpacked Debian package, still works), with
``ctypes.util.find_library("trainjob_c")``, and next to this package. Every function is safe to call from many threads at once, and an
``Options`` may be shared between them (it cannot be changed once made).

Objects are given as dicts (encoded as UTF-8 JSON) or as ``bytes`` holding JSON
text, passed to the library exactly as given (so a caller can hand over what it
read from the API server without decoding it, invalid UTF-8 included).
"""

import ctypes
import ctypes.util
import datetime as _dt
import json
import os
import re
import sys
import threading
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Union

__all__ = [
    "ABI_VERSION",
    "Error",
    "InvalidArgument",
    "BadInput",
    "PolicyError",
    "NoMemory",
    "InternalError",
    "LibraryNotFound",
    "library_path",
    "Options",
    "version",
    "abi_version",
    "reconcile",
    "plan",
    "replay",
    "validate",
    "lint",
    "state",
]

#: The C ABI version this module speaks (TRAINJOB_C_ABI_VERSION).
ABI_VERSION = 1

#: An object as the functions take it: a dict (encoded as UTF-8 JSON) or JSON text as bytes.
JSONInput = Union[Mapping[str, Any], bytes, bytearray]
#: A result: the library's JSON output, decoded.
JSONObject = Dict[str, Any]

OK = 0
E_INVALID_ARGUMENT = -1
E_BAD_INPUT = -2
E_POLICY = -3
E_NO_MEMORY = -4
E_INTERNAL = -5


# ------------------------------------------------------------------------------------------
# Errors


class Error(Exception):
    """An error the library reported: ``code`` (a negative trainjob_status) and
    ``message`` (the library's message, as is)."""

    code: Optional[int] = None

    def __init__(self, message: str, code: Optional[int] = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.message


class InvalidArgument(Error, ValueError):
    """TRAINJOB_E_INVALID_ARGUMENT: a missing argument, an unknown profile or option value."""

    code = E_INVALID_ARGUMENT


# A JSON path as the library writes it: `status.conditions[2].status`,
# `metadata.labels["app.kubernetes.io/name"]`, `[0].spec`; a long key cut, with its
# length: `metadata.labels["kkkk…" (1048576 bytes)]`.
_QUOTED = r'\[(?:[0-9]+|"(?:[^"\\]|\\.)*"(?: \([0-9]+ bytes\))?)\]'
_PATH_RE = re.compile(r"^((?:[A-Za-z0-9_-]+|" + _QUOTED + r")(?:\.[A-Za-z0-9_-]+|" + _QUOTED + r")*): ")


def _parse_path(message: str) -> Optional[str]:
    m = _PATH_RE.match(message)
    return m.group(1) if m else None


class BadInput(Error, ValueError):
    """TRAINJOB_E_BAD_INPUT: the JSON, or the object in it, is invalid.

    ``path`` is the JSON path the message names (``status.conditions[2].status``),
    or None when the message names none (invalid JSON, invalid UTF-8)."""

    code = E_BAD_INPUT

    def __init__(self, message: str, code: Optional[int] = None) -> None:
        super().__init__(message, code)
        self.path: Optional[str] = _parse_path(message)


class PolicyError(Error, ValueError):
    """TRAINJOB_E_POLICY: a policy was refused (unknown, conflicting, too many)."""

    code = E_POLICY


class NoMemory(Error, MemoryError):
    """TRAINJOB_E_NO_MEMORY."""

    code = E_NO_MEMORY


class InternalError(Error, RuntimeError):
    """TRAINJOB_E_INTERNAL (or a status this module does not know): a bug, please report it."""

    code = E_INTERNAL


class LibraryNotFound(Error, OSError):
    """libtrainjob_c could not be found or loaded, or speaks another ABI version."""


_ERRORS = {
    E_INVALID_ARGUMENT: InvalidArgument,
    E_BAD_INPUT: BadInput,
    E_POLICY: PolicyError,
    E_NO_MEMORY: NoMemory,
    E_INTERNAL: InternalError,
}


# ------------------------------------------------------------------------------------------
# Loading the library

_lib = None
_lib_path: Optional[str] = None
_lib_lock = threading.Lock()

_c_char_pp = ctypes.POINTER(ctypes.c_void_p)  # char** (the strings are read, then freed)


def _candidates() -> Iterator[str]:
    env = os.environ.get("TRAINJOB_C_LIBRARY")
    if env:
        yield env
        return  # an explicit choice is never second-guessed
    here = os.path.dirname(os.path.abspath(__file__))
    try:
        from . import _paths  # written by `cmake --install`; absent in the source tree
    except ImportError:
        pass
    else:
        yield os.path.normpath(os.path.join(here, _paths.LIBRARY))
    found = ctypes.util.find_library("trainjob_c")
    if found:
        yield found
    if sys.platform == "win32":
        names = ["trainjob_c.dll", "libtrainjob_c.dll"]
    elif sys.platform == "darwin":
        names = ["libtrainjob_c.dylib"]
    else:
        names = ["libtrainjob_c.so"]
        try:
            names += sorted((n for n in os.listdir(here) if n.startswith("libtrainjob_c.so.")), reverse=True)
        except OSError:
            pass
    for n in names:
        p = os.path.join(here, n)
        if os.path.exists(p):
            yield p


def _declare(lib):
    vp, sz, ci, cp = ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_char_p
    sigs = {
        "trainjob_version": (cp, []),
        "trainjob_abi_version": (ci, []),
        "trainjob_status_string": (cp, [ci]),
        "trainjob_free": (None, [vp]),
        "trainjob_options_new": (ci, [ctypes.POINTER(vp), _c_char_pp]),
        "trainjob_options_free": (None, [vp]),
        "trainjob_options_set_profile": (ci, [vp, cp, _c_char_pp]),
        "trainjob_options_add_policy": (ci, [vp, cp, _c_char_pp]),
        "trainjob_options_set_migrate_legacy_created": (ci, [vp, ci]),
        "trainjob_reconcile": (ci, [vp, cp, sz, _c_char_pp, _c_char_pp]),
        "trainjob_plan": (ci, [vp, cp, sz, _c_char_pp, _c_char_pp]),
        "trainjob_replay": (ci, [vp, cp, sz, _c_char_pp, _c_char_pp]),
        "trainjob_validate": (ci, [cp, sz, _c_char_pp, _c_char_pp]),
        "trainjob_lint": (ci, [vp, cp, sz, cp, sz, _c_char_pp, _c_char_pp]),
        "trainjob_state": (ci, [cp, sz, _c_char_pp, _c_char_pp]),
    }
    for name, (restype, argtypes) in sigs.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes


def _library():
    global _lib, _lib_path
    lib = _lib
    if lib is not None:
        return lib
    with _lib_lock:
        if _lib is not None:
            return _lib
        tried = []
        for path in _candidates():
            try:
                lib = ctypes.CDLL(path)
                _declare(lib)
            except (OSError, AttributeError) as e:
                tried.append("%s (%s)" % (path, e))
                continue
            abi = lib.trainjob_abi_version()
            if abi != ABI_VERSION:
                raise LibraryNotFound(
                    "%s: ABI version %d, this module needs %d" % (path, abi, ABI_VERSION))
            _lib_path = path
            _lib = lib
            return lib
        raise LibraryNotFound(
            ("libtrainjob_c could not be loaded; tried " + ", ".join(tried)) if tried else
            "libtrainjob_c not found: set TRAINJOB_C_LIBRARY to its path")


def _take_string(lib, ptr):
    """Reads a string the library returned and frees it."""
    if not ptr:
        return None
    try:
        return ctypes.string_at(ptr)
    finally:
        lib.trainjob_free(ptr)


def _raise(lib, rc, err_ptr):
    raw = _take_string(lib, err_ptr)
    if raw is None:
        status = lib.trainjob_status_string(rc)
        message = status.decode("utf-8", "replace") if status else "status %d" % rc
    else:
        message = raw.decode("utf-8", "replace")
    cls = _ERRORS.get(rc, InternalError)
    raise cls(message, rc)


def _call(fn, *args):
    """Calls fn(*args, &out, &err) and returns the output, decoded from JSON."""
    lib = _library()
    out = ctypes.c_void_p()
    err = ctypes.c_void_p()
    rc = fn(*args, ctypes.byref(out), ctypes.byref(err))
    text = _take_string(lib, out.value)
    if rc != OK:
        _raise(lib, rc, err.value)
    _take_string(lib, err.value)  # never set on success; freed if it were
    if text is None:
        raise InternalError("the library returned no output", E_INTERNAL)
    try:
        return json.loads(text.decode("utf-8"))
    except ValueError as e:  # UnicodeDecodeError and JSONDecodeError included
        raise InternalError("the library returned output that is not UTF-8 JSON: %s" % e, E_INTERNAL) from None


# ------------------------------------------------------------------------------------------
# Encoding


def _encode(value, what):
    """JSON text (bytes) for a dict/list/..., or bytes given as they are."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except UnicodeEncodeError as e:
        raise BadInput("%s: cannot be encoded as UTF-8: %s" % (what, e), E_BAD_INPUT) from None
    except (TypeError, ValueError) as e:
        raise InvalidArgument("%s: cannot be encoded as JSON: %s" % (what, e), E_INVALID_ARGUMENT) from None
    except RecursionError:
        raise InvalidArgument("%s: cannot be encoded as JSON: nested too deeply" % what, E_INVALID_ARGUMENT) from None
    except MemoryError:
        raise NoMemory("%s: out of memory encoding it as JSON" % what, E_NO_MEMORY) from None


def _format_time(now):
    if isinstance(now, _dt.datetime):
        try:
            offset = now.utcoffset()
        except Exception as e:  # a tzinfo that fails or returns something else
            raise InvalidArgument("now: the datetime's utcoffset() failed: %s" % e, E_INVALID_ARGUMENT) from None
        text = "%04d-%02d-%02dT%02d:%02d:%02d" % (now.year, now.month, now.day, now.hour, now.minute, now.second)
        if now.microsecond:
            text += ".%06d" % now.microsecond
        # A naive datetime is taken as UTC.
        if offset is None or not offset:
            return text + "Z"
        minutes, rest = divmod(offset, _dt.timedelta(minutes=1))
        if not rest:
            # Written with its offset, for the library to convert: astimezone() would raise
            # OverflowError near year 1 or 9999, where the time in UTC may still be valid (the
            # library takes years 0000 to 9999 in UTC, and says BadInput past them).
            sign = "-" if minutes < 0 else "+"
            minutes = abs(minutes)
            return text + "%s%02d:%02d" % (sign, minutes // 60, minutes % 60)
        # An offset with seconds, which RFC 3339 cannot write: converted here.
        try:
            utc = (now.replace(tzinfo=None) - offset)
        except OverflowError:
            raise InvalidArgument("now: %s is outside the years datetime can hold once converted to UTC"
                                  % now.isoformat(), E_INVALID_ARGUMENT) from None
        return _format_time(utc)
    if isinstance(now, str):
        return now
    raise InvalidArgument("now: expected a str or a datetime, got %s" % type(now).__name__, E_INVALID_ARGUMENT)


def _c_name(value, what):
    if not isinstance(value, str):
        raise InvalidArgument("%s: expected a str, got %s" % (what, type(value).__name__), E_INVALID_ARGUMENT)
    if "\0" in value:
        raise InvalidArgument("%s: contains a NUL character" % what, E_INVALID_ARGUMENT)
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError as e:
        raise InvalidArgument("%s: %s" % (what, e), E_INVALID_ARGUMENT) from None


# ------------------------------------------------------------------------------------------
# Options


class Options:
    """Reconcile settings: a profile, shipped condition policies, legacy migration.

    ``profile``: "v1.9", "v2.0", "v2.1", "v2.2", "v2.3" or "latest"; None (the
    default) leaves the library's default, "latest", except that ``replay`` then
    uses the scenario's own profile. ``policies``: names of shipped policies (at
    most 5): a list, one str, or None for none. Immutable once made, so one Options may be shared by many threads.
    Frees its handle in ``close()`` (or as a context manager, or when collected).
    """

    def __init__(
        self, profile: Optional[str] = None, policies: Iterable[str] = (), migrate_legacy_created: bool = False
    ) -> None:
        self._handle = None
        self._users = 0
        self._closed = False
        self._lock = threading.Lock()
        if policies is None:
            policies = ()
        elif isinstance(policies, str):
            policies = (policies,)
        elif isinstance(policies, (bytes, bytearray, memoryview, dict)):
            raise InvalidArgument("policies: expected a str or a list of str, got %s" % type(policies).__name__,
                                  E_INVALID_ARGUMENT)
        try:
            policies = tuple(policies)
        except TypeError:
            raise InvalidArgument("policies: expected a str or a list of str, got %s" % type(policies).__name__,
                                  E_INVALID_ARGUMENT) from None
        try:
            migrate = bool(migrate_legacy_created)
        except Exception:  # a __bool__ that raises (an array of several values, ...)
            raise InvalidArgument("migrate_legacy_created: expected a bool, got %s"
                                  % type(migrate_legacy_created).__name__, E_INVALID_ARGUMENT) from None
        self._profile = profile
        self._policies = policies
        self._migrate = migrate

        profile_c = None if profile is None else _c_name(profile, "profile")
        policies_c = [_c_name(p, "policy") for p in self._policies]
        lib = _library()
        self._lib = lib  # kept for __del__ at interpreter exit
        handle = ctypes.c_void_p()
        err = ctypes.c_void_p()
        rc = lib.trainjob_options_new(ctypes.byref(handle), ctypes.byref(err))
        if rc != OK:
            _raise(lib, rc, err.value)
        self._handle = handle.value
        try:
            if profile_c is not None:
                self._check(lib.trainjob_options_set_profile(self._handle, profile_c, ctypes.byref(err)), err)
            for p in policies_c:
                self._check(lib.trainjob_options_add_policy(self._handle, p, ctypes.byref(err)), err)
            rc = lib.trainjob_options_set_migrate_legacy_created(self._handle, 1 if self._migrate else 0)
            if rc != OK:
                _raise(lib, rc, None)
        except BaseException:
            self.close()
            raise

    def _check(self, rc, err):
        if rc != OK:
            _raise(self._lib, rc, err.value)

    @property
    def profile(self) -> Optional[str]:
        """The profile given, or None for the library's default."""
        return self._profile

    @property
    def policies(self) -> List[str]:
        """The policies given, in order."""
        return self._policies

    @property
    def migrate_legacy_created(self) -> bool:
        """Whether a legacy (v1.9) Created condition is migrated."""
        return self._migrate

    @property
    def closed(self) -> bool:
        """Whether close() was called (the handle is freed once no call uses it)."""
        return self._closed

    def _acquire(self):
        with self._lock:
            if self._closed or self._handle is None:
                raise InvalidArgument("Options is closed", E_INVALID_ARGUMENT)
            self._users += 1
            return self._handle

    def _release(self):
        with self._lock:
            self._users -= 1
            if self._closed and self._users == 0:
                self._free_locked()

    def _free_locked(self):
        handle, self._handle = self._handle, None
        if handle is not None:
            self._lib.trainjob_options_free(handle)

    def close(self) -> None:
        """Frees the handle; calls still running with it finish first. Idempotent."""
        lock = getattr(self, "_lock", None)
        if lock is None:
            return
        with lock:
            self._closed = True
            if self._users == 0:
                self._free_locked()

    def __enter__(self) -> "Options":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:  # interpreter shutdown
            pass

    def __repr__(self) -> str:
        return "Options(profile=%r, policies=%r, migrate_legacy_created=%r%s)" % (
            self._profile, list(self._policies), self._migrate, ", closed" if self._closed else "")


class _Using:
    """The handle of an Options (or NULL) for the duration of one call."""

    def __init__(self, options):
        if options is not None and not isinstance(options, Options):
            raise InvalidArgument("options: expected a trainjob.Options or None, got %s" % type(options).__name__,
                                  E_INVALID_ARGUMENT)
        self._options = options

    def __enter__(self):
        return None if self._options is None else self._options._acquire()

    def __exit__(self, *exc):
        if self._options is not None:
            self._options._release()


# ------------------------------------------------------------------------------------------
# The functions


def library_path() -> str:
    """The path libtrainjob_c was loaded from (loading it now if it was not yet)."""
    _library()
    assert _lib_path is not None
    return _lib_path


def version() -> str:
    """The library's version, "MAJOR.MINOR.PATCH"."""
    return _library().trainjob_version().decode("utf-8")


def abi_version() -> int:
    """The library's C ABI version."""
    return _library().trainjob_abi_version()


def reconcile(
    trainjob: JSONInput,
    jobset: Optional[JSONInput],
    now: Union[str, _dt.datetime],
    *,
    apply_error: Optional[str] = None,
    build_error: Optional[str] = None,
    runtime: Optional[JSONInput] = None,
    options: "Optional[Options]" = None,
) -> JSONObject:
    """One controller pass.

    ``trainjob``: the TrainJob read; ``jobset``: the JobSet as the status step reads
    it, after this pass's apply (None: NotFound); ``now``: an RFC 3339 str or a
    datetime (naive: UTC); ``apply_error``/``build_error``: the error message of
    this pass's apply/build, if any; ``runtime``: the (Cluster)TrainingRuntime
    whose step labels policies read.

    Returns {"status", "changed", "applyObjects", "deleteJobSet",
    "requeueAfterSeconds", "skipped", "errors", "events"}; each event is
    {"type", "reason", "message"} plus "action" (v2.2+: "Reconciling") and
    "refused" (the API server's reason, when it would not store the event) when
    set; "rejected" (["path: message", ...]) is present only when the API
    server would refuse the status write.
    """
    parts = [
        b'{"trainjob":', _encode(trainjob, "trainjob"),
        b',"jobset":', b"null" if jobset is None else _encode(jobset, "jobset"),
        b',"now":', _encode(_format_time(now), "now"),
    ]
    for key, value in (("applyError", apply_error), ("buildError", build_error)):
        if value is not None:
            if not isinstance(value, str):
                raise InvalidArgument("%s: expected a str, got %s" % (key, type(value).__name__), E_INVALID_ARGUMENT)
            parts += [b',"', key.encode("ascii"), b'":', _encode(value, key)]
    if runtime is not None:
        parts += [b',"runtime":', _encode(runtime, "runtime")]
    parts.append(b"}")
    request = b"".join(parts)
    lib = _library()
    with _Using(options) as handle:
        return _call(lib.trainjob_reconcile, handle, request, len(request))


def plan(trainjob: JSONInput, options: "Optional[Options]" = None) -> JSONObject:
    """The first half of a pass, before the JobSet is read: {"skipped", "applyObjects"}."""
    data = _encode(trainjob, "trainjob")
    lib = _library()
    with _Using(options) as handle:
        return _call(lib.trainjob_plan, handle, data, len(data))


def replay(scenario: JSONInput, options: "Optional[Options]" = None) -> List[JSONObject]:
    """Replays a scenario; one dict per step (the reconcile keys plus "step" and "now").

    The options' profile overrides the scenario's only when one was given."""
    data = _encode(scenario, "scenario")
    lib = _library()
    with _Using(options) as handle:
        return _call(lib.trainjob_replay, handle, data, len(data))


def validate(obj: JSONInput) -> JSONObject:
    """Decodes and validates a TrainJob, (Cluster)TrainingRuntime, JobSet or List:
    {"valid", "objects": [{"path", "kind", "name", "violations": [{"path", "message"}]}]}.
    Violations are not an exception; input that cannot be decoded is (BadInput)."""
    data = _encode(obj, "object")
    lib = _library()
    return _call(lib.trainjob_validate, data, len(data))


def lint(
    trainjob: JSONInput, previous: Optional[JSONInput] = None, options: "Optional[Options]" = None
) -> JSONObject:
    """Lints a TrainJob (against the previous one, if given) and the options' policies:
    {"findings": [{"rule", "severity", "path", "message"}]}."""
    data = _encode(trainjob, "trainjob")
    prev = None if previous is None else _encode(previous, "previous")
    lib = _library()
    with _Using(options) as handle:
        return _call(lib.trainjob_lint, handle, data, len(data), prev, 0 if prev is None else len(prev))


def state(trainjob: JSONInput) -> JSONObject:
    """State summaries: {"stateColumn", "state", "kstatus": {"status", "message"},
    "health": {"status", "message"}, "sdkStatus"}. kstatus is what sigs.k8s.io/cli-utils
    computes; health is the TrainJob-aware judgment; sdkStatus the Kubeflow Python SDK's."""
    data = _encode(trainjob, "trainjob")
    lib = _library()
    return _call(lib.trainjob_state, data, len(data))
