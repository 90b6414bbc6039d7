// The TorchInfo parts of `modelmeter analyze --torchinfo ... --format json`: "source",
// and "reconciliation", keys in a fixed order, base units (FLOPs, bytes).
#include "core/ingest/ingest_util.hpp"
#include "core/base/json_writer.hpp"

namespace mm {

void write_torchinfo_source(JsonWriter& w, const TorchInfoRun& run, const RecoveredWorkload& rec,
                            const ClassCoverage* coverage, const FooterCheck& footer) {
    w.begin_object("source");
    w.begin_array("kinds");
    for (const TorchInfoSource& s : run.sources) w.string({}, artifact_kind_name(s.kind));
    w.end_array();
    w.begin_array("files");
    for (const TorchInfoSource& s : run.sources) {
        w.begin_object();
        w.string("name", s.name).string("kind", artifact_kind_name(s.kind)).string("summary", s.summary);
        w.end_object();
    }
    w.end_array();
    w.begin_object("recovered");
    w.boolean("from_shapes", rec.from_shapes).boolean("standard_fallback", rec.standard_fallback);
    w.boolean("grid_ambiguous", rec.grid_ambiguous);
    for (const RecoveredField* f : rec.fields()) {
        w.begin_object(f->name);
        w.integer("value", f->value).boolean("recovered", f->recovered).string("how", f->how);
        w.end_object();
    }
    w.end_object();
    if (coverage) {
        const ClassCoverage& cov = *coverage;
        w.begin_object("coverage");
        w.number("share", cov.share).number("known", cov.known).number("total", cov.total).string("basis", cov.basis);
        w.begin_array("classes");
        for (const ClassCoverage::Entry& e : cov.classes) {
            w.begin_object();
            w.string("class_name", e.class_name).string("class_name_qualified", e.class_name_qualified);
            if (e.kind.empty()) w.null("kind");
            else w.string("kind", e.kind);
            w.string("matched_by", e.matched_by).integer("instances", e.instances).integer("rows", e.rows).number("cost_flops", e.cost);
            w.end_object();
        }
        w.end_array();
        w.end_object();
        w.begin_array("unclassified");
        for (const std::string& u : cov.unclassified) w.string({}, u);
        w.end_array();
    }
    w.begin_object("footer");
    w.boolean("available", footer.available);
    if (footer.available) {
        w.integer("footer_params", footer.footer_params).integer("row_params", footer.row_params).integer("gap", footer.gap);
        w.boolean("params_match", footer.params_match);
        w.begin_array("hidden_under");
        for (const std::string& h : footer.hidden_under) w.string({}, h);
        w.end_array();
        if (footer.footer_mult_adds) w.number("footer_mult_adds", *footer.footer_mult_adds);
        else w.null("footer_mult_adds");
        w.number("row_mult_adds", footer.row_mult_adds);
    }
    w.string("message", footer.message);
    w.end_object();
    w.begin_array("notes");
    for (const std::string& s : run.notes) w.string({}, s);
    for (const std::string& s : rec.notes) w.string({}, s);
    w.end_array();
    w.end_object();
}

void write_reconciliation(JsonWriter& w, const std::vector<Reconciled>& rows) {
    w.begin_array("reconciliation");
    for (const Reconciled& r : rows) {
        w.begin_object();
        w.string("name", r.name).string("class_name", r.class_name).integer("calls", r.calls);
        if (r.torchinfo_params) w.integer("torchinfo_params", *r.torchinfo_params);
        else w.null("torchinfo_params");
        if (r.engine_params) w.integer("engine_params", *r.engine_params);
        else w.null("engine_params");
        w.boolean("params_agree", r.params_agree);
        if (r.torchinfo_mult_adds) w.integer("torchinfo_mult_adds", *r.torchinfo_mult_adds);
        else w.null("torchinfo_mult_adds");
        if (r.engine_mult_adds) w.number("engine_mult_adds", *r.engine_mult_adds);
        else w.null("engine_mult_adds");
        w.string("verdict", verdict_name(r.verdict)).string("why", r.why);
        w.end_object();
    }
    w.end_array();
}

}  // namespace mm
