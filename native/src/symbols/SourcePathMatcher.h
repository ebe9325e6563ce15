// SourcePathMatcher: decides whether a file name recorded in DWARF is the
// source file a client asked about. An absolute path names one file: it
// matches the same real file, or the same path written the same way (a
// file that is not on this machine, or a path the source map produced).
// A file of another directory that merely has the same name does not
// match. A relative path (from the client, or in the DWARF) matches when
// all of its components are the trailing components of the other path;
// the more components, the better. Real paths of DWARF names are cached by
// the caller.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

namespace rwd {

class SourcePathMatcher {
 public:
  static constexpr int kSameFile = 1 << 20;

  explicit SourcePathMatcher(const std::string& requested);
  // kSameFile for the same file, else the number of components of a
  // relative path that match (0: not this file).
  int score(const std::string& dwarfPath, std::unordered_map<std::string, std::string>& realPaths) const;

 private:
  static std::vector<std::string> components(const std::string& path);
  static std::string baseName(const std::string& path);
  // The components of `relative` (leading "." and ".." left out) are the
  // last components of `other`: their count, else 0.
  static int suffixScore(const std::vector<std::string>& relative, const std::vector<std::string>& other);
  std::string requestedNormal_;
  std::string requestedReal_;
  std::vector<std::string> requestedParts_;
  std::string requestedBase_;
  std::string realBase_;
  bool requestedRelative_ = false;
};

}  // namespace rwd
