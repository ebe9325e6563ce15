// EntryCodec: writing and reading the compact entry format.
#include "record/EntryCodec.h"

#include <cstring>

#include "record/Varint.h"

namespace rwd {

namespace {
constexpr uint64_t kExtended = 1;
constexpr uint64_t kHasSpans = 2;
constexpr uint64_t kTidFollows = 1;
constexpr uint64_t kHasMapChange = 2;
}  // namespace

void EntryCodec::encode(std::vector<uint8_t>& out, CodecContext& context, pid_t tid, EntryKind kind, bool hasMapChange,
                        const RegisterDelta& registers, const SpanDraft* spans, size_t spanCount,
                        const uint8_t* bytes) {
  const bool tidChanged = tid != context.tid;
  const bool extended = tidChanged || hasMapChange || kind != EntryKind::Instruction;
  varint::put(out, (uint64_t{registers.mask()} << 2) | (spanCount ? kHasSpans : 0) | (extended ? kExtended : 0));
  if (extended) {
    varint::put(out, (uint64_t{static_cast<uint8_t>(kind)} << 2) | (hasMapChange ? kHasMapChange : 0) |
                         (tidChanged ? kTidFollows : 0));
  }
  if (tidChanged) {
    varint::put(out, static_cast<uint64_t>(tid));
    context.tid = tid;
  }
  registers.encodeValues(out);
  if (!spanCount) return;
  varint::put(out, spanCount);
  for (size_t i = 0; i < spanCount; ++i) {
    const SpanDraft& span = spans[i];
    varint::put(out, varint::zigzag(static_cast<int64_t>(span.address - context.address)));
    varint::put(out, span.length);
    context.address = span.address;
    out.insert(out.end(), bytes, bytes + span.length);
    bytes += span.length;
  }
}

uint8_t* EntryCodec::decode(uint8_t* p, CodecContext& context, EntryView* out) {
  const uint8_t* q = p;
  const uint64_t header = varint::get(q);
  const uint32_t mask = static_cast<uint32_t>(header >> 2);
  EntryKind kind = EntryKind::Instruction;
  bool hasMapChange = false;
  if (header & kExtended) {
    const uint64_t extended = varint::get(q);
    kind = static_cast<EntryKind>(extended >> 2);
    hasMapChange = extended & kHasMapChange;
    if (extended & kTidFollows) context.tid = static_cast<pid_t>(varint::get(q));
  }
  if (out) {
    out->tid = context.tid;
    out->kind = kind;
    out->hasMapChange = hasMapChange;
    out->registers = RegisterDelta::decode(mask, q);
    out->spans.clear();
  } else {
    RegisterDelta::skip(mask, q);
  }
  if (header & kHasSpans) {
    const uint64_t count = varint::get(q);
    for (uint64_t i = 0; i < count; ++i) {
      const uint64_t address = context.address + static_cast<uint64_t>(varint::unzigzag(varint::get(q)));
      const uint32_t length = static_cast<uint32_t>(varint::get(q));
      context.address = address;
      uint8_t* bytes = p + (q - p);
      if (out) out->spans.push_back(SpanView{address, length, bytes});
      q += length;
    }
  }
  return p + (q - p);
}

}  // namespace rwd
