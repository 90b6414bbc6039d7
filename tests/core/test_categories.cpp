// Operator categories partition the work: every stage's totals split over them exactly, and the
// categories carry the FLOPs the formulas of domain.md give them.
#include <catch2/catch.hpp>

#include "core/api.hpp"
#include "core/engine/categories.hpp"
#include "embedded/embedded_files.hpp"

namespace {

mm::Analysis analyse(const char* convention) {
    static const mm::Catalog catalog = mm::load_catalog(mm::embedded_assets()).value();
    mm::AnalyzeOptions o;  // the standard workload: 1024x1024 page -> 2x2 crops, S = 703
    o.convention = *mm::parse_convention(convention);
    return mm::analyze(catalog, o).value();
}

int stage_root(const mm::Analysis& a, mm::Stage s) {
    for (size_t i = 0; i < a.modules().size(); ++i)
        if (a.modules()[i].parent < 0 && a.modules()[i].stage == s) return static_cast<int>(i);
    return -1;
}

double sum(const mm::CategoryBreakdown& b, double mm::CategoryTotals::*field) {
    double t = 0;
    for (const auto& c : b) t += c.*field;
    return t;
}

}  // namespace

TEST_CASE("categories partition each stage's FLOPs, bytes and time", "[categories]") {
    for (const char* convention : {"torch", "executed"}) {
        const auto a = analyse(convention);
        for (const auto stage : {mm::Stage::vision, mm::Stage::prefill, mm::Stage::decode}) {
            const int root = stage_root(a, stage);
            REQUIRE(root >= 0);
            const auto b = mm::category_breakdown(a, root);
            const auto& totals = a.stage(stage);
            INFO(convention << " " << mm::stage_name(stage));
            CHECK(sum(b, &mm::CategoryTotals::flops) == Approx(totals.flops).epsilon(1e-12));
            CHECK(sum(b, &mm::CategoryTotals::bytes) == Approx(totals.bytes).epsilon(1e-12));
            CHECK(sum(b, &mm::CategoryTotals::time_s) == Approx(totals.time_s).epsilon(1e-12));
            for (const auto& c : b) CHECK(c.flops >= 0);
        }
    }
}

// Issue 14: the breakdown once recovered a module's own work as its subtree minus its children, and
// rounding left 52 modules of the standard run with a negative own time (down to -4e-17 s). Own work
// is now what analyze() costed for the module's op, so no category of any module is ever below zero.
TEST_CASE("no module's category breakdown has negative FLOPs, bytes or time", "[categories]") {
    for (const char* convention : {"torch", "executed"}) {
        const auto a = analyse(convention);
        int negative = 0;
        for (size_t i = 0; i < a.modules().size(); ++i) {
            for (const auto& c : mm::category_breakdown(a, int(i)))
                if (c.flops < 0 || c.bytes < 0 || c.time_s < 0) ++negative;
            const mm::NodeResult& r = a.result(int(i));
            if (r.own_time.time_s < 0 || r.own.flops_torch < 0 || r.own.bytes() < 0) ++negative;
        }
        INFO(convention);
        CHECK(negative == 0);
    }
}

TEST_CASE("torch convention: SAM's convolutions and the MoE layers carry their formula FLOPs", "[categories]") {
    const auto a = analyse("torch");
    // domain.md 1: patch embed 3->768 k16, neck 768->256 1x1 and 256->256 3x3, net_2 256->512 3x3 s2,
    // net_3 512->1024 3x3 s2; B views of grid side g (64 for the 1024 global view, 40 for 640 crops).
    auto conv = [](double B, double g) {
        return 2 * B * (g * g * 768 * 3 * 16 * 16 + g * g * 256 * 768 + g * g * 256 * 256 * 9 +
                        (g / 2) * (g / 2) * 512 * 256 * 9 + (g / 4) * (g / 4) * 1024 * 512 * 9);
    };
    const auto vision = mm::category_breakdown(a, stage_root(a, mm::Stage::vision));
    CHECK(vision[size_t(mm::OperatorCategory::conv2d)].flops == conv(1, 64) + conv(4, 40));

    // Prefill over S = 703 tokens: 11 MoE layers, each a 1280->64 gate and top-6 of 64 experts with
    // intermediate 896 (three matmuls each); the shared experts are a plain SwiGLU MLP (linear).
    const double S = 703;
    const auto prefill = mm::category_breakdown(a, stage_root(a, mm::Stage::prefill));
    CHECK(prefill[size_t(mm::OperatorCategory::moe)].flops == 11 * (2 * S * 1280 * 64 + 2 * S * 6 * 3 * 1280 * 896));
    CHECK(prefill[size_t(mm::OperatorCategory::conv2d)].flops == 0);
}

TEST_CASE("every category has an id, a name and a description", "[categories]") {
    for (int i = 0; i < mm::kOperatorCategoryCount; ++i) {
        const auto c = static_cast<mm::OperatorCategory>(i);
        CHECK_FALSE(mm::category_id(c).empty());
        CHECK_FALSE(mm::category_display_name(c).empty());
        CHECK_FALSE(mm::category_description(c).empty());
    }
    CHECK(mm::op_category(mm::op::MoeExperts{}) == mm::OperatorCategory::moe);
    CHECK(mm::op_category(mm::op::LmHead{}) == mm::OperatorCategory::linear);
}
