// RemoteMemory: batched process_vm_readv/writev with a forced fallback.
#include "record/RemoteMemory.h"

#include <sys/uio.h>

#include <algorithm>

#include "process/AddressSpace.h"

namespace rwd {

namespace {
constexpr size_t kMaxIovecs = 1024;
constexpr uint64_t kPage = 4096;

iovec remoteVector(uint64_t address, size_t length) { return iovec{reinterpret_cast<void*>(address), length}; }
}  // namespace

bool RemoteMemory::forcedRead(uint64_t address, void* out, size_t length) const {
  return space_ && space_->read(address, out, length) == length;
}

bool RemoteMemory::forcedWrite(uint64_t address, const void* in, size_t length) const {
  return space_ && space_->write(address, in, length);
}

bool RemoteMemory::read(uint64_t address, void* out, size_t length) const {
  if (length == 0) return true;
  iovec local{out, length};
  iovec remote = remoteVector(address, length);
  if (process_vm_readv(pid_, &local, 1, &remote, 1, 0) == static_cast<ssize_t>(length)) return true;
  return forcedRead(address, out, length);
}

bool RemoteMemory::readAll(const MemoryRange* ranges, size_t count, uint8_t* out) const {
  if (count == 0) return true;
  if (count > kMaxIovecs) {
    for (size_t i = 0; i < count; ++i) {
      if (!read(ranges[i].address, out, ranges[i].length)) return false;
      out += ranges[i].length;
    }
    return true;
  }
  iovec local[kMaxIovecs];
  iovec remote[kMaxIovecs];
  size_t total = 0;
  for (size_t i = 0; i < count; ++i) {
    local[i] = iovec{out + total, ranges[i].length};
    remote[i] = remoteVector(ranges[i].address, ranges[i].length);
    total += ranges[i].length;
  }
  return process_vm_readv(pid_, local, count, remote, count, 0) == static_cast<ssize_t>(total);
}

void RemoteMemory::readReadable(uint64_t address, size_t length, uint8_t* out,
                                std::vector<MemoryRange>& readable) const {
  auto keep = [&readable](uint64_t start, uint64_t size) {
    if (!readable.empty() && readable.back().end() == start) {
      readable.back().length += size;
    } else {
      readable.push_back(MemoryRange{start, size, false});
    }
  };
  if (read(address, out, length)) {
    keep(address, length);
    return;
  }
  // Page by page: a range that crosses into an unmapped page keeps its other part.
  uint64_t at = address;
  const uint64_t end = address + length;
  while (at < end) {
    const uint64_t pieceEnd = std::min(end, (at & ~(kPage - 1)) + kPage);
    if (read(at, out + (at - address), pieceEnd - at)) keep(at, pieceEnd - at);
    at = pieceEnd;
  }
}

size_t RemoteMemory::writeAll(const std::vector<WritePiece>& pieces) const {
  size_t failed = 0;
  iovec local[kMaxIovecs];
  iovec remote[kMaxIovecs];
  size_t next = 0;
  while (next < pieces.size()) {
    const size_t count = std::min(kMaxIovecs, pieces.size() - next);
    size_t total = 0;
    for (size_t i = 0; i < count; ++i) {
      const WritePiece& piece = pieces[next + i];
      local[i] = iovec{const_cast<uint8_t*>(piece.bytes), piece.length};
      remote[i] = remoteVector(piece.address, piece.length);
      total += piece.length;
    }
    const ssize_t written = process_vm_writev(pid_, local, count, remote, count, 0);
    if (written == static_cast<ssize_t>(total)) {
      next += count;
      continue;
    }
    // Skip the pieces that went through; the first one that did not goes
    // the forced way, and the batch starts again after it.
    size_t done = written > 0 ? static_cast<size_t>(written) : 0;
    while (next < pieces.size() && done >= pieces[next].length && pieces[next].length != 0) {
      done -= pieces[next].length;
      ++next;
    }
    if (next < pieces.size()) {
      const WritePiece& piece = pieces[next];
      if (!forcedWrite(piece.address, piece.bytes, piece.length)) failed += piece.length;
      ++next;
    }
  }
  return failed;
}

}  // namespace rwd
