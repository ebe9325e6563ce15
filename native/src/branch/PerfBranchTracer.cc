// PerfBranchTracer: the mmap layout perf wants — a header page and a data
// ring, then aux_offset/aux_size written into the header and the AUX area
// mapped at that offset; aux_head read with acquire ordering, aux_tail
// written with release ordering.
#include "branch/PerfBranchTracer.h"

#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace rwd {

PerfBranchTracer::PerfBranchTracer(Format format, int pmuType, pid_t tid, size_t auxPages)
    : format_(format), tid_(tid) {
  const char* name = format == Format::Bts ? "Intel BTS" : "Intel PT";
  if (auxPages == 0 || (auxPages & (auxPages - 1)) != 0) throw std::invalid_argument("auxPages must be a power of two");
  perf_event_attr attributes{};
  attributes.size = sizeof attributes;
  attributes.type = static_cast<uint32_t>(pmuType);
  attributes.disabled = 1;
  attributes.exclude_kernel = 1;
  attributes.exclude_hv = 1;
  long fd = ::syscall(SYS_perf_event_open, &attributes, tid, -1, -1, 0);
  if (fd < 0) throw std::runtime_error(std::string(name) + ": perf_event_open failed: " + std::strerror(errno));
  fd_ = static_cast<int>(fd);

  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  baseSize_ = page * (1 + 1);  // header page + one data page (AUX events write little there)
  base_ = ::mmap(nullptr, baseSize_, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, 0);
  if (base_ == MAP_FAILED) {
    base_ = nullptr;
    const int error = errno;
    ::close(fd_);
    throw std::runtime_error(std::string(name) + ": mapping the perf ring failed: " + std::strerror(error));
  }
  auto* header = static_cast<perf_event_mmap_page*>(base_);
  auxSize_ = page * auxPages;
  header->aux_offset = baseSize_;
  header->aux_size = auxSize_;
  aux_ = ::mmap(nullptr, auxSize_, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, static_cast<off_t>(baseSize_));
  if (aux_ == MAP_FAILED) {
    aux_ = nullptr;
    const int error = errno;
    ::munmap(base_, baseSize_);
    ::close(fd_);
    throw std::runtime_error(std::string(name) + ": mapping the AUX area failed: " + std::strerror(error));
  }
  if (::ioctl(fd_, PERF_EVENT_IOC_ENABLE, 0) != 0) {
    const int error = errno;
    ::munmap(aux_, auxSize_);
    ::munmap(base_, baseSize_);
    ::close(fd_);
    throw std::runtime_error(std::string(name) + ": enabling the event failed: " + std::strerror(error));
  }
}

PerfBranchTracer::~PerfBranchTracer() {
  if (fd_ >= 0) ::ioctl(fd_, PERF_EVENT_IOC_DISABLE, 0);
  if (aux_) ::munmap(aux_, auxSize_);
  if (base_) ::munmap(base_, baseSize_);
  if (fd_ >= 0) ::close(fd_);
}

AuxRingSpan PerfBranchTracer::collect() {
  auto* header = static_cast<perf_event_mmap_page*>(base_);
  const uint64_t head = __atomic_load_n(&header->aux_head, __ATOMIC_ACQUIRE);
  const uint64_t tail = header->aux_tail;
  AuxRingReader reader(static_cast<const uint8_t*>(aux_), auxSize_);
  AuxRingSpan span = reader.read(tail, head);
  __atomic_store_n(&header->aux_tail, head, __ATOMIC_RELEASE);
  return span;
}

}  // namespace rwd
