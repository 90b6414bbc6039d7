#include "core/model/module_tree.hpp"

namespace mm {

std::string_view stage_name(Stage s) {
    switch (s) {
        case Stage::vision: return "vision";
        case Stage::prefill: return "prefill";
        case Stage::decode: return "decode";
    }
    return "vision";
}

std::string_view component_name(Component c) {
    switch (c) {
        case Component::sam: return "sam";
        case Component::clip: return "clip";
        case Component::projector: return "projector";
        case Component::layout: return "layout";
        case Component::decoder: return "decoder";
        case Component::root: return "root";
    }
    return "root";
}

std::string_view repetition_name(Repetition r) {
    switch (r) {
        case Repetition::none: return "none";
        case Repetition::for_loop: return "for";
        case Repetition::parfor: return "parfor";
    }
    return "none";
}

}  // namespace mm
