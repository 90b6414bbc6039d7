#include "core/ops/op.hpp"

#include <type_traits>

namespace mm {

namespace {

template <typename T>
constexpr bool is_none = std::is_same_v<T, std::monostate>;

}  // namespace

std::string_view op_name(const Op& o) {
    return std::visit([](const auto& k) -> std::string_view {
        if constexpr (is_none<std::decay_t<decltype(k)>>) return "";
        else return k.name;
    }, o);
}

OperatorCategory op_category(const Op& o) {
    return std::visit([](const auto& k) {
        if constexpr (is_none<std::decay_t<decltype(k)>>) return OperatorCategory::other;
        else return k.category;
    }, o);
}

std::string_view op_formula(const Op& o) {
    return std::visit([](const auto& k) -> std::string_view {
        if constexpr (is_none<std::decay_t<decltype(k)>>) return "";
        else return k.formula;
    }, o);
}

std::string op_key(const Op& o) {
    std::string key = std::to_string(o.index());
    std::visit([&](const auto& k) {
        if constexpr (!is_none<std::decay_t<decltype(k)>>)
            std::apply([&](const auto&... f) { ((key += "," + std::to_string(int64_t(f))), ...); }, k.fields());
    }, o);
    return key;
}

}  // namespace mm
