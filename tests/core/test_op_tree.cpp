// The module tree's leaves are typed ops (ops/op.hpp): every kind has a name, a category and a
// formula; the builder puts each op where a call of its stage can cost it; the sharing key tells
// kinds and dimensions apart.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <utility>
#include <variant>

#include "core/engine/op_cost.hpp"
#include "engine_test_support.hpp"

namespace {

template <std::size_t... I>
void each_kind(std::index_sequence<I...>, const auto& f) {
    (f(mm::Op(std::in_place_index<I>)), ...);
}

}  // namespace

TEST_CASE("every op kind has a name, a category and a formula, and names are distinct", "[op tree]") {
    std::set<std::string> names;
    int kinds = 0;
    each_kind(std::make_index_sequence<std::variant_size_v<mm::Op>>{}, [&](const mm::Op& o) {
        if (!mm::has_op(o)) return;
        ++kinds;
        INFO("kind index " << o.index());
        CHECK_FALSE(mm::op_name(o).empty());
        CHECK_FALSE(mm::op_formula(o).empty());
        CHECK(names.insert(std::string(mm::op_name(o))).second);
        CHECK(int(mm::op_category(o)) < mm::kOperatorCategoryCount);
    });
    CHECK(kinds == int(std::variant_size_v<mm::Op>) - 1);
}

TEST_CASE("the sharing key tells kinds and dimensions apart", "[op tree]") {
    const mm::Op a = mm::op::Linear{1024, 4096, true, mm::Rows::pass, 0, 0};
    const mm::Op b = mm::op::Linear{1024, 4096, false, mm::Rows::pass, 0, 0};
    const mm::Op c = mm::op::Linear{1024, 4096, true, mm::Rows::clip_seq, 0, 0};
    const mm::Op d = mm::op::RmsNorm{1024};
    const mm::Op e = mm::op::LayerNorm2d{1024};  // same single field, another kind
    CHECK(mm::op_key(a) == mm::op_key(mm::Op(mm::op::Linear{1024, 4096, true, mm::Rows::pass, 0, 0})));
    CHECK(mm::op_key(a) != mm::op_key(b));
    CHECK(mm::op_key(a) != mm::op_key(c));
    CHECK(mm::op_key(d) != mm::op_key(e));
    const mm::op::SamAttentionDims window{768, 12, 64, 14, false, 14}, global{768, 12, 64, 14, true, 64};
    CHECK(mm::op_key(mm::op::SamAttention{window}) != mm::op_key(mm::op::SamAttention{global}));
    CHECK(mm::op_key(mm::op::SamAttention{window}) != mm::op_key(mm::op::SamRelPos{window}));
}

TEST_CASE("the DeepSeek-OCR builder puts every op where its stage's calls cost it", "[op tree]") {
    // Both built-in models (DeepSeek-OCR and DeepSeek-OCR 2) go through the same builder.
    for (const mm::ModelEntry& model : mmtest::catalog().models) {
        mm::AnalyzeOptions o;
        o.model = model.config->name;
        o.mode = model.config->default_mode;
        const mm::Analysis a = mmtest::run(o);
        int ops = 0;
        for (const mm::ModuleNode& n : a.tree->nodes) {
            if (!mm::has_op(n.op)) continue;
            ++ops;
            INFO(o.model << ": " << n.id << " (" << mm::op_name(n.op) << ")");
            if (n.stage == mm::Stage::vision)
                CHECK((mm::runs_in_views(n.op) || std::holds_alternative<mm::op::ViewSeparator>(n.op)));
            else
                CHECK(mm::runs_in_passes(n.op));
            // An op that costs something costs it: no module with an op is silently free.
            if (!n.never_called) CHECK(a.result(int(&n - a.tree->nodes.data())).own.bytes() > 0);
        }
        CHECK(ops > 500);
    }
}

// Rows of a call, derived by hand for the standard workload (1024x1024 page, 2x2 crops of 640 px,
// 1024 px global view; SAM patch 16 -> grids 40 and 64, features 10 and 16; window 14).
TEST_CASE("a view's rows follow the token sets", "[op tree]") {
    const mm::Analysis a = mmtest::run(mm::AnalyzeOptions{});
    const mm::Views views = mm::vision_views(a.workload);
    REQUIRE(views.count == 2);
    const mm::View& crops = views.items[0];
    CHECK(crops.images == 4);
    CHECK(mm::rows(mm::Rows::sam_grid, crops) == 4 * 40 * 40);
    CHECK(mm::rows(mm::Rows::sam_windows, crops, 14) == 4 * 42 * 42);  // 40 padded to 3 windows of 14
    CHECK(mm::rows(mm::Rows::clip_seq, crops) == 4 * (10 * 10 + 1));
    CHECK(mm::rows(mm::Rows::features, crops) == 4 * 10 * 10);
    CHECK(mm::rows(mm::Rows::pass, crops) == 0);
    const mm::View& global = views.items[1];
    CHECK(mm::rows(mm::Rows::sam_windows, global, 14) == 70 * 70);  // 64 padded to 5 windows
    const mm::Passes p = mm::decoder_passes(a.workload);
    CHECK(mm::rows(mm::Rows::pass, p.prefill) == 703);
    CHECK(mm::rows(mm::Rows::pass, p.decode0) == 1);
    CHECK(mm::rows(mm::Rows::sam_grid, p.prefill) == 0);
}
