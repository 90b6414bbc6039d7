// `modelmeter gpus`: the GPU presets with their key figures and where the figures come from.
#include <cstdio>
#include <iostream>

#include "cli/commands.hpp"
#include "core/base/format.hpp"
#include "core/base/json_writer.hpp"

namespace mm::cli {

int run_gpus(const Catalog& catalog, const std::string& format) {
    if (format == "json") {
        JsonWriter j;
        j.begin_object();
        j.begin_array("gpus");
        for (const auto& preset : catalog.gpus) {
            const GpuSpec& g = *preset;
            j.begin_object();
            j.string("name", g.name);
            j.string("display_name", g.display_name);
            j.string("architecture", g.architecture);
            j.string("tensor_accumulate", g.tensor_accumulate);
            for (std::string_view key : gpu_numeric_keys()) j.number(key, gpu_field(g, key));
            j.string("source", g.source);
            j.string("notes", g.notes);
            j.end_object();
        }
        j.end_array();
        j.end_object();
        std::cout << j.take();
        return 0;
    }
    std::printf("%-10s %-32s %9s %9s %9s %9s %9s %8s\n", "preset", "GPU", "BF16 TF", "FP8 TF", "FP32 TF", "DRAM GB/s",
                "memory", "L2 MiB");
    for (const auto& preset : catalog.gpus) {
        const GpuSpec& g = *preset;
        auto tf = [](double v) { return v > 0 ? format_fixed(v / 1e12, 1) : std::string("-"); };
        std::printf("%-10s %-32s %9s %9s %9s %9s %9s %8s\n", g.name.c_str(), g.display_name.c_str(),
                    tf(g.tensor_bf16_flops_per_s).c_str(), tf(g.tensor_fp8_flops_per_s).c_str(),
                    tf(g.cuda_fp32_flops_per_s).c_str(), format_fixed(g.bandwidth_bytes_per_s / 1e9, 0).c_str(),
                    format_bytes(g.memory_capacity_bytes).c_str(), format_fixed(g.l2_cache_bytes / 1048576.0, 0).c_str());
    }
    std::printf("\nTensor figures are dense (never the 2x sparse ones), %s accumulate unless noted. Sources:\n",
                "per preset");
    for (const auto& g : catalog.gpus)
        std::printf("  %-10s %s (accumulate %s)\n", g->name.c_str(), g->source.c_str(), g->tensor_accumulate.c_str());
    return 0;
}

}  // namespace mm::cli
