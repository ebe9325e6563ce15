// AddressSpace: /proc/PID/mem access and breakpoint bytes.
#include "process/AddressSpace.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <string>

namespace rwd {

namespace {
constexpr uint8_t kInt3 = 0xCC;

int openMemory(pid_t pid) { return ::open(("/proc/" + std::to_string(pid) + "/mem").c_str(), O_RDWR | O_CLOEXEC); }
}  // namespace

AddressSpace::AddressSpace(pid_t pid) : pid_(pid), memFd_(openMemory(pid)) {}

AddressSpace::~AddressSpace() {
  if (memFd_ >= 0) ::close(memFd_);
  if (viewFd_ >= 0) ::close(viewFd_);
}

void AddressSpace::showFrom(pid_t other) {
  if (viewFd_ >= 0) ::close(viewFd_);
  viewFd_ = other > 0 ? openMemory(other) : -1;
}

size_t AddressSpace::read(uint64_t address, void* out, size_t length) const {
  size_t done = 0;
  auto* bytes = static_cast<uint8_t*>(out);
  while (done < length) {
    ssize_t n =
        ::pread64(viewFd_ >= 0 ? viewFd_ : memFd_, bytes + done, length - done, static_cast<off64_t>(address + done));
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  if (!sites_.empty() && done > 0) {
    for (auto it = sites_.lower_bound(address); it != sites_.end() && it->first < address + done; ++it) {
      if (it->second.inserted) bytes[it->first - address] = it->second.original;
    }
  }
  for (auto it = foreignSites_.lower_bound(address);
       done > 0 && it != foreignSites_.end() && it->first < address + done; ++it) {
    bytes[it->first - address] = it->second.original;
  }
  return done;
}

bool AddressSpace::hasSiteIn(uint64_t from, uint64_t to) const {
  auto ours = sites_.lower_bound(from);
  if (ours != sites_.end() && ours->first < to) return true;
  auto foreign = foreignSites_.lower_bound(from);
  return foreign != foreignSites_.end() && foreign->first < to;
}

bool AddressSpace::rawWrite(uint64_t address, const void* in, size_t length) {
  return ::pwrite64(memFd_, in, length, static_cast<off64_t>(address)) == static_cast<ssize_t>(length);
}

bool AddressSpace::write(uint64_t address, const void* in, size_t length) {
  // Keep breakpoint bytes in place: the new bytes become the originals.
  std::vector<uint8_t> data(static_cast<const uint8_t*>(in), static_cast<const uint8_t*>(in) + length);
  for (auto it = sites_.lower_bound(address); it != sites_.end() && it->first < address + length; ++it) {
    it->second.original = data[it->first - address];
    if (it->second.inserted) data[it->first - address] = kInt3;
  }
  const auto* given = static_cast<const uint8_t*>(in);
  for (auto it = foreignSites_.lower_bound(address); it != foreignSites_.end() && it->first < address + length; ++it) {
    it->second.original = given[it->first - address];
    data[it->first - address] = it->second.current;
  }
  return rawWrite(address, data.data(), length);
}

bool AddressSpace::addBreakpoint(uint64_t address) {
  auto found = sites_.find(address);
  if (found != sites_.end()) {
    ++found->second.references;
    return true;
  }
  Site site;
  if (const auto foreign = foreignSites_.find(address); foreign != foreignSites_.end()) {
    // The kernel's or a patch's byte stays (a patch's jump must stay whole).
    site.original = foreign->second.original;
  } else {
    if (::pread64(memFd_, &site.original, 1, static_cast<off64_t>(address)) != 1) return false;
    if (!rawWrite(address, &kInt3, 1)) return false;
  }
  site.inserted = true;
  site.references = 1;
  sites_[address] = site;
  return true;
}

void AddressSpace::addForeignSite(uint64_t address, uint8_t original, uint8_t current) {
  auto& site = foreignSites_[address];
  site.original = original;
  site.current = current;
  ++site.references;
}

void AddressSpace::removeForeignSite(uint64_t address) {
  auto found = foreignSites_.find(address);
  if (found != foreignSites_.end() && --found->second.references <= 0) foreignSites_.erase(found);
}

bool AddressSpace::isPatchByte(uint64_t address) const {
  const auto found = foreignSites_.find(address);
  return found != foreignSites_.end() && found->second.current != kInt3;
}

void AddressSpace::removeBreakpoint(uint64_t address) {
  auto found = sites_.find(address);
  if (found == sites_.end()) return;
  if (--found->second.references > 0) return;
  if (found->second.inserted && !foreignSites_.count(address)) rawWrite(address, &found->second.original, 1);
  sites_.erase(found);
}

void AddressSpace::suspendBreakpoint(uint64_t address) {
  auto found = sites_.find(address);
  if (found == sites_.end() || !found->second.inserted) return;
  if (!isPatchByte(address)) rawWrite(address, &found->second.original, 1);
  found->second.inserted = false;
}

void AddressSpace::restoreBreakpoint(uint64_t address) {
  auto found = sites_.find(address);
  if (found == sites_.end() || found->second.inserted) return;
  if (isPatchByte(address) || rawWrite(address, &kInt3, 1)) found->second.inserted = true;
}

void AddressSpace::suspendAllBreakpoints() {
  for (auto& [address, site] : sites_) suspendBreakpoint(address);
}

void AddressSpace::restoreAllBreakpoints() {
  for (auto& [address, site] : sites_) restoreBreakpoint(address);
}

void AddressSpace::removeAllBreakpoints() {
  for (auto& [address, site] : sites_) {
    if (site.inserted) rawWrite(address, &site.original, 1);
  }
  sites_.clear();
}

void AddressSpace::resetAfterExec() {
  sites_.clear();
  foreignSites_.clear();
  if (memFd_ >= 0) ::close(memFd_);
  memFd_ = openMemory(pid_);
}

void AddressSpace::moveTo(pid_t pid) {
  if (memFd_ >= 0) ::close(memFd_);
  pid_ = pid;
  memFd_ = openMemory(pid);
}

void AddressSpace::clearBreakpointsIn(pid_t child) const {
  int childMem = openMemory(child);
  if (childMem < 0) return;
  for (const auto& [address, site] : sites_) {
    if (site.inserted) (void)!::pwrite64(childMem, &site.original, 1, static_cast<off64_t>(address));
  }
  for (const auto& [address, site] : foreignSites_) {
    if (site.current != kInt3) (void)!::pwrite64(childMem, &site.original, 1, static_cast<off64_t>(address));
  }
  ::close(childMem);
}

}  // namespace rwd
