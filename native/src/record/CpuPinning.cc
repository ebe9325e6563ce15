// CpuPinning: one CPU for a recorded program (see CpuPinning.h).
#include "record/CpuPinning.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace rwd {

namespace {

// Field 39 of /proc/<tid>/stat: the CPU the thread last ran on, or -1.
int lastCpuOf(pid_t tid) {
  std::ifstream file("/proc/" + std::to_string(tid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  // The command name (field 2) is in parentheses and may hold spaces.
  const size_t close = text.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream fields(text.substr(close + 1));
  std::string field;
  for (int number = 3; fields >> field; ++number) {
    if (number == 39) return std::stoi(field);
  }
  return -1;
}

}  // namespace

CpuPinning::CpuPinning(pid_t processId, const std::vector<pid_t>& threads) : mainThread_(processId) {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (sched_getaffinity(mainThread_, sizeof allowed, &allowed) != 0) return;
  int cpu = lastCpuOf(mainThread_);
  if (cpu < 0 || !CPU_ISSET(cpu, &allowed)) {
    cpu = -1;
    for (int each = 0; each < CPU_SETSIZE && cpu < 0; ++each) {
      if (CPU_ISSET(each, &allowed)) cpu = each;
    }
  }
  if (cpu < 0) return;
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(cpu, &one);
  std::vector<pid_t> all{processId};
  for (pid_t tid : threads) {
    if (tid != processId) all.push_back(tid);
  }
  for (pid_t tid : all) {
    SavedMask saved{tid, {}};
    if (sched_getaffinity(tid, sizeof saved.mask, &saved.mask) != 0) continue;
    if (sched_setaffinity(tid, sizeof one, &one) != 0) continue;
    saved_.push_back(saved);
  }
  if (!saved_.empty() && saved_.front().tid == processId) cpu_ = cpu;
}

CpuPinning::~CpuPinning() {
  if (cpu_ < 0) return;
  // Threads started while pinned get the main thread's old mask.
  const cpu_set_t& mainMask = saved_.front().mask;
  std::error_code error;
  for (const auto& entry :
       std::filesystem::directory_iterator("/proc/" + std::to_string(mainThread_) + "/task", error)) {
    pid_t tid = 0;
    try {
      tid = static_cast<pid_t>(std::stoi(entry.path().filename().string()));
    } catch (const std::exception&) { continue; }
    const cpu_set_t* mask = &mainMask;
    for (const SavedMask& saved : saved_) {
      if (saved.tid == tid) mask = &saved.mask;
    }
    sched_setaffinity(tid, sizeof *mask, mask);
  }
}

}  // namespace rwd
