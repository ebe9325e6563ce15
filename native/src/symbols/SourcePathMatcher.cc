// SourcePathMatcher: real-path and trailing-component matching of sources.
#include "symbols/SourcePathMatcher.h"

#include <limits.h>
#include <stdlib.h>

#include <filesystem>

namespace rwd {

namespace {
std::string realPathOf(const std::string& path) {
  char buffer[PATH_MAX];
  if (::realpath(path.c_str(), buffer)) return buffer;
  return {};
}
}  // namespace

SourcePathMatcher::SourcePathMatcher(const std::string& requested) {
  std::string normal = std::filesystem::path(requested).lexically_normal().string();
  requestedReal_ = realPathOf(normal);
  requestedParts_ = components(normal);
  requestedBase_ = baseName(normal);
  realBase_ = requestedReal_.empty() ? requestedBase_ : baseName(requestedReal_);
}

std::vector<std::string> SourcePathMatcher::components(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    if (slash > start) parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

std::string SourcePathMatcher::baseName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

int SourcePathMatcher::score(const std::string& dwarfPath,
                             std::unordered_map<std::string, std::string>& realPaths) const {
  const std::string base = baseName(dwarfPath);
  if (base != requestedBase_ && base != realBase_) return 0;
  if (!requestedReal_.empty()) {
    auto cached = realPaths.find(dwarfPath);
    if (cached == realPaths.end()) cached = realPaths.emplace(dwarfPath, realPathOf(dwarfPath)).first;
    if (cached->second == requestedReal_) return kSameFile;
  }
  if (base != requestedBase_) return 0;
  auto parts = components(dwarfPath);
  int shared = 0;
  auto mine = requestedParts_.rbegin();
  auto theirs = parts.rbegin();
  while (mine != requestedParts_.rend() && theirs != parts.rend() && *mine == *theirs) {
    ++shared;
    ++mine;
    ++theirs;
  }
  return shared;
}

}  // namespace rwd
