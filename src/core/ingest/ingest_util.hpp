#pragma once
// Small helpers shared by the TorchInfo parsers (internal to src/core/ingest).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/checked_int.hpp"
#include "core/ingest/torchinfo.hpp"

namespace mm::ingest {

// a * b, or nullopt when it overflows or leaves [0, limit].
std::optional<int64_t> checked_mul(int64_t a, int64_t b, int64_t limit = kMaxShapeElements);
// Elements of a shape (1 for a scalar []), or nullopt when a dimension is negative or the product
// exceeds kMaxShapeElements.
std::optional<int64_t> numel(const Shape& s);

std::string_view trim(std::string_view s);
bool starts_with(std::string_view s, std::string_view p);
bool ends_with(std::string_view s, std::string_view p);

// Text without a UTF-8 BOM, split into lines without their "\n" / "\r\n" ends.
std::vector<std::string_view> split_lines(std::string_view text);

// "3,170,627,840" or "2560" -> 3170627840; nullopt for anything else or above kMaxCount.
std::optional<int64_t> parse_count(std::string_view s);
// "184.27" -> 184.27 (locale-independent); nullopt when not a finite decimal.
std::optional<double> parse_decimal(std::string_view s);

// "[4, 3, 640, 640]" -> {{4,3,640,640}}; "[[1, 8], [1, 8]]" -> two shapes; "[]" -> {{}}; "--" -> {}.
// On failure returns false and sets `why` to what was expected.
bool parse_shapes(std::string_view cell, std::vector<Shape>& out, std::string& why);

std::string with_commas(int64_t v);
std::string shape_text(const Shape& s);

// "<file>, line <n>: <what>" as a Diagnostic with where = "<file>:<n>".
Diagnostic line_error(std::string_view file, int64_t line, std::string_view what);

// A recovered field's value, whether the run recorded it, and how it was read (or what was assumed).
inline void set_field(RecoveredField& f, int64_t v, bool recovered, std::string how) {
    f.value = v;
    f.recovered = recovered;
    f.how = std::move(how);
}

// The single-kind parsers; `name` is used in messages. Each fills the parts of `run` its kind has.
Result<bool> parse_summary_text(std::string_view name, std::string_view text, TorchInfoRun& run);
Result<bool> parse_unique_layers_md(std::string_view name, std::string_view text, TorchInfoRun& run);
// The three JSON kinds in one pass: detects the kind from the top-level keys (as identify_artifact
// does) and fills `run`; syntax and depth problems are worded by identify_artifact.
Result<ArtifactKind> parse_json_artifact(std::string_view name, std::string_view text, TorchInfoRun& run);

// The instance -> (qualified, short) class pairs the classes of `run` give.
std::string qualified_for(const TorchInfoRun& run, std::string_view instance, std::string_view short_name);

}  // namespace mm::ingest
