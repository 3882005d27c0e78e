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

/// What went wrong and where: `path` is a JSON path such as
/// `status.conditions[2].status` ("" for the document itself).
struct error_info {
  std::string path;
  std::string message;

  /// "path: message", or the message alone at the root.
  std::string to_string() const { return path.empty() ? message : path + ": " + message; }
};

/// Thrown by the throwing decoders.
class decode_error : public std::runtime_error {
 public:
  decode_error(std::string path, std::string message)
      : std::runtime_error(error_info{path, message}.to_string()), info_{std::move(path), std::move(message)} {}
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
  result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  result(error_info error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  /// The value; throws decode_error when there is none.
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
  const error_info& error() const noexcept {
    return ok() ? no_error() : std::get<1>(v_);
  }

 private:
  static const error_info& no_error() noexcept {
    static const error_info none{};
    return none;
  }
  void check() const {
    if (!ok()) throw decode_error(std::get<1>(v_).path, std::get<1>(v_).message);
  }
  std::variant<T, error_info> v_;
};

namespace detail {

/// Runs `f`, turning every exception into an error result.
template <class T, class F>
result<T> capture(F&& f) noexcept {
  try {
    try {
      return result<T>(f());
    } catch (const decode_error& e) {
      return result<T>(e.info());
    } catch (const std::bad_alloc&) {
      return result<T>(error_info{"", "out of memory"});
    } catch (const std::exception& e) {
      return result<T>(error_info{"", e.what()});
    } catch (...) {
      return result<T>(error_info{"", "unknown error"});
    }
  } catch (...) {
    // Building the error itself failed (out of memory): std::terminate is
    // the only alternative, and a default-constructed error_info allocates nothing.
    return result<T>(error_info{});
  }
}

}  // namespace detail
}  // namespace trainjob

#endif
