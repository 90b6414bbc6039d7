#pragma once
// Recognises what a user handed in, from its content alone (never its file name): one of the five
// TorchInfo artifact kinds (docs/formats.md), or a sentence saying why it is none of them.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mm {

enum class ArtifactKind : std::uint8_t {
    unique_layers_json,  // torchinfo-unique-layers.json
    layers_json,         // torchinfo-layers.json
    stages_json,         // torchinfo-stages.json
    summary_text,        // torchinfo-summary.txt (TorchInfo's printed table)
    unique_layers_md,    // torchinfo-unique-layers.md
};

std::string_view artifact_kind_name(ArtifactKind kind);  // "torchinfo-unique-layers.json", ...

struct ArtifactIdentity {
    ArtifactKind kind{};
    std::string summary;  // what was seen, e.g. "29 module classes"
};

struct ArtifactCheck {
    std::optional<ArtifactIdentity> identity;  // set when recognised
    std::string error;                         // otherwise: one sentence naming the file and the problem
};

// Bounds applied before anything else is read.
inline constexpr std::size_t kMaxArtifactBytes = 64u << 20;
inline constexpr int kMaxJsonDepth = 128;
inline constexpr std::size_t kMaxTextChars = 65'536;  // one line of text, one JSON string or key

ArtifactCheck identify_artifact(std::string_view name, std::string_view text);

}  // namespace mm
