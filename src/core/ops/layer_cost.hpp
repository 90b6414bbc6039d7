#pragma once
// What one op (or one module, summed) asks of the GPU, in base units: FLOPs, bytes, kernels.
#include <algorithm>

namespace mm {

struct LayerCost {
    // FLOPs under the torch convention (FlopCounterMode: 2 per multiply-add of matmul/conv/
    // einsum/SDPA, nothing else).
    double flops_torch = 0;
    // FLOPs under the executed convention, split by the unit that runs them.
    double flops_tensor = 0;  // GEMM/conv/attention matmuls on tensor cores
    double flops_cuda = 0;    // softmax, norms, activations, adds, top-k, rotary on CUDA cores

    // DRAM traffic. Weights are only read.
    double read_weight_bytes = 0;
    double read_activation_bytes = 0;
    double read_kv_bytes = 0;
    double write_activation_bytes = 0;
    double write_kv_bytes = 0;

    // Memory held: parameters, the op's live activations (inputs + outputs + temporaries), cache.
    double resident_weight_bytes = 0;
    double resident_activation_bytes = 0;
    double resident_kv_bytes = 0;

    double kernels = 0;        // launches of a fused implementation
    double eager_kernels = 0;  // launches of the vendor model under eager PyTorch

    double weight_bytes() const { return read_weight_bytes; }
    double activation_bytes() const { return read_activation_bytes + write_activation_bytes; }
    double kv_bytes() const { return read_kv_bytes + write_kv_bytes; }
    double bytes() const { return weight_bytes() + activation_bytes() + kv_bytes(); }
    double flops_executed() const { return flops_tensor + flops_cuda; }

    // Adds `o`'s work (FLOPs, traffic, kernels); what happens to resident memory is the caller's rule.
    void add_work(const LayerCost& o) {
        flops_torch += o.flops_torch;
        flops_tensor += o.flops_tensor;
        flops_cuda += o.flops_cuda;
        read_weight_bytes += o.read_weight_bytes;
        read_activation_bytes += o.read_activation_bytes;
        read_kv_bytes += o.read_kv_bytes;
        write_activation_bytes += o.write_activation_bytes;
        write_kv_bytes += o.write_kv_bytes;
        kernels += o.kernels;
        eager_kernels += o.eager_kernels;
    }

    // Sums the work of ops that run one after another: traffic and FLOPs add, resident weights and
    // KV add (different tensors), live activations take the maximum (ops do not overlap).
    LayerCost& operator+=(const LayerCost& o) {
        add_work(o);
        resident_weight_bytes += o.resident_weight_bytes;
        resident_activation_bytes = std::max(resident_activation_bytes, o.resident_activation_bytes);
        resident_kv_bytes += o.resident_kv_bytes;
        return *this;
    }

    // Adds `o` as another call of the same op: work adds, resident memory does not.
    void add_call(const LayerCost& o) {
        add_work(o);
        resident_weight_bytes = std::max(resident_weight_bytes, o.resident_weight_bytes);
        resident_activation_bytes = std::max(resident_activation_bytes, o.resident_activation_bytes);
        resident_kv_bytes = std::max(resident_kv_bytes, o.resident_kv_bytes);
    }

    // The work (not the resident memory) multiplied by `k` repeats.
    LayerCost repeated(double k) const {
        LayerCost r = *this;
        r.flops_torch *= k;
        r.flops_tensor *= k;
        r.flops_cuda *= k;
        r.read_weight_bytes *= k;
        r.read_activation_bytes *= k;
        r.read_kv_bytes *= k;
        r.write_activation_bytes *= k;
        r.write_kv_bytes *= k;
        r.kernels *= k;
        r.eager_kernels *= k;
        return r;
    }
};

}  // namespace mm
