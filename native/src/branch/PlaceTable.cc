// PlaceTable: one hash lookup per address after the first; functions are
// keyed by entry address (two functions of the same name in different
// modules stay apart), files by path.
#include "branch/PlaceTable.h"

namespace rwd {

PlaceTable::PlaceTable(SourceLocator& locator) : locator_(locator) {
  functions_.push_back({"??", 0});
  files_.push_back("");
  fileByPath_.emplace("", 0);
}

const PlaceEntry& PlaceTable::at(uint64_t address) {
  auto found = byAddress_.find(address);
  if (found != byAddress_.end()) return found->second;
  SourcePlace place = locator_.locate(address);
  PlaceEntry entry;
  entry.function = internFunction(place.function, place.functionEntry);
  entry.file = internFile(place.file);
  entry.line = place.line;
  return byAddress_.emplace(address, entry).first->second;
}

uint32_t PlaceTable::internFunction(const std::string& name, uint64_t entry) {
  if (name.empty() && entry == 0) return 0;
  if (entry != 0) {
    auto found = functionByEntry_.find(entry);
    if (found != functionByEntry_.end()) return found->second;
  } else {
    auto found = functionByName_.find(name);
    if (found != functionByName_.end()) return found->second;
  }
  uint32_t id = static_cast<uint32_t>(functions_.size());
  functions_.push_back({name.empty() ? "??" : name, entry});
  if (entry != 0) functionByEntry_.emplace(entry, id);
  else functionByName_.emplace(name, id);
  return id;
}

uint32_t PlaceTable::internFile(const std::string& path) {
  auto found = fileByPath_.find(path);
  if (found != fileByPath_.end()) return found->second;
  uint32_t id = static_cast<uint32_t>(files_.size());
  files_.push_back(path);
  fileByPath_.emplace(path, id);
  return id;
}

}  // namespace rwd
