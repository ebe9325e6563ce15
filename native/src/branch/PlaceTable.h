// PlaceTable: source places (function, file, line) of code addresses, asked
// of a SourceLocator once per address and kept; function names and file
// paths are interned, so segments and branches carry small ids and a search
// compares a few thousand names instead of millions of strings.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "branch/SourceLocator.h"

namespace rwd {

struct PlaceEntry {
  uint32_t function = 0;  // id in functionName(); 0 is "??" (no symbol)
  uint32_t file = 0;      // id in fileName(); 0 is "" (no line information)
  int line = 0;
};

class PlaceTable {
 public:
  explicit PlaceTable(SourceLocator& locator);

  // Place of `address`, located on first use.
  const PlaceEntry& at(uint64_t address);
  const std::string& functionName(uint32_t id) const { return functions_[id].name; }
  uint64_t functionEntry(uint32_t id) const { return functions_[id].entry; }
  const std::string& fileName(uint32_t id) const { return files_[id]; }
  size_t functionCount() const { return functions_.size(); }
  size_t fileCount() const { return files_.size(); }
  size_t addressCount() const { return byAddress_.size(); }

 private:
  struct Function {
    std::string name;
    uint64_t entry = 0;
  };
  uint32_t internFunction(const std::string& name, uint64_t entry);
  uint32_t internFile(const std::string& path);

  SourceLocator& locator_;
  std::unordered_map<uint64_t, PlaceEntry> byAddress_;
  std::vector<Function> functions_;
  std::unordered_map<uint64_t, uint32_t> functionByEntry_;
  std::unordered_map<std::string, uint32_t> functionByName_;  // for code without a known entry
  std::vector<std::string> files_;
  std::unordered_map<std::string, uint32_t> fileByPath_;
};

}  // namespace rwd
