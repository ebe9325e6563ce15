// GpuJson: the protocol's shapes of what gpu/ answers — the GPU threads
// list, a thread's registers, a GPU memory read, line breakpoints, and the
// gpuBreakpoint and gpuStopped events. GpuSession returns plain values;
// only the handlers (and the Debugger's events) turn them into JSON here.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "gpu/GpuSession.h"

namespace rwd {

nlohmann::json gpuThreadsJson(const std::string& interfaceName, const std::vector<GpuThreadPlace>& threads);
nlohmann::json gpuRegistersJson(const std::vector<GpuRegister>& registers);
nlohmann::json gpuMemoryJson(uint64_t address, const GpuMemoryRead& read);
nlohmann::json gpuBreakpointsJson(const std::vector<GpuLineBreakpoint>& breakpoints);
nlohmann::json gpuBreakpointEventJson(const std::string& file, int line, uint64_t address);
nlohmann::json gpuStoppedEventJson(const GpuChange& change);

}  // namespace rwd
