// MemoryOverlay: page cache with touched-byte bitmaps.
#include "record/MemoryOverlay.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace rwd {

MemoryOverlay::Page* MemoryOverlay::page(uint64_t number) {
  if (number == lastNumber_) return last_;
  auto& slot = pages_[number];
  if (!slot) {
    slot = std::make_unique<Page>();
    slot->readable = memory_.read(number * kPage, slot->data, kPage);
    ++pagesRead_;
  }
  lastNumber_ = number;
  last_ = slot.get();
  return last_;
}

bool MemoryOverlay::swap(uint64_t address, uint8_t* bytes, size_t length) {
  bool complete = true;
  while (length > 0) {
    const uint64_t offset = address & (kPage - 1);
    const size_t piece = std::min<size_t>(length, kPage - offset);
    Page* target = page(address / kPage);
    if (target->readable) {
      uint8_t saved[kPage];
      std::memcpy(saved, target->data + offset, piece);
      std::memcpy(target->data + offset, bytes, piece);
      std::memcpy(bytes, saved, piece);
      for (uint64_t i = offset; i < offset + piece; ++i) target->touched[i / 64] |= uint64_t{1} << (i % 64);
      target->dirty = true;
    } else {
      complete = false;
    }
    address += piece;
    bytes += piece;
    length -= piece;
  }
  return complete;
}

size_t MemoryOverlay::flush() {
  std::vector<WritePiece> pieces;
  for (auto& [number, page] : pages_) {
    if (!page->dirty) continue;
    // Runs of touched bytes become write pieces.
    uint64_t i = 0;
    while (i < kPage) {
      if (!(page->touched[i / 64] >> (i % 64) & 1)) {
        ++i;
        continue;
      }
      uint64_t end = i + 1;
      while (end < kPage && (page->touched[end / 64] >> (end % 64) & 1)) ++end;
      pieces.push_back(WritePiece{number * kPage + i, page->data + i, end - i});
      i = end;
    }
  }
  const size_t failed = memory_.writeAll(pieces);
  pages_.clear();
  lastNumber_ = ~uint64_t{0};
  last_ = nullptr;
  return failed;
}

}  // namespace rwd
