#pragma once
// A Netron attachment: a JSON sidecar that Netron (lutzroeder/netron) reads next to an open model and
// shows in its sidebar. Format, as Netron's reader takes it: {"signature": "netron:attachment",
// "metadata": [...], "metrics": [...]}, each item {kind, target, name, value, type}; an item applies
// to the node whose name equals `target` (kind "node"), or to the model (kind "model", target "").
// ModelMeter's targets are the vendor module names relative to model.model ("sam_model.blocks.0.attn"),
// the names a PyTorch module graph carries; a module that runs in several stages gets one item per
// stage, its metric names prefixed with the stage ("prefill.time_s").
#include <string>

#include "core/engine/analysis.hpp"

namespace mm {

std::string netron_attachment_json(const Analysis& analysis);

}  // namespace mm
