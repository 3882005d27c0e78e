#include "html.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <utility>

namespace trainjob::cli {
namespace {

// ---- text ------------------------------------------------------------------------------

std::string esc(std::string_view s) { return html_escape(s); }

/// Code points in s (UTF-8): the width a monospace font gives it, in characters.
std::size_t chars(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

/// s cut to `max` characters with "…", at a code point boundary.
std::string fit(std::string_view s, std::size_t max) {
  if (chars(s) <= max) return std::string(s);
  if (max == 0) return "";
  std::size_t kept = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && kept++ == max - 1) break;
  }
  return std::string(s.substr(0, i)) + "\xE2\x80\xA6";
}

std::string num(std::int64_t v) { return std::to_string(v); }

// ---- the page --------------------------------------------------------------------------

// Monospace at 11px: about 6.7px a character, which `fit` relies on.
constexpr int char_px = 7;

const char* const page_style = R"(
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1a202c;background:#fff}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 6px;border-bottom:1px solid #e2e8f0}
h3{font-size:14px;margin:14px 0 4px}.meta{color:#4a5568;margin:0 0 12px}
table{border-collapse:collapse;margin:6px 0 10px}th,td{border:1px solid #e2e8f0;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f7fafc;font-weight:600}td.mono,span.mono{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px}
.sev{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-size:12px}
.sev-error{background:#c53030}.sev-warning{background:#b7791f}.sev-info{background:#2b6cb0}.none{color:#718096}
figure{margin:8px 0 16px}figcaption{color:#4a5568;font-size:12px;max-width:960px}
.scroll{overflow-x:auto}table.findings td:first-child,span.mono{white-space:nowrap}
svg text{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:11px;fill:#1a202c}
svg text.head{font-weight:bold}svg text.side{font-weight:bold;font-size:12px}svg text.on{fill:#fff}
svg .s-True{fill:#2f855a}svg .s-False{fill:#cbd5e0}svg .s-Unknown{fill:#ecc94b}svg .s-label{fill:#edf2f7}
svg .undated{stroke:#1a202c;stroke-dasharray:3 2}
svg .lane{stroke:#e2e8f0}svg .grid{stroke:#edf2f7}
svg .mark{fill:#e53e3e;fill-opacity:.08;stroke:#e53e3e;stroke-dasharray:4 3}svg text.mark-label{fill:#c53030;font-weight:bold}
.legend span{display:inline-block;width:12px;height:12px;margin:0 4px -2px 12px;border:1px solid #a0aec0}
.legend .s-True{background:#2f855a}.legend .s-False{background:#cbd5e0}.legend .s-Unknown{background:#ecc94b}
.legend .s-absent{background:#fff}
)";

std::string page(const std::string& title, const std::string& body) {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         // No script and nothing fetched, even if a string were to slip through unescaped.
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
         "'unsafe-inline'\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
         esc(title) + "</title>\n<style>" + page_style + "</style>\n</head>\n<body>\n" + body +
         "</body>\n</html>\n";
}

std::string legend() {
  return "<p class=\"legend\">condition status:<span class=\"s-True\"></span>True<span "
         "class=\"s-False\"></span>False<span class=\"s-Unknown\"></span>Unknown<span "
         "class=\"s-absent\"></span>absent</p>\n";
}

/// A table: the header, then rows whose cells are already HTML.
std::string table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                  const char* cls = nullptr) {
  std::string out = cls != nullptr ? std::string("<table class=\"") + cls + "\">\n<tr>" : "<table>\n<tr>";
  for (const auto& h : header) out += "<th>" + esc(h) + "</th>";
  out += "</tr>\n";
  for (const auto& r : rows) {
    out += "<tr>";
    for (const auto& c : r) out += "<td>" + c + "</td>";
    out += "</tr>\n";
  }
  return out + "</table>\n";
}

// ---- SVG -------------------------------------------------------------------------------

struct svg {
  std::string out;
  void rect(int x, int y, int w, int h, const std::string& cls, const std::string& title = "") {
    out += "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(w) + "\" height=\"" + num(h) +
           "\" class=\"" + cls + "\"";
    out += title.empty() ? "/>" : "><title>" + esc(title) + "</title></rect>";
    out += "\n";
  }
  void text(int x, int y, std::string_view s, const char* cls = nullptr, const char* anchor = nullptr) {
    out += "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\"";
    if (cls != nullptr) out += std::string(" class=\"") + cls + "\"";
    if (anchor != nullptr) out += std::string(" text-anchor=\"") + anchor + "\"";
    out += ">" + esc(s) + "</text>\n";
  }
  void line(int x1, int y1, int x2, int y2, const char* cls) {
    out += "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" + num(y2) +
           "\" class=\"" + cls + "\"/>\n";
  }
  std::string finish(int width, int height, const std::string& label) const {
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(width) + "\" height=\"" + num(height) +
           "\" viewBox=\"0 0 " + num(width) + " " + num(height) + "\" role=\"img\" aria-label=\"" +
           esc(label) + "\">\n" + out + "</svg>\n";
  }
};

/// One step's cell in a row of the timeline: equal keys on adjacent steps make one band.
struct cell {
  std::string key;  // "": nothing drawn (an absent condition)
  std::string text, cls, title;
};
struct row {
  std::string label;
  std::vector<cell> cells;
};
struct side_block {
  std::string label;
  std::vector<row> rows;
};

/// "Type=Status(Reason)" (step_view's form) as its three parts.
struct parsed_condition {
  std::string type, status, reason;
};
parsed_condition parse_condition(const std::string& s) {
  parsed_condition c;
  const auto eq = s.find('=');
  c.type = s.substr(0, eq);
  if (eq == std::string::npos) return c;
  const auto open = s.find('(', eq);
  c.status = s.substr(eq + 1, open == std::string::npos ? std::string::npos : open - eq - 1);
  if (open != std::string::npos && s.size() > open + 1) c.reason = s.substr(open + 1, s.size() - open - 2);
  return c;
}

/// A summary view's word for a row: a string, or an object's "status".
std::string summary_word(const trainjob::step_view& v, const std::string& key) {
  const auto it = v.summary.find(key);
  if (it == v.summary.end()) return "-";
  if (it->is_string()) return it->get<std::string>().empty() ? "-" : it->get<std::string>();
  if (it->is_object()) {
    const auto s = it->find("status");
    if (s != it->end() && s->is_string()) return s->get<std::string>();
  }
  return trainjob::aspect_text(v, "summary." + key);
}

/// A side's rows: one per condition type of `types`, then the State column, kstatus, the
/// SDK's status and the actions, one cell per step.
side_block block_of(const std::string& label, const trainjob::side_trace& t,
                    const std::vector<std::string>& types) {
  side_block b{label, {}};
  for (const auto& type : types) {
    row r{type, {}};
    for (const auto& v : t.views) {
      cell c;
      for (const auto& s : v.conditions) {
        const parsed_condition p = parse_condition(s);
        if (p.type != type) continue;
        const bool known = p.status == "True" || p.status == "False" || p.status == "Unknown";
        c = {p.status + "(" + p.reason + ")", p.reason.empty() ? p.status : p.reason,
             "s-" + (known ? p.status : std::string("Unknown")), s};
        break;
      }
      r.cells.push_back(std::move(c));
    }
    b.rows.push_back(std::move(r));
  }
  const std::pair<const char*, const char*> words[] = {
      {"State column", "stateColumn"}, {"kstatus", "kstatus"}, {"SDK status", "sdkStatus"}};
  for (const auto& [name, key] : words) {
    row r{name, {}};
    for (const auto& v : t.views) {
      const std::string w = summary_word(v, key);
      r.cells.push_back({w, w, "s-label",
                         std::string(name) + ": " + trainjob::aspect_text(v, "summary." + std::string(key))});
    }
    b.rows.push_back(std::move(r));
  }
  row acts{"actions", {}};
  for (const auto& v : t.views) {
    const std::string a = trainjob::aspect_text(v, "actions");
    std::string title = "actions: " + a;
    if (!v.events.empty()) title += "\nevents: " + trainjob::aspect_text(v, "events");
    acts.cells.push_back({a + "|" + title, a, "s-label", title});
  }
  b.rows.push_back(std::move(acts));
  return b;
}

/// The condition types any view of the traces shows, in order of first appearance.
std::vector<std::string> types_of(std::initializer_list<const trainjob::side_trace*> traces) {
  std::vector<std::string> out;
  for (const auto* t : traces) {
    for (const auto& v : t->views) {
      for (const auto& s : v.conditions) {
        std::string type = parse_condition(s).type;
        if (std::find(out.begin(), out.end(), type) == out.end()) out.push_back(std::move(type));
      }
    }
  }
  return out;
}

/// The timeline: steps left to right (the index, the time, what happened), then each side's
/// rows; `marked` outlines that step's column, labelled `mark_text`.
std::string timeline_svg(const trainjob::side_trace& head, const std::vector<side_block>& sides,
                         std::optional<std::size_t> marked, const std::string& mark_text) {
  const int label_w = 190, top = 18, header_h = 36, happened_h = 22, side_h = 24, row_h = 22, gap = 10;
  const std::size_t n = head.rows.size();
  const int step_w = std::clamp(n == 0 ? 200 : static_cast<int>(940 / n), 140, 220);
  const std::size_t step_chars = static_cast<std::size_t>((step_w - 8) / char_px);
  svg g;
  int y = top;
  std::string previous_date;
  for (std::size_t i = 0; i < n; ++i) {
    const int x = label_w + static_cast<int>(i) * step_w;
    const std::string& now = head.rows[i].cells[1];
    g.line(x, top, x, top + header_h, "grid");
    g.text(x + 4, y + 13, "step " + std::to_string(i), "head");
    // The date once, then again when it changes: the time alone is what moves.
    const bool rfc = now.size() == 20 && now[10] == 'T';
    std::string when = now;
    if (rfc) {
      const std::string date = now.substr(0, 10);
      when = (date != previous_date ? date + " " : std::string()) + now.substr(11, 8);
      previous_date = date;
    }
    g.text(x + 4, y + 29, fit(when, step_chars));
  }
  g.text(4, y + 13, "STEP", "head");
  g.text(4, y + 29, "NOW (UTC)", "head");
  y += header_h;
  g.text(4, y + 15, "what happened", "head");
  for (std::size_t i = 0; i < n; ++i) {
    const int x = label_w + static_cast<int>(i) * step_w;
    const std::string& what = head.rows[i].cells[2];
    g.out += "<g><title>" + esc(what) + "</title>";
    g.text(x + 4, y + 15, fit(what, step_chars));
    g.out += "</g>\n";
  }
  y += happened_h;
  const std::size_t label_chars = static_cast<std::size_t>((label_w - 12) / char_px);
  for (const auto& b : sides) {
    y += gap;
    g.line(0, y, label_w + static_cast<int>(n) * step_w, y, "lane");
    g.text(4, y + 17, fit(b.label, label_chars + 8), "side");
    y += side_h;
    for (const auto& r : b.rows) {
      g.line(label_w, y + row_h / 2, label_w + static_cast<int>(n) * step_w, y + row_h / 2, "lane");
      g.out += "<g><title>" + esc(r.label) + "</title>";
      g.text(12, y + 15, fit(r.label, label_chars));
      g.out += "</g>\n";
      for (std::size_t i = 0; i < r.cells.size();) {
        std::size_t j = i + 1;
        while (j < r.cells.size() && r.cells[j].key == r.cells[i].key) ++j;
        const cell& c = r.cells[i];
        if (!c.key.empty()) {
          const int x = label_w + static_cast<int>(i) * step_w + 2;
          const int w = static_cast<int>(j - i) * step_w - 4;
          const std::string steps = j - i == 1 ? "step " + std::to_string(i)
                                               : "steps " + std::to_string(i) + "-" + std::to_string(j - 1);
          g.rect(x, y + 2, w, row_h - 4, c.cls, c.title + " (" + steps + ")");
          g.text(x + 4, y + 15, fit(c.text, static_cast<std::size_t>((w - 8) / char_px)),
                 c.cls == "s-True" ? "on" : nullptr);
        }
        i = j;
      }
      y += row_h;
    }
  }
  const int width = label_w + static_cast<int>(n) * step_w + 2, height = y + 6;
  if (marked && *marked < n) {
    const int x = label_w + static_cast<int>(*marked) * step_w;
    const char* cls = mark_text == "violation" ? "violation-step" : "first-difference";
    g.out += std::string("<g class=\"") + cls + "\" id=\"mark-" + std::to_string(*marked) + "\">";
    g.rect(x + 1, 1, step_w - 2, height - 2, "mark", mark_text + ": step " + std::to_string(*marked));
    g.text(x + 4, 13, "\xE2\x96\xBC " + mark_text, "mark-label");
    g.out += "</g>\n";
  }
  std::string label = "timeline";
  for (const auto& b : sides) label += (label == "timeline" ? ": " : " above ") + b.label;
  return "<div class=\"scroll\">" + g.finish(width, height, label) + "</div>\n";
}

std::string difference_rows(const trainjob::difference& d, const std::string& la, const std::string& lb) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& a : d.aspects) {
    rows.push_back({"<span class=\"mono\">" + esc(a) + "</span>", esc(trainjob::aspect_text(d.from, a)),
                    esc(trainjob::aspect_text(d.to, a))});
  }
  return table({"aspect", la, lb}, rows, "difference");
}

std::string witness_figure(const trainjob::side_trace& a, const trainjob::side_trace& b,
                           const std::string& la, const std::string& lb, std::optional<std::size_t> marked) {
  const std::vector<std::string> types = types_of({&a, &b});
  const std::vector<side_block> blocks{block_of(la, a, types), block_of(lb, b, types)};
  std::string caption =
      "Each side replays the same steps: one row per condition type, a band per run of steps "
      "with the same status and reason; then the State column, kstatus, the SDK's status and "
      "the actions. Hover a band for its full text.";
  if (marked) caption += " The outlined column is the first step whose views differ.";
  return "<figure>\n" + timeline_svg(a, blocks, marked, "first difference") + "<figcaption>" + esc(caption) +
         "</figcaption>\n</figure>\n";
}

}  // namespace

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        if (static_cast<unsigned char>(ch) < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') {
          out += "\xEF\xBF\xBD";
        } else {
          out += ch;
        }
    }
  }
  return out;
}

// ---- compare ---------------------------------------------------------------------------

compare_page::compare_page(std::string from_label, std::string to_label)
    : from_label_(std::move(from_label)), to_label_(std::move(to_label)) {}

void compare_page::add_scenario(const std::string& file, const std::string& name,
                                const trainjob::scenario_comparison& c) {
  const auto& d = c.first_difference;
  const bool violated = !c.from.violations.empty() || !c.to.violations.empty();
  body_ += "<section class=\"scenario\">\n<h2>" + esc(file) + "</h2>\n";
  if (!name.empty()) body_ += "<p class=\"meta\">" + esc(name) + "</p>\n";
  if (d) {
    body_ += "<h3 class=\"difference\">First difference: step " + std::to_string(d->step) + "</h3>\n";
    body_ += difference_rows(*d, from_label_, to_label_);
  } else {
    body_ +=
        "<p class=\"no-difference\">no difference (" + std::to_string(c.from.views.size()) + " steps)</p>\n";
  }
  body_ += witness_figure(c.from, c.to, from_label_, to_label_, d ? std::optional(d->step) : std::nullopt);
  if (violated) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& [t, label] : {std::pair(&c.from, &from_label_), std::pair(&c.to, &to_label_)}) {
      for (const auto& v : t->violations) {
        rows.push_back(
            {esc(*label), esc(trainjob::to_string(v.invariant)), std::to_string(v.step), esc(v.message)});
      }
    }
    body_ += "<h3>Invariants violated</h3>\n" +
             table({"side", "invariant", "step", "message"}, rows, "violations");
  }
  body_ += "</section>\n";
}

void compare_page::add_explore_summary(std::size_t depth, std::uint64_t histories, std::uint64_t runs) {
  body_ += "<p class=\"meta\">every history of up to " + std::to_string(depth) +
           " events from a catalogue of " + std::to_string(trainjob::explore_event_count) + ": " +
           std::to_string(histories) + " histories (" + std::to_string(runs) + " run)</p>\n";
}

void compare_page::add_explored_difference(std::size_t i, std::size_t n,
                                           const trainjob::explored_difference& d,
                                           const trainjob::scenario_comparison& c) {
  body_ += "<section class=\"difference\">\n<h2>Difference " + std::to_string(i + 1) + " of " +
           std::to_string(n) + ": step " + std::to_string(d.difference.step) + ", in " +
           std::to_string(d.histories) + " histories</h2>\n";
  body_ += difference_rows(d.difference, from_label_, to_label_);
  std::string events = "creation";
  for (const auto& e : d.events) events += ", " + e;
  body_ += "<p>witness: <span class=\"mono\">" + esc(events) + "</span></p>\n";
  body_ += witness_figure(c.from, c.to, from_label_, to_label_, d.difference.step);
  body_ += "</section>\n";
}

void compare_page::add_explored_violation(std::size_t i, std::size_t n, const trainjob::explored_violation& v,
                                          const trainjob::side_trace& t) {
  const std::string& label = v.to_side ? to_label_ : from_label_;
  body_ += "<section class=\"violation\">\n<h2>Violation " + std::to_string(i + 1) + " of " +
           std::to_string(n) + ": " + esc(label) + " " + esc(trainjob::to_string(v.invariant)) + " at step " +
           std::to_string(v.step) + "</h2>\n<p>" + esc(v.message) + "</p>\n";
  std::string events = "creation";
  for (const auto& e : v.events) events += ", " + e;
  body_ += "<p>witness: <span class=\"mono\">" + esc(events) + "</span></p>\n";
  const std::vector<side_block> blocks{block_of(label, t, types_of({&t}))};
  body_ += "<figure>\n" + timeline_svg(t, blocks, v.step, "violation") +
           "<figcaption>The side that violates the invariant, replaying the witness; the outlined column is "
           "the step of the violation.</figcaption>\n</figure>\n</section>\n";
}

std::string compare_page::finish(const std::string& footer) const {
  const std::string title = "compare " + from_label_ + " \xE2\x86\x92 " + to_label_;
  return page(title, "<h1>" + esc(title) + "</h1>\n" + legend() + body_ + "<p class=\"meta summary\">" +
                         esc(footer) + "</p>\n");
}

// ---- audit -----------------------------------------------------------------------------

namespace {

std::string severity_badge(const std::string& s) {
  const bool known = s == "error" || s == "warning" || s == "info";
  return "<span class=\"sev sev-" + (known ? s : std::string("info")) + "\">" + esc(s) + "</span>";
}

/// A snapshot's one moment: each stored condition as a band from its lastTransitionTime to
/// `now`, on an axis from the earliest time the job shows.
std::string conditions_svg(const trainjob::train_job& tj, trainjob::timestamp now) {
  const auto& conds = tj.status.conditions;
  std::int64_t t0 = now.unix_seconds();
  if (!tj.metadata.creation_timestamp.is_zero())
    t0 = std::min(t0, tj.metadata.creation_timestamp.unix_seconds());
  for (const auto& c : conds) {
    if (!c.last_transition_time.is_zero()) t0 = std::min(t0, c.last_transition_time.unix_seconds());
  }
  const std::int64_t t1 = std::max(now.unix_seconds(), t0 + 1);
  const int label_w = 190, axis_w = 640, row_h = 22, top = 20;
  // Doubles: the span may be any two times the decoder accepts.
  const auto x_of = [&](std::int64_t t) {
    const double f = static_cast<double>(t - t0) / static_cast<double>(t1 - t0);
    return label_w + static_cast<int>(std::clamp(f, 0.0, 1.0) * axis_w);
  };
  svg g;
  g.text(label_w, 12, fit(trainjob::timestamp::from_unix(t0).to_string(), 22));
  g.text(label_w + axis_w, 12, "now " + now.to_string(), nullptr, "end");
  g.line(label_w, top - 4, label_w + axis_w, top - 4, "lane");
  int y = top;
  if (!tj.metadata.creation_timestamp.is_zero()) {
    const int x = x_of(tj.metadata.creation_timestamp.unix_seconds());
    g.line(x, top - 8, x, top, "undated");
  }
  for (const auto& c : conds) {
    const std::string status(trainjob::to_string(c.status));
    g.out += "<g><title>" + esc(c.type) + "</title>";
    g.text(12, y + 15, fit(c.type, 25));
    g.out += "</g>\n";
    const bool dated = !c.last_transition_time.is_zero();
    const int x = dated ? x_of(c.last_transition_time.unix_seconds()) : label_w;
    const int w = std::max(label_w + axis_w - x, 4);
    std::string title = c.type + "=" + status + "(" + c.reason + ")";
    title += dated ? " since " + c.last_transition_time.to_string() : ", no lastTransitionTime";
    if (!c.message.empty()) title += ": " + c.message;
    g.rect(x, y + 2, w, row_h - 4, "s-" + status + (dated ? "" : " undated"), title);
    const std::string words = c.reason.empty() ? status : status + " \xC2\xB7 " + c.reason;
    g.text(x + 4, y + 15, fit(words, static_cast<std::size_t>(std::max(w - 8, 0) / char_px)),
           c.status == trainjob::condition_status::true_ ? "on" : nullptr);
    y += row_h;
  }
  if (conds.empty()) {
    g.text(12, y + 15, "no conditions", "head");
    y += row_h;
  }
  return "<div class=\"scroll\">" +
         g.finish(label_w + axis_w + 4, y + 4, "conditions of " + tj.metadata.name) + "</div>\n";
}

std::string pass_text(const trainjob::pass_summary& p) {
  std::string out;
  for (const auto& c : p.changes) out += (out.empty() ? "" : "; ") + c;
  std::string acts;
  for (const auto& a : p.actions) acts += (acts.empty() ? "" : ", ") + a;
  if (out.empty()) out = "no condition change";
  return out + (acts.empty() ? "" : "; " + acts);
}

}  // namespace

std::string audit_page(const trainjob::audit_report& report,
                       const std::vector<trainjob::train_job>& trainjobs) {
  std::map<std::pair<std::string, std::string>, const trainjob::train_job*> by_name;
  for (const auto& tj : trainjobs) by_name.emplace(std::pair(tj.metadata.namespace_, tj.metadata.name), &tj);
  std::size_t counts[3] = {0, 0, 0};
  for (const auto& e : report.entries) {
    for (const auto& f : e.findings) ++counts[f.severity == "error" ? 0 : f.severity == "warning" ? 1 : 2];
  }
  std::string title = "audit under " + std::string(trainjob::to_string(report.profile));
  if (report.upgrade_to) title += ", upgrade to " + std::string(trainjob::to_string(*report.upgrade_to));
  std::string body = "<h1>" + esc(title) + "</h1>\n<p class=\"meta summary\">at " +
                     esc(report.now.to_string()) + ": " + std::to_string(report.entries.size()) +
                     " objects, " + std::to_string(report.finding_count()) + " findings (" +
                     std::to_string(counts[0]) + " errors, " + std::to_string(counts[1]) + " warnings, " +
                     std::to_string(counts[2]) + " info)</p>\n" + legend();
  for (std::size_t i = 0; i < report.entries.size();) {
    const std::string& ns = report.entries[i].namespace_;
    std::size_t j = i;
    while (j < report.entries.size() && report.entries[j].namespace_ == ns) ++j;
    body += "<section class=\"namespace\">\n<h2>namespace " + esc(ns.empty() ? "<none>" : ns) + "</h2>\n";
    // Rows and bands for what has findings; the rest by name only, folded: a cluster's
    // 100,000 clean jobs drawn one by one made a 98 MB page no browser wants to open.
    std::vector<std::vector<std::string>> rows;
    std::string clean;
    std::size_t clean_count = 0;
    for (std::size_t k = i; k < j; ++k) {
      const auto& e = report.entries[k];
      const std::string name = esc(e.kind == "TrainJob" ? e.name : "jobset/" + e.name);
      const std::string state = esc(e.state.empty() ? "<none>" : e.state);
      if (e.findings.empty()) {
        clean += (clean_count++ == 0 ? "" : ", ") + name + " <span class=\"none\">(" + state + ")</span>";
      }
      for (const auto& f : e.findings) {
        rows.push_back({name, state, severity_badge(f.severity),
                        "<span class=\"mono\">" + esc(f.rule) + "</span>", esc(f.message)});
      }
    }
    if (!rows.empty()) body += table({"name", "state", "severity", "rule", "message"}, rows, "findings");
    if (clean_count != 0) {
      body += "<details class=\"clean\"><summary>" + std::to_string(clean_count) +
              " without findings</summary>\n<p>" + clean + "</p></details>\n";
    }
    for (std::size_t k = i; k < j; ++k) {
      const auto& e = report.entries[k];
      const auto it = by_name.find({e.namespace_, e.name});
      if (e.kind != "TrainJob" || e.findings.empty() || it == by_name.end()) continue;
      body += "<figure class=\"trainjob\">\n<h3>" + esc(e.name) + " <span class=\"none\">(State column: " +
              esc(e.state_column.empty() ? "none" : e.state_column) + ")</span></h3>\n" +
              conditions_svg(*it->second, report.now);
      std::string caption =
          "A snapshot holds one moment: each band is a condition as stored, from its "
          "lastTransitionTime to now; earlier transitions are not in the snapshot.";
      if (e.pass)
        caption += " The pass under " + std::string(trainjob::to_string(e.pass->profile)) + ": " +
                   pass_text(*e.pass) + ".";
      if (e.upgrade)
        caption += " Under " + std::string(trainjob::to_string(e.upgrade->profile)) + ": " +
                   pass_text(*e.upgrade) + ".";
      body += "<figcaption>" + esc(caption) + "</figcaption>\n</figure>\n";
    }
    body += "</section>\n";
    i = j;
  }
  if (report.entries.empty()) body += "<p class=\"none\">no TrainJobs and no JobSets</p>\n";
  return page(title, body);
}

}  // namespace trainjob::cli
