// FunctionLookup: a function's name matched against the name a user typed.
#include "symbols/FunctionLookup.h"

namespace rwd {

namespace {

// "ns::Widget::resize(int) const" → "ns::Widget::resize"
std::string withoutParameters(const std::string& name) {
  int depth = 0;
  for (size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '<') ++depth;
    else if (name[i] == '>') --depth;
    else if (name[i] == '(' && depth == 0 && i > 0 && name.compare(0, 8, "operator") != 0) return name.substr(0, i);
  }
  return name;
}

}  // namespace

bool functionNameMatches(const std::string& candidate, const std::string& query) {
  if (candidate == query) return true;
  const std::string bare = withoutParameters(candidate);
  if (bare == query) return true;
  // "resize" matches "ns::Widget::resize"; "Widget::resize" matches too.
  return bare.size() > query.size() + 2 && bare.compare(bare.size() - query.size(), query.size(), query) == 0 &&
         bare.compare(bare.size() - query.size() - 2, 2, "::") == 0;
}

std::string functionBaseName(const std::string& name) {
  std::string bare = withoutParameters(name);
  int depth = 0;
  size_t start = 0;
  size_t templateStart = std::string::npos;
  for (size_t i = 0; i < bare.size(); ++i) {
    if (bare[i] == '<' && depth++ == 0) templateStart = i;
    else if (bare[i] == '>') --depth;
    else if (depth == 0 && bare.compare(i, 2, "::") == 0) start = i + 2;
  }
  if (templateStart != std::string::npos && templateStart > start && bare.compare(start, 8, "operator") != 0) {
    bare.resize(templateStart);
  }
  return bare.substr(start);
}

}  // namespace rwd
