#include "app/chart_points.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <numeric>

namespace mm::app {

namespace {

bool close(double a, double b) { return a == b || std::fabs(a - b) <= 1e-9 * std::max(std::fabs(a), std::fabs(b)); }

// A name cut at its dots; the segments that are whole numbers (layer and block indices) noted.
struct Split {
    std::vector<std::string> parts;
    std::vector<std::size_t> numeric;  // indices into parts
};

Split split(const std::string& name) {
    Split s;
    std::size_t start = 0;
    while (true) {
        const auto dot = name.find('.', start);
        s.parts.push_back(name.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
        const std::string& p = s.parts.back();
        if (!p.empty() && p.size() <= 9 && std::all_of(p.begin(), p.end(), [](char c) { return c >= '0' && c <= '9'; }))
            s.numeric.push_back(s.parts.size() - 1);
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return s;
}

std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "." : "") + parts[i];
    return out;
}

// 1,2,3,5,7,8 -> "1..3,5,7,8": runs of three or more as a..b.
std::string ranges(std::vector<long> v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    std::string out;
    for (std::size_t i = 0; i < v.size();) {
        std::size_t j = i;
        while (j + 1 < v.size() && v[j + 1] == v[j] + 1) ++j;
        if (!out.empty()) out += ',';
        if (j - i >= 2) {
            out += std::to_string(v[i]) + ".." + std::to_string(v[j]);
        } else {
            for (std::size_t k = i; k <= j; ++k) out += (k > i ? "," : "") + std::to_string(v[k]);
        }
        i = j + 1;
    }
    return out;
}

// Lines for names of one shape (same segments, numbers aside). Collapses the one numeric position
// that varies; with several varying, splits by the first and collapses each part.
void collapse(const std::vector<Split>& group, std::vector<std::pair<std::string, std::size_t>>& lines) {
    const Split& first = group.front();
    std::vector<std::size_t> varying;
    for (std::size_t p : first.numeric)
        for (const Split& s : group)
            if (s.parts[p] != first.parts[p]) {
                varying.push_back(p);
                break;
            }
    if (varying.size() <= 1) {
        std::vector<std::string> parts = first.parts;
        if (varying.size() == 1) {
            std::vector<long> v;
            for (const Split& s : group) v.push_back(std::stol(s.parts[varying[0]]));
            parts[varying[0]] = ranges(std::move(v));
        }
        // Duplicates of one name count once each: a module listed twice is still two rows.
        lines.emplace_back(join(parts), group.size());
        return;
    }
    std::map<long, std::vector<Split>> by_first;
    for (const Split& s : group) by_first[std::stol(s.parts[varying[0]])].push_back(s);
    for (const auto& [_, sub] : by_first) collapse(sub, lines);
}

}  // namespace

std::vector<MergedPoint> merge_points(const std::vector<ChartPoint>& points) {
    std::vector<std::size_t> order(points.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return points[a].x != points[b].x ? points[a].x < points[b].x : points[a].y < points[b].y;
    });
    // Groups of sorted neighbours; a group remembers its first member's input position.
    std::vector<std::vector<std::size_t>> groups;
    for (std::size_t i : order) {
        bool joined = false;
        // Equal x within tolerance but a different y may sit between equal points: look back a little.
        for (std::size_t g = groups.size(); g-- > 0 && groups.size() - g <= 8;) {
            const ChartPoint& head = points[groups[g].front()];
            if (close(head.x, points[i].x) && close(head.y, points[i].y)) {
                groups[g].push_back(i);
                joined = true;
                break;
            }
        }
        if (!joined) groups.push_back({i});
    }
    for (auto& g : groups) std::sort(g.begin(), g.end());
    std::sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return a.front() < b.front(); });
    std::vector<MergedPoint> out;
    out.reserve(groups.size());
    for (const auto& g : groups) {
        MergedPoint m{points[g.front()].x, points[g.front()].y, {}};
        for (std::size_t i : g) m.modules.push_back(points[i].module);
        out.push_back(std::move(m));
    }
    return out;
}

std::vector<std::string> summarize_names(const std::vector<std::string>& names, std::size_t max_lines) {
    max_lines = std::max<std::size_t>(max_lines, 1);
    // Group by shape: the name with its numbers blanked, in first-seen order.
    std::vector<std::string> keys;
    std::map<std::string, std::vector<Split>> groups;
    for (const std::string& n : names) {
        Split s = split(n);
        std::vector<std::string> blank = s.parts;
        for (std::size_t p : s.numeric) blank[p] = "#";
        std::string key = join(blank) + '|' + std::to_string(s.parts.size());
        auto [it, inserted] = groups.try_emplace(key);
        if (inserted) keys.push_back(key);
        it->second.push_back(std::move(s));
    }
    std::vector<std::pair<std::string, std::size_t>> lines;  // text, modules it stands for
    for (const auto& k : keys) collapse(groups[k], lines);
    std::vector<std::string> out;
    if (lines.size() <= max_lines) {
        for (auto& [text, _] : lines) out.push_back(std::move(text));
        return out;
    }
    std::size_t left = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i + 1 < max_lines) out.push_back(lines[i].first);
        else left += lines[i].second;
    }
    out.push_back("... and " + std::to_string(left) + " more");
    return out;
}

std::vector<CapacityPoint> capacity_points(const Plan& plan) {
    std::vector<CapacityPoint> out;
    out.reserve(plan.rows.size());
    for (std::size_t i = 0; i < plan.rows.size(); ++i) {
        const PlanRow& r = plan.rows[i];
        out.push_back({i, static_cast<double>(r.concurrency), r.pages_per_s, r.output_tokens_per_s, r.ttft_s, r.ttft_end_to_end_s,
                       r.tpot_s, r.fits, r.meets_sla, static_cast<int>(i) == plan.best, r.limit});
    }
    std::stable_sort(out.begin(), out.end(), [](const CapacityPoint& a, const CapacityPoint& b) { return a.concurrency < b.concurrency; });
    return out;
}

std::vector<LimitRun> limit_runs(const std::vector<CapacityPoint>& points) {
    std::vector<LimitRun> runs;
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (!runs.empty() && runs.back().limit == points[i].limit) runs.back().last = i;
        else runs.push_back({i, i, points[i].limit});
    }
    return runs;
}

}  // namespace mm::app
