#include "reports/sweep_charts.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

#include <fmt/format.h>

#include "reports/gnuplot_run.hpp"

namespace chaossim::reports {
namespace {

// A parameter's axis: numbers where every value is one (a unit left aside),
// else the values in the order first met, at 0, 1, ...
struct Axis {
  bool numeric = true;
  bool log = false;
  std::vector<double> at;             // per row
  std::vector<std::string> labels;    // categorical: per position
  std::vector<double> distinct;       // the positions used, sorted
};

std::string value_label(const nlohmann::ordered_json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

Axis axis_of(const SweepTable& t, std::size_t p) {
  Axis a;
  for (const auto& row : t.rows) {
    const auto x = numeric_value(row.values[p]);
    if (!x) a.numeric = false;
    a.at.push_back(x.value_or(0));
  }
  if (!a.numeric) {
    std::map<std::string, double> position;
    a.at.clear();
    for (const auto& row : t.rows) {
      const std::string label = value_label(row.values[p]);
      const auto [it, added] = position.emplace(label, static_cast<double>(a.labels.size()));
      if (added) a.labels.push_back(label);
      a.at.push_back(it->second);
    }
  }
  a.distinct = a.at;
  std::sort(a.distinct.begin(), a.distinct.end());
  a.distinct.erase(std::unique(a.distinct.begin(), a.distinct.end()), a.distinct.end());
  a.log = a.numeric && !a.distinct.empty() && a.distinct.front() > 0 && a.distinct.back() / a.distinct.front() >= 50;
  return a;
}

// The last two parts of a path: "$.pipelines.p.retry.budget.ratio" reads
// "budget.ratio", "$.faults[0].for" reads "faults[0].for".
std::string short_name(const std::string& path) {
  std::size_t cut = path.size();
  for (int parts = 0; parts < 2; ++parts) {
    cut = cut == 0 ? std::string::npos : path.rfind('.', cut - 1);
    if (cut == std::string::npos) return path;
    // An index alone says little: "faults.0.recover_s" keeps "faults".
    const std::size_t next = path.find('.', cut + 1);
    const std::string part = path.substr(cut + 1, next == std::string::npos ? std::string::npos : next - cut - 1);
    if (parts == 1 && !part.empty() && part.find_first_not_of("0123456789") == std::string::npos) --parts;
  }
  const std::string tail = path.substr(cut + 1);
  return tail.rfind("$", 0) == 0 ? path : tail;
}

// Charts of every point stay readable (and their svg a few MB) up to this
// many; beyond, an even subset is drawn and the caption says so.
constexpr std::size_t most_drawn = 2000;

std::size_t stride(std::size_t rows) { return rows <= most_drawn ? 1 : (rows + most_drawn - 1) / most_drawn; }

std::string subset_note(std::size_t rows) {
  return rows <= most_drawn ? std::string() : fmt::format(" One point in {} of the {} is drawn; sweep.csv has them all.", stride(rows), rows);
}

std::string number(const std::optional<double>& x) { return x ? fmt::format("{}", *x) : "NaN"; }

std::string categorical_tics(const char* axis, const std::vector<std::string>& labels) {
  std::string s = fmt::format("set {}tics (", axis);
  for (std::size_t i = 0; i < labels.size(); ++i) s += fmt::format("{}{} {}", i == 0 ? "" : ", ", gnuplot_quoted(labels[i]), i);
  return s + ")\n";
}

std::string x_axis(const Axis& a, const std::string& name) {
  std::string s = fmt::format("set xlabel {}\n", gnuplot_quoted(name));
  if (a.log) s += "set logscale x\n";
  if (!a.numeric) s += categorical_tics("x", a.labels) + fmt::format("set xrange [-0.5:{}]\n", static_cast<double>(a.labels.size()) - 0.5);
  return s;
}

// One metric against the only parameter, its band the 95% intervals.
SweepChart metric_line(const SweepTable& t, const Axis& a, std::size_t m) {
  SweepChart c{fmt::format("metric-{}", m), fmt::format("{} against {}", t.metrics[m], short_name(t.parameters[0])),
               "Mean over replications; the band is its 95% confidence interval (Student t over replications).", "", 0};
  std::vector<std::size_t> order(t.rows.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return a.at[i] < a.at[j]; });
  std::string& s = c.body;
  s += x_axis(a, t.parameters[0]);
  s += "$data << EOD\n";
  for (const auto i : order) {
    const auto& e = t.rows[i].metrics[m];
    const auto low = e.ci95 ? std::optional(e.ci95->first) : e.value;
    const auto high = e.ci95 ? std::optional(e.ci95->second) : e.value;
    s += fmt::format("{} {} {} {}\n", a.at[i], number(e.value), number(low), number(high));
  }
  s += "EOD\n";
  s += fmt::format("plot $data using 1:3:4 with filledcurves fc rgb '{0}' fs transparent solid 0.25 noborder title '95% CI', \\\n"
                   "     $data using 1:2 with linespoints lc rgb '{0}' pt 7 ps 0.6 lw 2 title {1}\n",
                   gnuplot_color(0), gnuplot_quoted(short_name(t.metrics[m])));
  return c;
}

// Whether the rows are every combination of the two parameters' values, once each.
bool full_grid(const Axis& x, const Axis& y, std::size_t rows) {
  if (x.distinct.size() * y.distinct.size() != rows) return false;
  std::map<std::pair<double, double>, int> seen;
  for (std::size_t i = 0; i < rows; ++i)
    if (++seen[{x.at[i], y.at[i]}] > 1) return false;
  return true;
}

std::size_t position(const std::vector<double>& distinct, double x) {
  return static_cast<std::size_t>(std::lower_bound(distinct.begin(), distinct.end(), x) - distinct.begin());
}

std::vector<std::string> tic_labels(const Axis& a) {
  std::vector<std::string> out;
  for (double x : a.distinct) out.push_back(a.numeric ? fmt::format("{:.4g}", x) : a.labels[static_cast<std::size_t>(x)]);
  return out;
}

// A heatmap of one metric over a grid of two parameters, cells at their
// indices; the SLO's frontier between cells that meet it and cells that do not.
SweepChart heatmap(const SweepTable& t, const Axis& x, const Axis& y, std::size_t m) {
  SweepChart c{fmt::format("heatmap-{}", m), fmt::format("{} over {} and {}", t.metrics[m], short_name(t.parameters[0]), short_name(t.parameters[1])),
               "Each cell a point (the mean over its replications). The heavy line is the SLO's frontier: the cells on either "
               "side of it differ in whether the point met its scenario's SLO.", "", 420};
  const std::size_t nx = x.distinct.size(), ny = y.distinct.size();
  std::vector<std::vector<std::optional<bool>>> met(nx, std::vector<std::optional<bool>>(ny));
  bool any_undefined = false;
  std::string& s = c.body;
  s += fmt::format("set xlabel {}\nset ylabel {}\n", gnuplot_quoted(t.parameters[0]), gnuplot_quoted(t.parameters[1]));
  s += categorical_tics("x", tic_labels(x)) + categorical_tics("y", tic_labels(y));
  s += fmt::format("set xrange [-0.5:{}]\nset yrange [-0.5:{}]\nset border 15\nunset grid\n", nx - 0.5, ny - 0.5);
  s += "set palette defined (0 '#440154', 1 '#3b528b', 2 '#21918c', 3 '#5ec962', 4 '#fde725')\n";
  // Bright is good either way.
  if (!higher_is_better(t.metrics[m])) s += "set palette negative\n";
  s += "set format cb '%.6g'\n";
  s += fmt::format("set cblabel {}\nset key outside right bottom\n", gnuplot_quoted(short_name(t.metrics[m])));
  s += "$cells << EOD\n";
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const std::size_t cx = position(x.distinct, x.at[i]), cy = position(y.distinct, y.at[i]);
    met[cx][cy] = t.rows[i].slo_met;
    const auto& v = t.rows[i].metrics[m].value;
    s += fmt::format("{} {} {} {} {}\n", cx, cy, number(v), v ? fmt::format("{:.4g}", *v) : std::string("–"), v ? 1 : 0);
    any_undefined = any_undefined || !v;
  }
  s += "EOD\n$frontier << EOD\n";
  bool any = false;
  for (std::size_t i = 0; i < nx; ++i)
    for (std::size_t j = 0; j < ny; ++j) {
      if (!met[i][j]) continue;
      if (i + 1 < nx && met[i + 1][j] && *met[i + 1][j] != *met[i][j]) s += fmt::format("{} {} 0 1\n", i + 0.5, j - 0.5), any = true;
      if (j + 1 < ny && met[i][j + 1] && *met[i][j + 1] != *met[i][j]) s += fmt::format("{} {} 1 0\n", i - 0.5, j + 0.5), any = true;
    }
  s += "EOD\n";
  s += "plot $cells using 1:2:(0.5):(0.5):3 with boxxyerror fc palette fs solid 1.0 noborder notitle";
  if (any_undefined) s += ", \\\n     $cells using ($5 == 0 ? $1 : NaN):2:(0.5):(0.5) with boxxyerror fc rgb '#bdbdbd' fs solid 1.0 noborder title 'no value'";
  if (nx * ny <= 225) s += ", \\\n     $cells using 1:2:4 with labels font ',8' tc rgb '#000000' notitle";
  if (any) s += fmt::format(", \\\n     $frontier using 1:2:3:4 with vectors nohead lw 4 lc rgb '#000000' title 'SLO frontier'");
  s += "\n";
  if (!any) c.caption += " Here every point with an SLO verdict has the same one, so there is no frontier to draw.";
  if (any_undefined) c.caption += " Grey cells have no value: for a recovery time, the fault was not recovered from in some replication.";
  return c;
}

// One line per point across every parameter and the first metric.
SweepChart parallel_coordinates(const SweepTable& t, const std::vector<Axis>& axes) {
  SweepChart c{"parallel", "Every point across its parameters and " + t.metrics.front(),
               fmt::format("One line per point; green where it met its scenario's SLO, red where it did not, grey without one. "
                           "Each axis has its own scale.{}", subset_note(t.rows.size())), "", 420};
  std::string& s = c.body;
  s += "set xtics (";
  for (std::size_t p = 0; p < axes.size(); ++p) s += fmt::format("{}{} {}", p == 0 ? "" : ", ", gnuplot_quoted(short_name(t.parameters[p])), p + 1);
  s += fmt::format(", {} {})\nunset ytics\nset border 0\nunset grid\n", gnuplot_quoted(short_name(t.metrics.front())), axes.size() + 1);
  s += "$data << EOD\n";
  for (std::size_t i = 0; i < t.rows.size(); i += stride(t.rows.size())) {
    for (const auto& a : axes) s += fmt::format("{} ", a.at[i]);
    const auto& met = t.rows[i].slo_met;
    s += fmt::format("{} {}\n", number(t.rows[i].metrics.front().value), met ? (*met ? "1" : "0") : "2");
  }
  s += "EOD\n";
  const std::size_t color = axes.size() + 2;
  s += fmt::format("plot $data using 1:(${0}==1 ? 0x2e7d32 : ${0}==0 ? 0xc62828 : 0x9e9e9e) with parallelaxes lc rgb variable notitle", color);
  for (std::size_t col = 2; col <= axes.size() + 1; ++col) s += fmt::format(", $data using {} with parallelaxes notitle", col);
  s += "\n";
  return c;
}

// Small multiples: the first metric against each parameter in turn.
SweepChart against_each(const SweepTable& t, const std::vector<Axis>& axes) {
  SweepChart c{"each-parameter", t.metrics.front() + " against each parameter",
               "Every point, once per parameter: a parameter the metric depends on shows a trend; one it does not, a cloud." +
                   subset_note(t.rows.size()), "",
               static_cast<int>(260 * ((axes.size() + 2) / 3))};
  std::string& s = c.body;
  s += fmt::format("set multiplot layout {},{}\nunset title\nunset key\n", (axes.size() + 2) / 3, std::min<std::size_t>(3, axes.size()));
  s += "$data << EOD\n";
  for (std::size_t i = 0; i < t.rows.size(); i += stride(t.rows.size())) {
    for (const auto& a : axes) s += fmt::format("{} ", a.at[i]);
    s += number(t.rows[i].metrics.front().value) + "\n";
  }
  s += "EOD\n";
  for (std::size_t p = 0; p < axes.size(); ++p) {
    s += "unset logscale x\nset xtics auto\nset autoscale x\n" + x_axis(axes[p], short_name(t.parameters[p]));
    s += fmt::format("plot $data using {}:{} with points pt 7 ps 0.5 lc rgb '{}'\n", p + 1, axes.size() + 1, gnuplot_color(0));
  }
  s += "unset multiplot\n";
  return c;
}

SweepChart pareto_chart(const SweepTable& t) {
  const auto xs = *column(t, t.pareto[0]);
  const auto ys = *column(t, t.pareto[1]);
  const auto way = [&](const std::string& name) { return better_higher(t, name) ? "higher" : "lower"; };
  SweepChart c{"pareto", fmt::format("Pareto front: {} against {}", t.pareto[0], t.pareto[1]),
               fmt::format("Every point; the front (joined) holds the points no other beats on both ({} better {}, {} better {}).{}",
                           short_name(t.pareto[0]), way(t.pareto[0]), short_name(t.pareto[1]), way(t.pareto[1]),
                           subset_note(t.rows.size())), "", 380};
  std::string& s = c.body;
  s += fmt::format("set xlabel {}\nset ylabel {}\n", gnuplot_quoted(t.pareto[0]), gnuplot_quoted(t.pareto[1]));
  s += "$all << EOD\n";
  std::vector<std::pair<double, double>> front;
  std::vector<std::string> front_ids;
  const std::set<std::string> on_front(t.pareto_front.begin(), t.pareto_front.end());
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const auto& x = xs[i];
    const auto& y = ys[i];
    if (!x || !y) continue;
    if (i % stride(t.rows.size()) == 0) s += fmt::format("{} {}\n", *x, *y);
    if (on_front.count(t.rows[i].id) != 0) front.emplace_back(*x, *y), front_ids.push_back(t.rows[i].id);
  }
  s += "EOD\n$front << EOD\n";
  std::vector<std::size_t> order(front.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return front[i] < front[j]; });
  // Points of the front at the same place share one label: "p0000 +5".
  for (std::size_t k = 0; k < order.size();) {
    std::size_t same = k;
    while (same + 1 < order.size() && front[order[same + 1]] == front[order[k]]) ++same;
    const std::string label = front_ids[order[k]] + (same > k ? fmt::format(" +{}", same - k) : "");
    s += fmt::format("{} {} \"{}\"\n", front[order[k]].first, front[order[k]].second, label);  // a datablock column: double quotes
    k = same + 1;
  }
  s += "EOD\n";
  s += fmt::format("plot $all using 1:2 with points pt 7 ps 0.5 lc rgb '#9e9e9e' title 'points', \\\n"
                   "     $front using 1:2 with linespoints pt 7 ps 0.9 lw 2 lc rgb '{}' title 'Pareto front'", gnuplot_color(1));
  if (front.size() <= 30) s += ", \\\n     $front using 1:2:3 with labels offset 0,0.8 font ',8' notitle";
  s += "\n";
  return c;
}

