// Module commands: modules (every loaded module with its address range and
// symbol file) and loadedSources (the source files their DWARF names).
#include "protocol/JsonArgs.h"
#include "server/handlers/Handlers.h"
#include "symbols/ModuleCatalog.h"

namespace rwd {

using nlohmann::json;

void registerModuleHandlers(Dispatcher& dispatcher, Debugger& debugger) {
  dispatcher.add("modules", [&debugger](const json&) -> json {
    json modules = json::array();
    if (!debugger.isInspectable()) return {{"modules", modules}};
    for (const auto& module : ModuleCatalog(debugger.symbols()).modules()) {
      json entry = {{"name", module.info.name},
                    {"path", module.info.path},
                    {"base", args::address(module.info.base)},
                    {"end", args::address(module.info.end)},
                    {"hasSymbols", module.info.hasDebugInfo}};
      if (!module.symbolFile.empty()) entry["symbolFile"] = module.symbolFile;
      modules.push_back(std::move(entry));
    }
    return {{"modules", modules}};
  });
  dispatcher.add("loadedSources", [&debugger](const json&) -> json {
    json sources = json::array();
    if (!debugger.isInspectable()) return {{"sources", sources}};
    for (const auto& source : ModuleCatalog(debugger.symbols()).sourceFiles()) {
      sources.push_back({{"path", source.path}, {"module", source.module}, {"exists", source.exists}});
    }
    return {{"sources", sources}};
  });
}

}  // namespace rwd
