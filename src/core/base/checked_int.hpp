#pragma once
// Overflow-checked 64-bit counts. Counts read from files are bounded one by one (kMaxCount), but a
// sum over 100,000 rows of them can still leave int64's range; these saturate at the range's ends
// instead of wrapping (which would be undefined behaviour and a nonsense number).
#include <cstdint>
#include <limits>

namespace mm {

inline int64_t add_saturating(int64_t a, int64_t b) {
    int64_t r = 0;
    if (__builtin_add_overflow(a, b, &r)) return b > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
    return r;
}

inline int64_t sub_saturating(int64_t a, int64_t b) {
    int64_t r = 0;
    if (__builtin_sub_overflow(a, b, &r)) return b < 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
    return r;
}

}  // namespace mm
