#!/usr/bin/env python3
"""A TorchInfo summary of a *mimic* of DeepSeek-OCR 2's Hugging Face module tree (issue 18).

No real TorchInfo run of deepseek-ai/DeepSeek-OCR-2 exists to test ModelMeter with, so this script builds
the module tree in plain torch.nn with the vendor's class names, attribute names and dimensions, and
prints torchinfo.summary() of it. It is written here from facts (docs/domain.md sections 1 and 8, the
vendor's vLLM code in github.com/deepseek-ai/DeepSeek-OCR-2: deepseek_ocr2.py, deepencoderv2/
sam_vary_sdpa.py, qwen2_d2e.py, build_linear.py); no vendor code is copied and no weights are used.

What is assumed, not read from the vendor:
  * the root class name DeepseekOCR2Model and the decoder's class names (DeepseekV2DecoderLayer,
    LlamaFlashAttention2, DeepseekV2MoE, ...) follow the Hugging Face tree of DeepSeek-OCR, whose decoder
    OCR 2 shares (the HF modeling file of OCR 2 was not available here);
  * the forward runs on PyTorch's meta device: shapes only, no arithmetic, no weights in memory. TorchInfo
    reads only shapes and parameter counts, so the table is what a run would print, except that
    MoE routing cannot read gate scores on meta tensors: tokens are dispatched round-robin to 6 of the
    64 experts (every expert gets tokens), where a real run routes by the gate.

Usage: PYTHONPATH=<torchinfo checkout> python3 make_summary.py [--width W --height H] > summary.txt
"""
import argparse
import math
import sys

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError:  # the ctest that checks the parameter count reports itself skipped (77) without torch
    print("SKIPPED: PyTorch is not installed for " + sys.executable)
    sys.exit(77)

DEV = torch.device("meta")
DT = torch.bfloat16

# ---------------------------------------------------------------- SAM ViT-B (sam_vary_sdpa.py), net_3 -> 896


