// ModuleCatalog: libdwfl's view of each module (dwfl_module_info) and the
// file tables of every compile unit (dwarf_getsrcfiles).
#include "symbols/ModuleCatalog.h"

#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <unordered_set>

namespace rwd {

namespace {

Dwfl_Module* moduleOf(const SymbolIndex& symbols, const ModuleInfo& info) {
  return symbols.dwfl() ? dwfl_addrmodule(symbols.dwfl(), info.base) : nullptr;
}

bool isRegularFile(const std::string& path) {
  struct stat status;
  return ::stat(path.c_str(), &status) == 0 && S_ISREG(status.st_mode);
}

// Headers are named by extension; C++ standard headers have none.
bool looksLikeHeader(const std::string& path) {
  const std::string extension = std::filesystem::path(path).extension().string();
  static const char* kHeaderExtensions[] = {".h", ".hh", ".hpp", ".hxx", ".h++", ".inc", ".def", ".tcc", ""};
  return std::any_of(std::begin(kHeaderExtensions), std::end(kHeaderExtensions),
                     [&](const char* known) { return extension == known; });
}

}  // namespace

std::vector<ModuleDescription> ModuleCatalog::modules() const {
  std::vector<ModuleDescription> out;
  for (const auto& info : symbols_.modules()) {
    ModuleDescription description{info, {}};
    if (Dwfl_Module* module = moduleOf(symbols_, info)) {
      const char* mainFile = nullptr;
      const char* debugFile = nullptr;
      dwfl_module_info(module, nullptr, nullptr, nullptr, nullptr, nullptr, &mainFile, &debugFile);
      if (debugFile && *debugFile) description.symbolFile = debugFile;
      else if (info.hasDebugInfo && mainFile && *mainFile) description.symbolFile = mainFile;
    }
    out.push_back(std::move(description));
  }
  return out;
}

std::vector<SourceFileEntry> ModuleCatalog::sourceFiles() const {
  std::vector<SourceFileEntry> present, missing;
  std::unordered_set<std::string> seen;
  for (const auto& info : symbols_.modules()) {
    if (!info.hasDebugInfo) continue;
    Dwfl_Module* module = moduleOf(symbols_, info);
    if (!module) continue;
    Dwarf_Addr bias = 0;
    for (Dwarf_Die* unit = dwfl_module_nextcu(module, nullptr, &bias); unit;
         unit = dwfl_module_nextcu(module, unit, &bias)) {
      Dwarf_Files* files = nullptr;
      size_t count = 0;
      if (dwarf_getsrcfiles(unit, &files, &count) != 0) continue;
      for (size_t i = 0; i < count; ++i) {
        const char* name = dwarf_filesrc(files, i, nullptr, nullptr);
        if (!name || !*name || *name == '<' || std::string(name) == "???") continue;  // <built-in>, unnamed
        std::string path = std::filesystem::path(name).lexically_normal().string();
        if (!seen.insert(path).second) continue;
        const bool exists = isRegularFile(path);
        if (exists) present.push_back({path, info.name, true});
        else if (!looksLikeHeader(path)) missing.push_back({path, info.name, false});
      }
    }
  }
  present.insert(present.end(), missing.begin(), missing.end());
  return present;
}

}  // namespace rwd
