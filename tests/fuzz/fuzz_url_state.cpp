// Fuzz target: the share-link codec (the page's URL hash, the desktop app's --state). Any text decodes
// to options plus notices; the options then encode to a link that decodes to the same options
// (decode(encode(x)) == x, checked through the encoding) and analyse or fail with a sentence.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/link/url_state.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const mm::Catalog& catalog = mm::fuzz::catalog();
    const mm::AnalyzeOptions defaults;
    // The keys the page and the desktop app own (their view state) pass through untouched.

    const mm::UrlState state = mm::decode_url_state(text, catalog, defaults, mm::kPageViewKeys);
    for (const std::string& n : state.notices) mm::fuzz::check_message(mm::make_error(n));

    const std::string link = mm::encode_url_state(state.options, state.app_params);
    const mm::UrlState again = mm::decode_url_state(link, catalog, defaults, mm::kPageViewKeys);
    if (!again.notices.empty()) mm::fuzz::fail("a link the codec wrote has notices when read back", link + "\n" + again.notices.front());
    const std::string link2 = mm::encode_url_state(again.options, again.app_params);
    if (link2 != link) mm::fuzz::fail("decode(encode(options)) differs", link + "\n" + link2);
    if (again.app_params != state.app_params) mm::fuzz::fail("the app's parameters did not round-trip", link);

    auto analysis = mm::analyze(catalog, state.options);
    if (!analysis.ok()) mm::fuzz::check_message(analysis.error());
    return 0;
}
