#pragma once
// What chaossim's HTML pages share: the head with its inline style, escaping,
// and gnuplot's svg made fit to sit inline.
#include <string>

namespace chaossim::reports {

// Escapes what HTML and XML reserve in text and double-quoted attributes.
std::string html_escaped(const std::string& text);
// <!DOCTYPE html> through <body>, with the inline style.
std::string html_head(const std::string& title);
// The footer and the closing tags.
std::string html_tail();
// Inline svg needs no XML prolog or namespace declarations: without them the
// page holds not a single URL.
std::string inline_svg(std::string svg);

}  // namespace chaossim::reports
