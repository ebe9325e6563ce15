// ModuleCatalog: what the loaded modules are made of, for the modules and
// loaded-sources views — each module's image and the file its symbols come
// from (the image itself or a separate debug file), and the source files
// named by the DWARF of the modules that have it: files on this machine
// first, then the sources that are not here; headers that are not here
// (a system library's build tree) are left out.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "symbols/SymbolIndex.h"

namespace rwd {

struct ModuleDescription {
  ModuleInfo info;
  std::string symbolFile;  // empty when the module has no symbols beyond its image
};

struct SourceFileEntry {
  std::string path;     // as the DWARF names it, normalized
  std::string module;   // name of the first module that names it
  bool exists = false;  // the file is on this machine
};

class ModuleCatalog {
 public:
  explicit ModuleCatalog(const SymbolIndex& symbols) : symbols_(symbols) {}
  std::vector<ModuleDescription> modules() const;
  std::vector<SourceFileEntry> sourceFiles() const;

 private:
  const SymbolIndex& symbols_;
};

}  // namespace rwd
