#include "core/presets/time_profile.hpp"

#include "core/base/json_read.hpp"

namespace mm {

Result<TimeProfile> parse_time_profile(std::string_view path, std::string_view json_text) {
    auto parsed = parse_json_text(path, json_text);
    if (!parsed.ok()) return parsed.error();
    const nlohmann::json& j = parsed.value();
    JsonReader r(path);
    TimeProfile p;
    p.name = r.text(j, "", "name");
    p.description = r.text(j, "", "description");
    p.calibration = r.text(j, "", "calibration");
    p.tensor_efficiency = r.number(j, "", "tensor_efficiency");
    p.cuda_core_efficiency = r.number(j, "", "cuda_core_efficiency");
    p.memory_efficiency = r.number(j, "", "memory_efficiency");
    p.kernel_gap_s = r.number(j, "", "kernel_gap_us") * 1e-6;
    p.host_launch_s = r.number(j, "", "host_launch_us") * 1e-6;
    // Optional: absent in profiles without CUDA graphs (their decode launches kernel by kernel).
    p.decode_cuda_graphs = r.boolean(j, "", "decode_cuda_graphs", false, false);
    p.graph_kernel_gap_s = r.number(j, "", "graph_kernel_gap_us", false, p.kernel_gap_s * 1e6) * 1e-6;
    p.graph_launch_s = r.number(j, "", "graph_launch_us", false, 0) * 1e-6;
    std::string counting = r.text(j, "", "kernel_count");
    if (r.ok()) {
        if (counting == "fused") p.counting = KernelCounting::fused;
        else if (counting == "eager") p.counting = KernelCounting::eager;
        else r.fail("kernel_count", "must be \"fused\" or \"eager\".");
    }
    // Efficiencies above 1 would let a profile beat the peak and break "ideal is a lower bound".
    const char* names[] = {"tensor_efficiency", "cuda_core_efficiency", "memory_efficiency"};
    double values[] = {p.tensor_efficiency, p.cuda_core_efficiency, p.memory_efficiency};
    for (int i = 0; i < 3 && r.ok(); ++i)
        if (!(values[i] > 0 && values[i] <= 1)) r.fail(names[i], "must be in (0, 1].");
    if (!r.ok()) return r.error();
    return p;
}

}  // namespace mm
