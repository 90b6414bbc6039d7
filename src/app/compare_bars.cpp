#include "app/compare_bars.hpp"

namespace mm::app {
namespace {

bool has_stage(const Analysis& x, Stage s) {
    for (Stage t : x.stages())
        if (t == s) return true;
    return false;
}

std::optional<BarPart> stage_part(const Analysis& x, Stage s) {
    if (!has_stage(x, s)) return std::nullopt;
    const StageTotals t = x.stage(s);
    return BarPart{x.stage_root(s), std::string(stage_name(s)), t.time_s, t.flops, t.bytes};
}

// The vision stage's first child of component `one` or `other`.
std::optional<BarPart> vision_part(const Analysis& x, Component one, Component other) {
    if (!has_stage(x, Stage::vision)) return std::nullopt;
    for (int c : x.node(x.stage_root(Stage::vision)).children)
        if (x.node(c).component == one || x.node(c).component == other) {
            const ModuleRow m = x.module(c);
            return BarPart{c, std::string(m.id), m.time_s, m.flops, m.bytes};
        }
    return std::nullopt;
}

}  // namespace

std::optional<double> BarPair::ratio() const {
    if (!mine || !theirs || mine->time_s <= 0 || theirs->time_s <= 0) return std::nullopt;
    return theirs->time_s / mine->time_s;
}

std::vector<BarPair> stage_bar_pairs(const Analysis& mine, const Analysis* theirs) {
    struct Role {
        const char* label;
        const char* what;
        Component one, other;
    };
    // DeepSeek-OCR's CLIP and DeepSeek-OCR 2's Qwen2 encoder each take SAM's features: the second encoder.
    static constexpr Role roles[] = {{"  SAM", "SAM encoder", Component::sam, Component::sam},
                                     {"  encoder 2", "second encoder (CLIP or Qwen2)", Component::clip, Component::qwen2},
                                     {"  projector", "projector", Component::projector, Component::projector}};
    std::vector<BarPair> out;
    for (Stage s : kStages) {
        if (!has_stage(mine, s) && !(theirs && has_stage(*theirs, s))) continue;
        const std::string name(stage_name(s));
        out.push_back({name, name + " stage", false, stage_part(mine, s), theirs ? stage_part(*theirs, s) : std::nullopt});
        if (theirs && s == Stage::vision)
            for (const Role& r : roles)
                out.push_back({r.label, r.what, true, vision_part(mine, r.one, r.other), vision_part(*theirs, r.one, r.other)});
    }
    return out;
}

}  // namespace mm::app
