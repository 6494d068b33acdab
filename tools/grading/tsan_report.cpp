#include "tools/grading/tsan_report.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

#include <fmt/format.h>

namespace chaossim::grading {
namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// "    #3 <null> <null> (submission-tsan.so+0x1234)": the module and offset.
std::optional<TsanFrame> frame_of(std::string_view line) {
  const std::string_view t = trimmed(line);
  if (!t.starts_with('#') || !t.ends_with(')')) return std::nullopt;
  const std::size_t open = t.rfind('(');
  if (open == std::string_view::npos) return std::nullopt;
  const std::string_view inside = t.substr(open + 1, t.size() - open - 2);
  const std::size_t plus = inside.rfind("+0x");
  if (plus == std::string_view::npos) return std::nullopt;
  TsanFrame frame{std::string(inside.substr(0, plus)), 0};
  try {
    frame.offset = std::stoull(std::string(inside.substr(plus + 3)), nullptr, 16);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  return frame;
}

// "  Write of size 4 at 0x7b0400000010 by thread T2:" -> "write of size 4 by
// thread T2"; sections about where memory or threads came from are left out.
std::optional<std::string> section_title(std::string_view line) {
  if (!line.starts_with("  ") || line.starts_with("    ") || !line.ends_with(':')) return std::nullopt;
  std::string_view t = trimmed(line);
  t.remove_suffix(1);
  for (std::string_view skipped : {"Location is", "Thread T", "Mutex M"})
    if (t.starts_with(skipped) && t.find("acquired") == std::string_view::npos) return std::nullopt;
  std::string title(t);
  if (const auto at = title.find(" at 0x"); at != std::string::npos) {
    const auto end = title.find(' ', at + 4);
    title.erase(at, end == std::string::npos ? std::string::npos : end - at);
  }
  if (!title.empty()) title[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(title[0])));
  return title;
}

// A place in the student's files: what the compiler saw under src/, which
// the build names relative; the system's headers have absolute paths.
bool students(const SourcePlace& place) {
  return !place.location.empty() && place.location.front() != '/' && !place.location.starts_with("??");
}

std::string place_text(const SourcePlace& place) {
  std::string location = place.location;
  while (location.starts_with("./")) location.erase(0, 2);
  if (const auto paren = location.find(" (discriminator"); paren != std::string::npos) location.erase(paren);
  return fmt::format("{} at {}", place.function, location);
}

}  // namespace

std::vector<TsanReport> parse_tsan_reports(std::string_view error_output) {
  std::vector<TsanReport> reports;
  TsanReport* current = nullptr;
  TsanSection* section = nullptr;
  constexpr std::string_view marker = "WARNING: ThreadSanitizer: ";
  for (const std::string_view line : lines_of(error_output)) {
    if (line.starts_with(marker)) {
      std::string kind(line.substr(marker.size()));
      if (const auto pid = kind.find(" (pid="); pid != std::string::npos) kind.erase(pid);
      reports.push_back({kind, {}});
      current = &reports.back();
      section = nullptr;
      continue;
    }
    if (current == nullptr) continue;
    if (line.starts_with("SUMMARY: ThreadSanitizer") || line.starts_with("=================")) {
      current = nullptr;
      continue;
    }
    if (const auto title = section_title(line)) {
      current->sections.push_back({*title, {}});
      section = &current->sections.back();
      continue;
    }
    if (trimmed(line).empty() || !line.starts_with("    ")) {
      if (!trimmed(line).empty()) section = nullptr;
      continue;
    }
    if (section == nullptr) continue;
    if (auto frame = frame_of(line)) section->frames.push_back(std::move(*frame));
  }
  return reports;
}

Symbols parse_addr2line(std::string_view output) {
  Symbols symbols;
  std::vector<SourcePlace>* places = nullptr;
  std::optional<std::string> function;
  for (const std::string_view line : lines_of(output)) {
    if (line.starts_with("0x")) {
      try {
        places = &symbols[std::stoull(std::string(line.substr(2)), nullptr, 16)];
      } catch (const std::exception&) {
        places = nullptr;
      }
      function.reset();
      continue;
    }
    if (places == nullptr) continue;
    if (!function) {
      function = std::string(line);
    } else {
      places->push_back({*function, std::string(line)});
      function.reset();
    }
  }
  return symbols;
}

std::vector<std::uint64_t> offsets_in(const std::vector<TsanReport>& reports, std::string_view module) {
  std::set<std::uint64_t> offsets;
  for (const auto& report : reports)
    for (const auto& section : report.sections)
      for (const auto& frame : section.frames)
        if (frame.module == module) offsets.insert(frame.offset);
  return {offsets.begin(), offsets.end()};
}

std::string describe_tsan_reports(const std::vector<TsanReport>& reports, std::string_view module, const Symbols& symbols,
                                  std::size_t most) {
  constexpr std::size_t frames_shown = 4;
  std::vector<std::string> texts;
  std::set<std::string> seen;
  for (const auto& report : reports) {
    std::string text = report.kind + "\n";
    for (const auto& section : report.sections) {
      std::vector<std::string> shown;
      for (const auto& frame : section.frames) {
        if (frame.module != module) continue;
        const auto found = symbols.find(frame.offset);
        if (found == symbols.end()) continue;
        for (const auto& place : found->second)
          if (students(place) && shown.size() < frames_shown) shown.push_back(place_text(place));
      }
      // Two sections showing the same line are one place, seen twice.
      shown.erase(std::unique(shown.begin(), shown.end()), shown.end());
      text += fmt::format("  {}:\n", section.title);
      if (shown.empty()) text += "    (not in your files)\n";
      for (const auto& s : shown) text += "    " + s + "\n";
    }
    // The same bug is found again with other addresses and threads: one report each.
    std::string key;
    for (std::size_t at = 0; at < text.size();) {
      const auto end = std::min(text.find('\n', at), text.size());
      const std::string_view line(text.data() + at, end - at);
      if (!line.starts_with("  ") || line.starts_with("    ")) key += std::string(line) + "\n";
      at = end + 1;
    }
    if (seen.insert(key).second) texts.push_back(std::move(text));
  }
  if (texts.empty()) return {};
  std::string out = fmt::format("ThreadSanitizer found {} {} in your code{}:\n", texts.size(),
                                texts.size() == 1 ? "problem" : "distinct problems",
                                texts.size() > most ? fmt::format(" (the first {} shown)", most) : "");
  for (std::size_t i = 0; i < texts.size() && i < most; ++i) out += "\n" + texts[i];
  return out;
}

}  // namespace chaossim::grading
