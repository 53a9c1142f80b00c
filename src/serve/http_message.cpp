#include "serve/http_message.hpp"

#include <algorithm>
#include <cctype>

namespace ssis::serve {
namespace {

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string percent_decoded(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+' && plus_is_space) {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 && hex_digit(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

bool Request::has_param(std::string_view name) const { return params.find(std::string(name)) != params.end(); }

std::size_t Request::param_count(std::string_view name) const { return params.count(std::string(name)); }

std::string Request::param(std::string_view name, std::size_t index) const {
  auto [first, last] = params.equal_range(std::string(name));
  for (; first != last; ++first, --index)
    if (index == 0) return first->second;
  return {};
}

std::string Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (same_name(key, name)) return value;
  return {};
}

void Response::set_header(std::string name, std::string value) { headers.emplace_back(std::move(name), std::move(value)); }

bool Response::has_header(std::string_view name) const {
  return std::any_of(headers.begin(), headers.end(), [&](const auto& header) { return same_name(header.first, name); });
}

void read_target(std::string_view target, Request& request) {
  const std::size_t question = target.find('?');
  request.path = std::string(target.substr(0, question));
  if (question == std::string_view::npos) return;
  std::string_view query = target.substr(question + 1);
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t equals = pair.find('=');
    request.params.emplace(percent_decoded(pair.substr(0, equals), true),
                           equals == std::string_view::npos ? std::string() : percent_decoded(pair.substr(equals + 1), true));
  }
}

}  // namespace ssis::serve
