#include "app/axis.hpp"

#include <algorithm>
#include <cmath>

#include "core/base/format.hpp"

namespace mm::app {

double nice_step(double span, int target) {
    if (!(span > 0) || !std::isfinite(span) || target < 1) return 0;
    const double raw = span / target;
    const double decade = std::pow(10.0, std::floor(std::log10(raw)));
    // The 1-2-5 multiple nearest to raw on a log scale (the geometric midpoints 1.41, 3.16, 7.07).
    const double f = raw / decade;
    const double m = f < 1.4142 ? 1 : f < 3.1623 ? 2 : f < 7.0711 ? 5 : 10;
    return m * decade;
}

std::vector<double> linear_ticks(double lo, double hi, int target) {
    std::vector<double> out;
    if (!std::isfinite(lo) || !std::isfinite(hi) || !(hi > lo)) return out;
    const double step = nice_step(hi - lo, target);
    if (!(step > 0)) return out;
    const double first = std::ceil(lo / step - 1e-9);
    for (double k = first; k * step <= hi * (1 + 1e-12) + step * 1e-9 && out.size() < 1000; k += 1) {
        double v = k * step;
        if (std::fabs(v) < step * 1e-9) v = 0;  // no "-0"
        out.push_back(v);
    }
    return out;
}

std::vector<double> byte_ticks(double lo, double hi, int target) {
    if (!std::isfinite(lo) || !std::isfinite(hi) || !(hi > lo)) return {};
    double unit = 1;
    while (hi / (unit * 1024) >= 1 && unit < 0x1p50) unit *= 1024;
    std::vector<double> out = linear_ticks(lo / unit, hi / unit, target);
    for (double& v : out) v *= unit;
    return out;
}

std::vector<double> log_ticks(double lo, double hi, int max_ticks) {
    std::vector<double> out;
    if (!std::isfinite(lo) || !std::isfinite(hi) || !(lo > 0) || !(hi > lo) || max_ticks < 1) return out;
    const int k0 = static_cast<int>(std::ceil(std::log10(lo) - 1e-9)), k1 = static_cast<int>(std::floor(std::log10(hi) + 1e-9));
    if (k1 < k0) return linear_ticks(lo, hi, std::min(max_ticks, 5));  // inside one decade
    auto inside = [&](double v) { return v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9); };
    // Decades with 2x and 5x, if they fit.
    std::vector<double> fine;
    for (int k = k0 - 1; k <= k1; ++k)
        for (double m : {1.0, 2.0, 5.0}) {
            const double v = m * std::pow(10.0, k);
            if (inside(v)) fine.push_back(v);
        }
    if (static_cast<int>(fine.size()) <= max_ticks) return fine;
    const int decades = k1 - k0 + 1;
    const int every = (decades + max_ticks - 1) / max_ticks;
    for (int k = k0; k <= k1; k += every) out.push_back(std::pow(10.0, k));
    return out;
}

std::string trim_zeros(std::string s) {
    const auto end = s.find(' ');
    const auto number_end = end == std::string::npos ? s.size() : end;
    const auto dot = s.find('.');
    if (dot == std::string::npos || dot > number_end) return s;
    auto last = number_end;
    while (last > dot + 1 && s[last - 1] == '0') --last;
    if (last == dot + 1) --last;  // "1." -> "1"
    s.erase(last, number_end - last);
    return s;
}

std::string tick_label(double value, AxisUnit unit, const char* unit_name) {
    switch (unit) {
        case AxisUnit::seconds: return trim_zeros(format_seconds(value));
        case AxisUnit::bytes: return trim_zeros(format_bytes(value));
        case AxisUnit::rate: return trim_zeros(format_si(value, unit_name));
        case AxisUnit::count: break;
    }
    // Three significant digits at most, as the formatters give: 0.01, 1.5, 2000.
    if (value == 0) return "0";
    if (std::fabs(value) < 1e4)
        return trim_zeros(format_fixed(value, std::max(0, 2 - static_cast<int>(std::floor(std::log10(std::fabs(value)))))));
    std::string s = trim_zeros(format_si(value, ""));
    if (const auto space = s.find(' '); space != std::string::npos) s.erase(space, 1);
    return s;
}

std::vector<AxisTick> axis_ticks(double lo, double hi, bool log, AxisUnit unit, int target, const char* unit_name) {
    const std::vector<double> values = log ? log_ticks(lo, hi, target)
                                       : unit == AxisUnit::bytes ? byte_ticks(lo, hi, target)
                                                                 : linear_ticks(lo, hi, target);
    std::vector<AxisTick> out;
    out.reserve(values.size());
    for (double v : values) out.push_back({v, tick_label(v, unit, unit_name)});
    return out;
}

}  // namespace mm::app