SweepChart edge_chart(const SweepTable& t, const Axis& a) {
  const auto& e = *t.edge;
  const std::size_t m = static_cast<std::size_t>(std::find(t.metrics.begin(), t.metrics.end(), e.metric) - t.metrics.begin());
  SweepChart c{"edge", fmt::format("Where {} crosses {}", e.metric, e.threshold),
               fmt::format("Each point the search ran, with its 95% interval. {}", e.low ? fmt::format(
                   "The shaded band is the last bracket ({} to {}); the dotted lines, the nearest points sure of their side ({} to {}).",
                   *e.low, *e.high, e.confident_low ? fmt::format("{}", *e.confident_low) : "none",
                   e.confident_high ? fmt::format("{}", *e.confident_high) : "none") : e.verdict), "", 0};
  std::string& s = c.body;
  s += x_axis(a, t.parameters[0]);
  if (e.low) s += fmt::format("set object 1 rect from {},graph 0 to {},graph 1 fc rgb '#ffe082' fs solid 0.5 noborder behind\n", *e.low, *e.high);
  if (e.confident_low) s += fmt::format("set arrow 1 from {0},graph 0 to {0},graph 1 nohead dt 3 lc rgb '#777777'\n", *e.confident_low);
  if (e.confident_high) s += fmt::format("set arrow 2 from {0},graph 0 to {0},graph 1 nohead dt 3 lc rgb '#777777'\n", *e.confident_high);
  s += "$data << EOD\n";
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const MetricEstimate none;
    const auto& v = m < t.metrics.size() ? t.rows[i].metrics[m] : none;
    s += fmt::format("{} {} {} {}\n", a.at[i], number(v.value), number(v.ci95 ? std::optional(v.ci95->first) : v.value),
                     number(v.ci95 ? std::optional(v.ci95->second) : v.value));
  }
  s += "EOD\n";
  s += fmt::format("plot $data using 1:2:3:4 with yerrorbars pt 7 ps 0.7 lc rgb '{}' title {}, {} with lines dt 2 lc rgb '#c62828' title 'threshold'\n",
                   gnuplot_color(0), gnuplot_quoted(short_name(e.metric)), e.threshold);
  return c;
}

}  // namespace

