// trainjob: errors, and the result type of the non-throwing functions.
#ifndef TRAINJOB_ERROR_HPP
#define TRAINJOB_ERROR_HPP

#include <exception>
#include <new>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace trainjob {

/// What kind of error, for callers to branch on; the message text is for
/// people. Every error the library makes has one.
enum class error_kind : unsigned char {
  /// The text is not JSON the library accepts: invalid JSON, a byte order
  /// mark, a NUL byte, a key given twice in one object (parse_json).
  syntax,
  /// A JSON value of the wrong type for its place, or a number its type
  /// cannot hold (an int32 past 2^31, 1e400): Go's UnmarshalTypeError.
  type,
  /// Well-typed but against the API's rules: a required field missing or
  /// null, a bad enum value or time, the wrong kind or apiVersion, an unknown
  /// field where none is allowed, a scenario's time going back, and every
  /// violation validate() reports.
  schema,
  /// Over a bound of parse_limits: the input's size, its nesting depth, or
  /// the memory its tree would take.
  limit,
  /// Memory ran out (std::bad_alloc) while doing the work.
  out_of_memory,
  /// A name the library does not know where it must: a scenario's profile.
  unsupported,
  /// A condition policy refused: an unknown name, two policies owning one
  /// condition type, a built-in type claimed, more than the CRD has room for.
  policy,
  /// Any other exception: a bug in the library.
  internal,
};

/// The kind's name, as written above ("syntax", "out_of_memory", ...).
constexpr const char* to_string(error_kind k) noexcept {
  switch (k) {
    case error_kind::syntax:
      return "syntax";
    case error_kind::type:
      return "type";
    case error_kind::schema:
      return "schema";
    case error_kind::limit:
      return "limit";
    case error_kind::out_of_memory:
      return "out_of_memory";
    case error_kind::unsupported:
      return "unsupported";
    case error_kind::policy:
      return "policy";
    case error_kind::internal:
      return "internal";
  }
  return "internal";
}

/// What went wrong and where: `path` is a JSON path such as
/// `status.conditions[2].status` ("" for the document itself).
struct error_info {
  std::string path;
  std::string message;
  /// Every error the library makes sets it; schema, the commonest, when a
  /// caller builds one without.
  error_kind kind = error_kind::schema;

  /// "path: message", or the message alone at the root.
  std::string to_string() const { return path.empty() ? message : path + ": " + message; }
};

/// Beside its std:: base, every exception the library throws derives from
/// this, so one handler reads the kind: `catch (const trainjob::error& e)`.
class error {
 public:
  error_kind kind() const noexcept { return kind_; }

 protected:
  explicit error(error_kind kind) noexcept : kind_(kind) {}
  error(const error&) = default;
  error& operator=(const error&) = default;
  ~error() = default;

 private:
  error_kind kind_;
};

/// Thrown by the throwing decoders, and by result<T>::value() with the
/// result's error, kind included.
class decode_error : public std::runtime_error, public error {
 public:
  decode_error(std::string path, std::string message, error_kind kind = error_kind::schema)
      : std::runtime_error(error_info{path, message, kind}.to_string()),
        error(kind),
        info_{std::move(path), std::move(message), kind} {}
  explicit decode_error(error_info info)
      : std::runtime_error(info.to_string()), error(info.kind), info_(std::move(info)) {}
  const std::string& path() const noexcept { return info_.path; }
  const std::string& message() const noexcept { return info_.message; }
  const error_info& info() const noexcept { return info_; }

 private:
  error_info info_;
};

/// A value or the error that prevented it; the non-throwing API returns this.
template <class T>
class result {
 public:
  result(T value) : v_(std::in_place_index<0>, std::move(value)) {}           // NOLINT: implicit by design
  result(error_info error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  /// The value; throws decode_error (of the error's kind) when there is none.
  T& value() & {
    check();
    return std::get<0>(v_);
  }
  const T& value() const& {
    check();
    return std::get<0>(v_);
  }
  T&& value() && {
    check();
    return std::get<0>(std::move(v_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  /// The error; only meaningful when !ok().
  const error_info& error() const noexcept { return ok() ? no_error() : std::get<1>(v_); }

 private:
  static const error_info& no_error() noexcept {
    static const error_info none{};
    return none;
  }
  void check() const {
    if (!ok()) throw decode_error(std::get<1>(v_));
  }
  std::variant<T, error_info> v_;
};

namespace detail {

/// An exception as an error: its message, and its kind when the library
/// threw it, out_of_memory for std::bad_alloc, internal for anything else.
inline error_info error_of(const std::exception& e) {
  if (const auto* d = dynamic_cast<const decode_error*>(&e)) return d->info();
  if (dynamic_cast<const std::bad_alloc*>(&e) != nullptr) {
    return error_info{"", "out of memory", error_kind::out_of_memory};
  }
  const auto* k = dynamic_cast<const error*>(&e);
  return error_info{"", e.what(), k != nullptr ? k->kind() : error_kind::internal};
}

/// Runs `f`, turning every exception into an error result.
template <class T, class F>
result<T> capture(F&& f) noexcept {
  try {
    try {
      return result<T>(f());
    } catch (const std::exception& e) {
      return result<T>(error_of(e));
    } catch (...) {
      return result<T>(error_info{"", "unknown error", error_kind::internal});
    }
  } catch (...) {
    // Building the error itself failed (out of memory): std::terminate is
    // the only alternative, and an error_info with empty strings allocates nothing.
    error_info none;
    none.kind = error_kind::out_of_memory;
    return result<T>(std::move(none));
  }
}

}  // namespace detail
}  // namespace trainjob

#endif
