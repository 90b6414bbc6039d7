#pragma once
// Errors are values: every fallible core function returns Result<T>. No exceptions anywhere in the
// core, so the WebAssembly build (exceptions disabled) behaves exactly like the native one.
#include <cstdlib>
#include <string>
#include <utility>
#include <variant>

#include "core/base/printable.hpp"

namespace mm {

// A problem a user can act on. `message` is one complete sentence that already names the place
// (file, JSON path, option); `where` repeats the place alone for tools that want to highlight it.
// make_error makes both printable (core/printable.hpp): they quote names and text from the input.
struct Diagnostic {
    std::string message;
    std::string where;
};

inline Diagnostic make_error(std::string message, std::string where = {}) {
    return Diagnostic{printable_text(message), printable_text(where)};
}

template <class T>
class [[nodiscard]] Result {
public:
    // By reference, not by value: a by-value parameter costs a second move of every Analysis.
    Result(const T& value) : v_(std::in_place_index<0>, value) {}
    Result(T&& value) : v_(std::in_place_index<0>, std::move(value)) {}
    Result(Diagnostic error) : v_(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    // Calling value() on an error (or error() on a value) is a programming mistake: abort loudly.
    const T& value() const& { return *check(std::get_if<0>(&v_)); }
    T& value() & { return *check(std::get_if<0>(&v_)); }
    T&& value() && { return std::move(*check(std::get_if<0>(&v_))); }
    const Diagnostic& error() const { return *check(std::get_if<1>(&v_)); }

private:
    template <class P>
    static P* check(P* p) {
        if (!p) std::abort();
        return p;
    }
    std::variant<T, Diagnostic> v_;
};

}  // namespace mm