std::vector<SweepChart> sweep_charts(const SweepTable& t) {
  std::vector<SweepChart> out;
  if (t.rows.empty() || t.parameters.empty()) return out;
  std::vector<Axis> axes;
  for (std::size_t p = 0; p < t.parameters.size(); ++p) axes.push_back(axis_of(t, p));
  if (t.edge && std::find(t.metrics.begin(), t.metrics.end(), t.edge->metric) != t.metrics.end()) out.push_back(edge_chart(t, axes[0]));
  if (axes.size() == 1) {
    for (std::size_t m = 0; m < t.metrics.size(); ++m) out.push_back(metric_line(t, axes[0], m));
  } else if (axes.size() == 2 && full_grid(axes[0], axes[1], t.rows.size())) {
    for (std::size_t m = 0; m < t.metrics.size(); ++m) out.push_back(heatmap(t, axes[0], axes[1], m));
  } else if (!t.metrics.empty()) {
    out.push_back(parallel_coordinates(t, axes));
    out.push_back(against_each(t, axes));
  }
  if (t.pareto.size() == 2 && !t.pareto_front.empty()) out.push_back(pareto_chart(t));
  return out;
}

std::vector<std::string> render_sweep_charts(const std::vector<SweepChart>& charts, ChartFormat format) {
  std::vector<std::string> titles;
  for (const auto& c : charts) titles.push_back(c.title);
  return run_gnuplot(titles, format, [&](std::size_t i, const std::string& output) {
    const std::string s = "reset\n" + gnuplot_preamble(format, output, charts[i].title, "", charts[i].height > 0 ? charts[i].height : 300);
    return s + charts[i].body + "unset output\n";
  });
}

}  // namespace chaossim::reports
