// SourcePathMatcher: same-file and trailing-component matching of sources.
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

std::string normalized(const std::string& path) { return std::filesystem::path(path).lexically_normal().string(); }
}  // namespace

SourcePathMatcher::SourcePathMatcher(const std::string& requested) {
  requestedNormal_ = normalized(requested);
  requestedRelative_ = requestedNormal_.empty() || requestedNormal_.front() != '/';
  // A relative path says nothing about the helper's working directory.
  if (!requestedRelative_) requestedReal_ = realPathOf(requestedNormal_);
  requestedParts_ = components(requestedNormal_);
  requestedBase_ = baseName(requestedNormal_);
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

int SourcePathMatcher::suffixScore(const std::vector<std::string>& relative, const std::vector<std::string>& other) {
  size_t first = 0;
  while (first < relative.size() && (relative[first] == "." || relative[first] == "..")) ++first;
  const size_t count = relative.size() - first;
  if (count == 0 || count > other.size()) return 0;
  for (size_t i = 0; i < count; ++i) {
    if (relative[relative.size() - 1 - i] != other[other.size() - 1 - i]) return 0;
  }
  return static_cast<int>(count);
}

int SourcePathMatcher::score(const std::string& dwarfPath,
                             std::unordered_map<std::string, std::string>& realPaths) const {
  const std::string base = baseName(dwarfPath);
  if (base != requestedBase_ && base != realBase_) return 0;
  const bool dwarfRelative = dwarfPath.empty() || dwarfPath.front() != '/';
  if (requestedRelative_) return suffixScore(requestedParts_, components(normalized(dwarfPath)));
  if (dwarfRelative) return suffixScore(components(normalized(dwarfPath)), requestedParts_);
  if (normalized(dwarfPath) == requestedNormal_) return kSameFile;
  if (requestedReal_.empty()) return 0;
  auto cached = realPaths.find(dwarfPath);
  if (cached == realPaths.end()) cached = realPaths.emplace(dwarfPath, realPathOf(dwarfPath)).first;
  return cached->second == requestedReal_ ? kSameFile : 0;
}

}  // namespace rwd
