// SourcePathMatcher: decides how well a file name recorded in DWARF matches
// a source path a client asked about — the same real file (best), or the
// number of trailing path components they share (the build may have run in
// another directory). Real paths of DWARF names are cached by the caller.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

namespace rwd {

class SourcePathMatcher {
 public:
  static constexpr int kSameFile = 1 << 20;

  explicit SourcePathMatcher(const std::string& requested);
  // kSameFile for the same real file, else the count of shared trailing
  // components (0: not this file; at least the file name must agree).
  int score(const std::string& dwarfPath, std::unordered_map<std::string, std::string>& realPaths) const;

 private:
  static std::vector<std::string> components(const std::string& path);
  static std::string baseName(const std::string& path);
  std::string requestedReal_;
  std::vector<std::string> requestedParts_;
  std::string requestedBase_;
  std::string realBase_;
};

}  // namespace rwd