class PatchEmbed(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Conv2d(3, 768, kernel_size=16, stride=16)

    def forward(self, x):
        return self.proj(x).permute(0, 2, 3, 1)


class MLPBlock(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.lin1 = nn.Linear(dim, hidden)
        self.lin2 = nn.Linear(hidden, dim)
        self.act = nn.GELU()

    def forward(self, x):
        return self.lin2(self.act(self.lin1(x)))


class LayerNorm2d(nn.Module):
    def __init__(self, channels, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(channels))
        self.bias = nn.Parameter(torch.zeros(channels))
        self.eps = eps

    def forward(self, x):
        mean = x.mean(1, keepdim=True)
        var = (x - mean).pow(2).mean(1, keepdim=True)
        x = (x - mean) / torch.sqrt(var + self.eps)
        return self.weight[:, None, None] * x + self.bias[:, None, None]


def resized_rel_pos(table, q_size, k_size):
    span = 2 * max(q_size, k_size) - 1
    if table.shape[0] != span:
        table = F.interpolate(table.t()[None], size=span, mode="linear")[0].t()
    q = torch.arange(q_size)[:, None] * max(k_size / q_size, 1.0)
    k = torch.arange(k_size)[None, :] * max(q_size / k_size, 1.0)
    idx = (q - k + (k_size - 1) * max(q_size / k_size, 1.0)).long()
    return table[idx.to(table.device)]


class Attention(nn.Module):
    """SAM attention with decomposed relative position (tables sized for its window or the 64x64 grid)."""

    def __init__(self, dim, heads, side):
        super().__init__()
        self.num_heads = heads
        self.qkv = nn.Linear(dim, dim * 3, bias=True)
        self.proj = nn.Linear(dim, dim)
        self.rel_pos_h = nn.Parameter(torch.zeros(2 * side - 1, dim // heads))
        self.rel_pos_w = nn.Parameter(torch.zeros(2 * side - 1, dim // heads))

    def forward(self, x):
        b, h, w, c = x.shape
        d = c // self.num_heads
        qkv = self.qkv(x).reshape(b, h * w, 3, self.num_heads, d).permute(2, 0, 3, 1, 4).reshape(3, b * self.num_heads, h * w, d)
        q, k, v = qkv.unbind(0)
        rq = q.reshape(b * self.num_heads, h, w, d)
        rh = torch.einsum("bhwc,hkc->bhwk", rq, resized_rel_pos(self.rel_pos_h, h, h))
        rw = torch.einsum("bhwc,wkc->bhwk", rq, resized_rel_pos(self.rel_pos_w, w, w))
        bias = (rh[:, :, :, :, None] + rw[:, :, :, None, :]).reshape(b * self.num_heads, h * w, h * w)
        att = ((q * d ** -0.5) @ k.transpose(-2, -1) + bias).softmax(-1)
        x = (att @ v).reshape(b, self.num_heads, h, w, d).permute(0, 2, 3, 1, 4).reshape(b, h, w, c)
        return self.proj(x)


class Block(nn.Module):
    def __init__(self, window):
        super().__init__()
        self.norm1 = nn.LayerNorm(768, eps=1e-6)
        self.attn = Attention(768, 12, window if window else 64)
        self.norm2 = nn.LayerNorm(768, eps=1e-6)
        self.mlp = MLPBlock(768, 3072)
        self.window_size = window

    def forward(self, x):
        shortcut = x
        x = self.norm1(x)
        b, h, w, c = x.shape
        if self.window_size:
            s = self.window_size
            ph, pw = (s - h % s) % s, (s - w % s) % s
            x = F.pad(x, (0, 0, 0, pw, 0, ph))
            hp, wp = h + ph, w + pw
            x = x.reshape(b, hp // s, s, wp // s, s, c).permute(0, 1, 3, 2, 4, 5).reshape(-1, s, s, c)
            x = self.attn(x)
            x = x.reshape(b, hp // s, wp // s, s, s, c).permute(0, 1, 3, 2, 4, 5).reshape(b, hp, wp, c)[:, :h, :w]
        else:
            x = self.attn(x)
        x = shortcut + x
        return x + self.mlp(self.norm2(x))


class ImageEncoderViT(nn.Module):
    def __init__(self):
        super().__init__()
        self.patch_embed = PatchEmbed()
        self.pos_embed = nn.Parameter(torch.zeros(1, 64, 64, 768))
        self.blocks = nn.ModuleList(Block(0 if i in (2, 5, 8, 11) else 14) for i in range(12))
        self.neck = nn.Sequential(
            nn.Conv2d(768, 256, kernel_size=1, bias=False), LayerNorm2d(256),
            nn.Conv2d(256, 256, kernel_size=3, padding=1, bias=False), LayerNorm2d(256))
        self.net_2 = nn.Conv2d(256, 512, kernel_size=3, stride=2, padding=1, bias=False)
        self.net_3 = nn.Conv2d(512, 896, kernel_size=3, stride=2, padding=1, bias=False)

    def forward(self, x):
        x = self.patch_embed(x)
        pos = self.pos_embed
        if x.shape[1] != pos.shape[1]:
            pos = F.interpolate(pos.permute(0, 3, 1, 2), size=x.shape[1:3], mode="bicubic").permute(0, 2, 3, 1)
        x = x + pos
        for blk in self.blocks:
            x = blk(x)
        return self.net_3(self.net_2(self.neck(x.permute(0, 3, 1, 2))))


# ---------------------------------------------------------------- Qwen2 as an encoder (qwen2_d2e.py)


class Qwen2RMSNorm(nn.Module):
    def __init__(self, dim, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.variance_epsilon = eps

    def forward(self, x):
        return self.weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.variance_epsilon))


class Qwen2RotaryEmbedding(nn.Module):
    def __init__(self, dim, theta):
        super().__init__()
        self.register_buffer("inv_freq", 1.0 / theta ** (torch.arange(0, dim, 2).float() / dim), persistent=False)

    def forward(self, x, positions):
        freqs = positions[:, None].float() * self.inv_freq[None, :].to(x.device)
        emb = torch.cat([freqs, freqs], -1)
        return emb.cos().to(x.dtype), emb.sin().to(x.dtype)


def rotate(x, cos, sin):
    half = x.shape[-1] // 2
    return x * cos + torch.cat([-x[..., half:], x[..., :half]], -1) * sin


def attend(q, k, v, mask):
    """Scores, mask, softmax, context: what SDPA computes (torch 1.13 has no F.scaled_dot_product_attention)."""
    s = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if mask is not None:
        s = s + mask
    return s.softmax(-1) @ v


class Qwen2SdpaAttention(nn.Module):
    def __init__(self, hidden, heads, kv_heads):
        super().__init__()
        self.num_heads, self.num_key_value_heads, self.head_dim = heads, kv_heads, hidden // heads
        self.q_proj = nn.Linear(hidden, heads * self.head_dim, bias=True)
        self.k_proj = nn.Linear(hidden, kv_heads * self.head_dim, bias=True)
        self.v_proj = nn.Linear(hidden, kv_heads * self.head_dim, bias=True)
        self.o_proj = nn.Linear(heads * self.head_dim, hidden, bias=False)

    def forward(self, hidden_states, attention_mask=None, position_embeddings=None):
        b, n, _ = hidden_states.shape
        q = self.q_proj(hidden_states).view(b, n, self.num_heads, self.head_dim).transpose(1, 2)
        k = self.k_proj(hidden_states).view(b, n, self.num_key_value_heads, self.head_dim).transpose(1, 2)
        v = self.v_proj(hidden_states).view(b, n, self.num_key_value_heads, self.head_dim).transpose(1, 2)
        cos, sin = position_embeddings
        q, k = rotate(q, cos, sin), rotate(k, cos, sin)
        rep = self.num_heads // self.num_key_value_heads
        k = k[:, :, None].expand(b, self.num_key_value_heads, rep, n, self.head_dim).reshape(b, self.num_heads, n, self.head_dim)
        v = v[:, :, None].expand(b, self.num_key_value_heads, rep, n, self.head_dim).reshape(b, self.num_heads, n, self.head_dim)
        out = attend(q, k, v, attention_mask).transpose(1, 2).reshape(b, n, -1)
        return self.o_proj(out)


class Qwen2MLP(nn.Module):
    def __init__(self, hidden, inter):
        super().__init__()
        self.gate_proj = nn.Linear(hidden, inter, bias=False)
        self.up_proj = nn.Linear(hidden, inter, bias=False)
        self.down_proj = nn.Linear(inter, hidden, bias=False)
        self.act_fn = nn.SiLU()

    def forward(self, x):
        return self.down_proj(self.act_fn(self.gate_proj(x)) * self.up_proj(x))


class Qwen2DecoderLayer(nn.Module):
    def __init__(self):
        super().__init__()
        self.self_attn = Qwen2SdpaAttention(896, 14, 2)
        self.mlp = Qwen2MLP(896, 4864)
        self.input_layernorm = Qwen2RMSNorm(896)
        self.post_attention_layernorm = Qwen2RMSNorm(896)

    def forward(self, x, attention_mask=None, position_embeddings=None):
        x = x + self.self_attn(hidden_states=self.input_layernorm(x), attention_mask=attention_mask,
                               position_embeddings=position_embeddings)
        return x + self.mlp(self.post_attention_layernorm(x))


class CustomQwen2ModelInner(nn.Module):
    """transformers' Qwen2Model (24 layers, 896 wide) with embed_tokens deleted, and a custom mask."""

    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList(Qwen2DecoderLayer() for _ in range(24))
        self.norm = Qwen2RMSNorm(896)
        self.rotary_emb = Qwen2RotaryEmbedding(64, 1000000.0)

    def forward(self, inputs_embeds, token_type_ids):
        n = inputs_embeds.shape[1]
        # image tokens (type 0) see every image token; queries (type 1) see every image token and the queries
        # up to themselves. token_type_ids is [images..., queries...], so the mask is static.
        n_img = n // 2
        i = torch.arange(n, device=inputs_embeds.device)
        allowed = (i[None, :] < n_img) | (i[None, :] <= i[:, None])
        mask = torch.where(allowed, 0.0, torch.finfo(inputs_embeds.dtype).min).to(inputs_embeds.dtype)[None, None]
        pos = self.rotary_emb(inputs_embeds, i)
        x = inputs_embeds
        for layer in self.layers:
            x = layer(x, attention_mask=mask, position_embeddings=pos)
        return (self.norm(x),)


class CustomQwen2Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.model = CustomQwen2ModelInner()

    def forward(self, inputs_embeds, token_type_ids):
        return self.model(inputs_embeds, token_type_ids)


class Qwen2Decoder2Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.model = CustomQwen2Decoder()
        self.query_768 = nn.Embedding(144, 896)
        self.query_1024 = nn.Embedding(256, 896)

    def forward(self, x):
        x = x.flatten(2).transpose(1, 2)
        bs, n, _ = x.shape
        queries = {144: self.query_768, 256: self.query_1024}[n].weight
        x = torch.cat([x, queries.unsqueeze(0).expand(bs, -1, -1)], dim=1)
        types = torch.cat([torch.zeros(bs, n, dtype=torch.long), torch.ones(bs, n, dtype=torch.long)], 1).to(x.device)
        return self.model(x, types)[0][:, n:, :]


class MlpProjector(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.Linear(896, 1280)

    def forward(self, x):
        return self.layers(x)


# ---------------------------------------------------------------- the decoder: DeepSeek-OCR's DeepseekV2, 12 layers


class DeepseekV2RMSNorm(Qwen2RMSNorm):
    pass


class LlamaRotaryEmbedding(Qwen2RotaryEmbedding):
    pass


class LlamaFlashAttention2(nn.Module):
    def __init__(self):
        super().__init__()
        self.num_heads, self.head_dim = 10, 128
        self.q_proj = nn.Linear(1280, 1280, bias=False)
        self.k_proj = nn.Linear(1280, 1280, bias=False)
        self.v_proj = nn.Linear(1280, 1280, bias=False)
        self.o_proj = nn.Linear(1280, 1280, bias=False)
        self.rotary_emb = LlamaRotaryEmbedding(128, 10000.0)

    def forward(self, hidden_states):
        b, n, _ = hidden_states.shape
        shape = (b, n, self.num_heads, self.head_dim)
        q = self.q_proj(hidden_states).view(shape).transpose(1, 2)
        k = self.k_proj(hidden_states).view(shape).transpose(1, 2)
        v = self.v_proj(hidden_states).view(shape).transpose(1, 2)
        cos, sin = self.rotary_emb(v, torch.arange(n, device=v.device))
        q, k = rotate(q, cos, sin), rotate(k, cos, sin)
        i = torch.arange(n, device=v.device)
        causal = torch.where(i[None, :] <= i[:, None], 0.0, -1e30).to(q.dtype)
        return self.o_proj(attend(q, k, v, causal).transpose(1, 2).reshape(b, n, -1))


class DeepseekV2MLP(nn.Module):
    def __init__(self, inter):
        super().__init__()
        self.gate_proj = nn.Linear(1280, inter, bias=False)
        self.up_proj = nn.Linear(1280, inter, bias=False)
        self.down_proj = nn.Linear(inter, 1280, bias=False)
        self.act_fn = nn.SiLU()

    def forward(self, x):
        return self.down_proj(self.act_fn(self.gate_proj(x)) * self.up_proj(x))


class MoEGate(nn.Module):
    def __init__(self):
        super().__init__()
        self.top_k, self.n_routed_experts = 6, 64
        self.weight = nn.Parameter(torch.empty(64, 1280))

    def forward(self, x):
        scores = F.linear(x.reshape(-1, x.shape[-1]), self.weight).softmax(-1)
        weights, idx = torch.topk(scores, self.top_k, dim=-1)
        return idx, weights


class DeepseekV2MoE(nn.Module):
    def __init__(self):
        super().__init__()
        self.experts = nn.ModuleList(DeepseekV2MLP(896) for _ in range(64))
        self.gate = MoEGate()
        self.shared_experts = DeepseekV2MLP(2 * 896)

    def forward(self, hidden_states):
        shape = hidden_states.shape
        x = hidden_states.reshape(-1, shape[-1])
        _, weights = self.gate(hidden_states)
        # Meta tensors carry no values, so the gate's choice cannot be read: token t goes to experts
        # 6t .. 6t+5 (mod 64), a round-robin stand-in (see the docstring).
        idx = [[(t * 6 + j) % 64 for j in range(6)] for t in range(x.shape[0])]
        y = torch.zeros_like(x)
        for e, expert in enumerate(self.experts):
            rows = [t for t, chosen in enumerate(idx) if e in chosen]
            if rows:
                sel = torch.tensor(rows).to(x.device)
                y = y.index_add(0, sel, expert(x.index_select(0, sel)))
        return y.reshape(shape) + self.shared_experts(hidden_states)


class DeepseekV2DecoderLayer(nn.Module):
    def __init__(self, moe):
        super().__init__()
        self.self_attn = LlamaFlashAttention2()
        self.mlp = DeepseekV2MoE() if moe else DeepseekV2MLP(6848)
        self.input_layernorm = DeepseekV2RMSNorm(1280)
        self.post_attention_layernorm = DeepseekV2RMSNorm(1280)

    def forward(self, x):
        x = x + self.self_attn(hidden_states=self.input_layernorm(x))
        return x + self.mlp(self.post_attention_layernorm(x))


class DeepseekOCR2Model(nn.Module):
    """model.model of the HF tree: DeepseekV2's decoder with SAM, the Qwen2 encoder and the projector."""

    def __init__(self):
        super().__init__()
        self.embed_tokens = nn.Embedding(129280, 1280)
        self.layers = nn.ModuleList(DeepseekV2DecoderLayer(moe=i >= 1) for i in range(12))
        self.norm = DeepseekV2RMSNorm(1280)
        self.sam_model = ImageEncoderViT()
        self.qwen2_model = Qwen2Decoder2Encoder()
        self.projector = MlpProjector()
        self.view_seperator = nn.Parameter(torch.zeros(1280))

    def encode(self, pixels):
        return self.projector(self.qwen2_model(self.sam_model(pixels)))

    def forward(self, input_ids, images_ori, images_crop=None):
        embeds = self.embed_tokens(input_ids)
        views = []
        if images_crop is not None:  # local crops first, as one batch, then the global view
            views.append(self.encode(images_crop).reshape(-1, 1280))
        views.append(self.encode(images_ori).reshape(-1, 1280))
        views.append(self.view_seperator[None, :])
        image = torch.cat(views, 0)
        # The image tokens follow BOS: [BOS, image tokens, prompt text].
        x = torch.cat([embeds[:, :1], image[None].to(embeds.dtype), embeds[:, 1 + image.shape[0]:]], 1)
        for layer in self.layers:
            x = layer(x)
        return self.norm(x)


def count_tiles(width, height, tile=768, min_crops=2, max_crops=6):
    """docs/domain.md section 8: no crops within 768x768, else the grid whose ratio is closest to the page's."""
    if width <= tile and height <= tile:
        return 0, 0
    ratio = width / height
    grids = sorted({(i, j) for n in range(min_crops, max_crops + 1) for i in range(1, n + 1) for j in range(1, n + 1)
                    if min_crops <= i * j <= max_crops}, key=lambda g: g[0] * g[1])
    best, best_diff = (1, 1), float("inf")
    for i, j in grids:
        diff = abs(ratio - i / j)
        if diff < best_diff:
            best, best_diff = (i, j), diff
        elif diff == best_diff and width * height > 0.5 * tile * tile * i * j:
            best = (i, j)
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--width", type=int, default=1536)
    ap.add_argument("--height", type=int, default=768)
    ap.add_argument("--check-params", action="store_true", help="print the parameter counts and exit")
    ap.add_argument("--expect", type=int, help="with --check-params: exit 1 unless model.model has this many")
    args = ap.parse_args()

    with _on_meta():
        model = DeepseekOCR2Model()
    model = model.to(device=DEV, dtype=DT).eval()
    total = sum(p.numel() for p in model.parameters())
    if args.check_params:
        print("model.model parameters:", total, "(the built-in model assets/models/deepseek-ocr-2.json: 3223640960)")
        print("lm_head (1280 x 129280, no bias):", 1280 * 129280)
        for name, child in model.named_children():
            print(" ", name, sum(p.numel() for p in child.parameters()))
        if args.expect is not None and total != args.expect:
            print(f"MISMATCH: the mimic has {total} parameters, expected {args.expect}")
            sys.exit(1)
        return

    w, h = count_tiles(args.width, args.height)
    crops = w * h
    image_tokens = 256 + 144 * crops + 1
    prefill = 1 + image_tokens + 9  # BOS, image tokens, "\n<|grounding|>Convert the document to markdown."
    ids = torch.zeros(1, prefill, dtype=torch.long, device=DEV)
    ori = torch.empty(1, 3, 1024, 1024, device=DEV, dtype=DT)
    inputs = [ids, ori] + ([torch.empty(crops, 3, 768, 768, device=DEV, dtype=DT)] if crops else [])

    import torchinfo
    stats = torchinfo.summary(model, input_data=inputs, depth=3, verbose=0,
                              col_names=("input_size", "output_size", "num_params", "kernel_size", "mult_adds"),
                              row_settings=("var_names", "depth"))
    import platform
    print(f"# NOT a run of the vendor model: torchinfo.summary() of a MIMIC of DeepSeek-OCR 2's module tree (model.model),")
    print(f"# built in plain torch.nn by ModelMeter's scripts/ocr2-torchinfo/make_summary.py (class names, attribute names and")
    print(f"# dimensions from the vendor's code; no vendor code, no weights), forward on the meta device (shapes only; MoE")
    print(f"# tokens dispatched round-robin). torchinfo {torchinfo.__version__} (TylerYep/torchinfo 5c4164f), torch {torch.__version__}")
    print(f"# (Debian python3-torch 1.13.1), Python {platform.python_version()}. Page {args.width}x{args.height} -> "
          f"{'%dx%d crops' % (w, h) if crops else 'no crops'}, T = 256 + 144 x {crops} + 1 = {image_tokens}, prefill S = {prefill}.")
    print(f"# Command: PYTHONPATH=<torchinfo checkout> python3 make_summary.py --width {args.width} --height {args.height}")
    print(stats)


class _on_meta:
    """torch 1.13 has no `with torch.device("meta")`: the factories modules build their weights with
    (torch.empty, zeros, ones) default to the meta device meanwhile, so 3.2 billion parameters take no memory."""

    names = ("empty", "zeros", "ones")

    def __enter__(self):
        self.saved = {n: getattr(torch, n) for n in self.names}
        for n, f in self.saved.items():
            setattr(torch, n, lambda *a, _f=f, **k: _f(*a, **{**k, "device": k.get("device") or DEV}))
        return self

    def __exit__(self, *exc):
        for n, f in self.saved.items():
            setattr(torch, n, f)
        return False


if __name__ == "__main__":
    main()
