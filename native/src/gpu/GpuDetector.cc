// GpuDetector: device nodes, driver names from sysfs, the KFD's ioctl
// version, and dlopen of the NVIDIA debugger library.
#include "gpu/GpuDetector.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "gpu/KfdDebugAbi.h"

namespace fs = std::filesystem;

namespace rwd {

GpuOffer GpuDetector::detect() const {
  GpuOffer offer;
  if (const char* simulator = std::getenv("REWIND_GPU_SIMULATOR"); simulator && *simulator) {
    std::string value = simulator;
    bool xe = value.rfind("xe:", 0) == 0, kfd = value.rfind("kfd:", 0) == 0;
    if (xe || kfd) {
      offer.kind = xe ? GpuOffer::Kind::SimulatedXe : GpuOffer::Kind::SimulatedKfd;
      offer.node = value.substr(value.find(':') + 1);
      offer.sentence = std::string("GPU debugging: ") + (xe ? "Intel Xe eudebug" : "AMD KFD debugger") +
                       " on a SIMULATED device (REWIND_GPU_SIMULATOR, for tests only).";
      return offer;
    }
    offer.sentence = "GPU debugging is off: REWIND_GPU_SIMULATOR must be xe:<script> or kfd:<script>.";
    return offer;
  }
  std::string xe = findIntelXe(offer);
  if (offer.kind != GpuOffer::Kind::None) return offer;
  std::string kfd = findAmdKfd(offer);
  if (offer.kind != GpuOffer::Kind::None) return offer;
  offer.sentence = "GPU debugging is not available here: Intel Xe: " + xe + "; AMD: " + kfd +
                   "; NVIDIA: " + findNvidia() + ". GPU threads will not be shown.";
  return offer;
}

std::string GpuDetector::findIntelXe(GpuOffer& offer) const {
  std::error_code error;
  if (!fs::exists("/dev/dri", error)) return "no GPU device node (/dev/dri is absent)";
  std::string otherDrivers;
  bool anyRender = false;
  for (const auto& entry : fs::directory_iterator("/dev/dri", error)) {
    std::string name = entry.path().filename().string();
    if (name.rfind("renderD", 0) != 0) continue;
    anyRender = true;
    fs::path device = fs::path("/sys/class/drm") / name / "device";
    std::string driver = fs::read_symlink(device / "driver", error).filename().string();
    if (driver != "xe") {
      otherDrivers += (otherDrivers.empty() ? "" : ", ") + name + " (" + (driver.empty() ? "unknown" : driver) + ")";
      continue;
    }
    if (!fs::exists(device / "enable_eudebug", error))
      return name + " is an xe device, but its kernel has no eudebug interface (the series is not merged upstream)";
    if (::access(entry.path().c_str(), R_OK | W_OK) != 0)
      return "not permitted to open " + entry.path().string() + " (" + std::strerror(errno) + ")";
    offer.kind = GpuOffer::Kind::IntelXe;
    offer.node = entry.path().string();
    offer.sentence = "GPU debugging: Intel Xe eudebug on " + offer.node + ".";
    return "";
  }
  if (!anyRender) return "no GPU render node in /dev/dri";
  return "no render node of the xe driver (" + otherDrivers + ")";
}

std::string GpuDetector::findAmdKfd(GpuOffer& offer) const {
  std::error_code error;
  if (!fs::exists("/dev/kfd", error)) return "no /dev/kfd device node (no amdgpu compute driver)";
  int fd = ::open("/dev/kfd", O_RDWR | O_CLOEXEC);
  if (fd < 0)
    return std::string("not permitted to open /dev/kfd (") + std::strerror(errno) + "; join the render group)";
  kfd::GetVersion version{};
  int result = ::ioctl(fd, kfd::kIoctlGetVersion, &version);
  ::close(fd);
  if (result != 0 || version.minor < kfd::kDebuggerMinorVersion)
    return "the kernel's KFD interface is " + std::to_string(version.major) + "." + std::to_string(version.minor) +
           ", without the debugger API (1.13, Linux 6.5 and later)";
  offer.kind = GpuOffer::Kind::AmdKfd;
  offer.node = "/dev/kfd";
  offer.sentence = "GPU debugging: AMD KFD debugger on /dev/kfd (interface 1." + std::to_string(version.minor) + ").";
  return "";
}

std::string GpuDetector::findNvidia() const {
  // The CUDA debugger API is served by the driver's library, loaded at run
  // time; Rewind has no NVIDIA backend beyond finding it yet.
  void* library = ::dlopen("libcudadebugger.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    std::error_code error;
    bool node = fs::exists("/dev/nvidia0", error) || fs::exists("/dev/nvidiactl", error);
    return node ? "the driver's libcudadebugger.so.1 cannot be loaded"
                : "no NVIDIA device node and no libcudadebugger.so.1 (the driver's CUDA debugger library)";
  }
  ::dlclose(library);
  return "libcudadebugger.so.1 is present, but Rewind has no NVIDIA backend yet";
}

}  // namespace rwd
