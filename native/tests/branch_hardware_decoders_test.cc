// Unit tests for the hardware branch-trace path, on buffers the tests build
// (these machines have no PMU, so nothing here touches real hardware):
// Intel BTS records (24 bytes: from, to, flags) decoded into branches with
// kinds from the code, split across reads, padding, lost data; Intel PT
// packet streams made with libipt's own encoder and decoded through the
// hand-assembled program; the perf AUX ring reader (wrap-around, overrun);
// the run-time probe's verdicts over a fake sysfs; and DecodedBranchProvider
// building call segments and markers from decoded branches.
#include <intel-pt.h>

#include <filesystem>
#include <fstream>

#include "branch/AuxRingReader.h"
#include "branch/BtsDecoder.h"
#include "branch/DecodedBranchProvider.h"
#include "branch/HardwareTraceProbe.h"
#include "branch/PtDecoder.h"
#include "support/BranchTestSupport.h"

namespace rwd {
std::ostream& operator<<(std::ostream& out, BranchKind kind) { return out << branchKindName(kind); }
std::ostream& operator<<(std::ostream& out, const TakenBranch& branch) {
  return out << "{#" << branch.index << " 0x" << std::hex << branch.from << "->0x" << branch.to << std::dec << " "
             << branchKindName(branch.kind) << " tid " << branch.tid << "}";
}
}  // namespace rwd

using namespace rwd;
using namespace rwd::testsupport;

namespace {

void putRecord(std::vector<uint8_t>& out, uint64_t from, uint64_t to, uint64_t flags) {
  for (uint64_t value : {from, to, flags}) {
    for (int byte = 0; byte < 8; ++byte) out.push_back(static_cast<uint8_t>(value >> (8 * byte)));
  }
}

// BTS records of loop(2): call, ret, jne taken, call, ret, syscall.
std::vector<uint8_t> btsLoopRecords() {
  std::vector<uint8_t> records;
  putRecord(records, kLoop, kLeaf, 0x10);
  putRecord(records, kLeafRet, kAfterCall, 0);
  putRecord(records, kJne, kLoop, 0x10);
  putRecord(records, 0, 0, 0);  // padding at a chunk's end
  putRecord(records, kLoop, kLeaf, 0x10);
  putRecord(records, kLeafRet, kAfterCall, 0);
  putRecord(records, 0xffffffff81000000ull, kSyscall + 2, 0);  // back from the kernel
  return records;
}

void btsDecoding() {
  BufferCodeReader code(kCodeBase, loopProgramBytes());
  const std::vector<uint8_t> records = btsLoopRecords();
  const std::vector<TakenBranch> expected = {
      {0, kLoop, kLeaf, BranchKind::Call, 42},
      {1, kLeafRet, kAfterCall, BranchKind::Return, 42},
      {2, kJne, kLoop, BranchKind::Conditional, 42},
      {3, kLoop, kLeaf, BranchKind::Call, 42},
      {4, kLeafRet, kAfterCall, BranchKind::Return, 42},
      {5, 0xffffffff81000000ull, kSyscall + 2, BranchKind::Signal, 42},
  };
  BtsDecoder whole(42, &code);
  whole.decode(records.data(), records.size(), 0);
  CHECK_EQ(whole.take(), expected);
  CHECK_EQ(whole.paddingRecords(), uint64_t{1});
  CHECK_EQ(whole.predictedBranches(), uint64_t{3});
  CHECK(whole.take().empty());

  // The same bytes in reads of awkward sizes (records cut in two) decode the same.
  for (size_t piece : {1, 7, 23, 25, 50}) {
    BtsDecoder pieces(42, &code);
    std::vector<TakenBranch> got;
    for (size_t offset = 0; offset < records.size(); offset += piece) {
      const size_t size = std::min(piece, records.size() - offset);
      pieces.decode(records.data() + offset, size, offset);
      for (const auto& branch : pieces.take()) got.push_back(branch);
    }
    CHECK_EQ(got, expected);
  }

  // Without code the kinds are unknown (but a return from the kernel is still a signal).
  BtsDecoder blind(42, nullptr);
  blind.decode(records.data(), records.size(), 0);
  auto unknown = blind.take();
  STOP_UNLESS(unknown.size() == 6);
  CHECK(unknown[0].kind == BranchKind::Unknown);
  CHECK(unknown[5].kind == BranchKind::Signal);

  // Data lost in between: decoding goes on at the next record boundary.
  BtsDecoder lossy(42, &code);
  lossy.decode(records.data(), 30, 0);                             // record 0, and 6 bytes of record 1
  lossy.decode(records.data() + 53, records.size() - 53, 53, 23);  // 23 bytes lost: resumes at offset 72
  auto afterLoss = lossy.take();
  CHECK_EQ(lossy.lostBytes(), uint64_t{23});
  // Record 1 (cut) and record 2 (partly lost) are gone; record 3 is padding.
  STOP_UNLESS(afterLoss.size() == 4);
  CHECK_EQ(afterLoss[0].from, kLoop);
  CHECK_EQ(afterLoss[1].from, kLoop);
  CHECK_EQ(afterLoss[1].index, uint64_t{1});
}

// An Intel PT packet stream built with libipt's encoder.
class PtStream {
 public:
  PtStream() {
    buffer_.assign(4096, 0);
    pt_config_init(&config_);
    config_.begin = buffer_.data();
    config_.end = buffer_.data() + buffer_.size();
    encoder_ = pt_alloc_encoder(&config_);
  }
  ~PtStream() { pt_free_encoder(encoder_); }
  void packet(pt_packet packet) {
    const int written = pt_enc_next(encoder_, &packet);
    if (written < 0) {
      std::fprintf(stderr, "pt_enc_next: %s\n", pt_errstr(pt_errcode(written)));
      ++failures;
      return;
    }
    size_ += static_cast<size_t>(written);
  }
  void simple(pt_packet_type type) {
    pt_packet p{};
    p.type = type;
    packet(p);
  }
  void ip(pt_packet_type type, uint64_t address) {
    pt_packet p{};
    p.type = type;
    p.payload.ip.ipc = pt_ipc_sext_48;
    p.payload.ip.ip = address;
    packet(p);
  }
  void tnt(bool taken) {
    pt_packet p{};
    p.type = ppt_tnt_8;
    p.payload.tnt.bit_size = 1;
    p.payload.tnt.payload = taken ? 1 : 0;
    packet(p);
  }
  void mode64() {
    pt_packet p{};
    p.type = ppt_mode;
    p.payload.mode.leaf = pt_mol_exec;
    p.payload.mode.bits.exec = pt_set_exec_mode(ptem_64bit);
    packet(p);
  }
  void header() {
    simple(ppt_psb);
    simple(ppt_psbend);
  }
  const uint8_t* data() const { return buffer_.data(); }
  size_t size() const { return size_; }

 private:
  std::vector<uint8_t> buffer_;
  pt_config config_;
  pt_encoder* encoder_ = nullptr;
  size_t size_ = 0;
};

void ptDecoding() {
  BufferCodeReader code(kCodeBase, loopProgramBytes());
  // loop(2): tracing starts at main; returns are not compressed (TIP).
  PtStream stream;
  stream.header();
  stream.mode64();
  stream.ip(ppt_tip_pge, kMain);
  stream.ip(ppt_tip, kAfterCall);    // leaf's ret
  stream.tnt(true);                  // jne taken
  stream.ip(ppt_tip, kAfterCall);    // leaf's ret
  stream.tnt(false);                 // jne falls through
  stream.ip(ppt_tip_pgd, kSyscall);  // tracing off at the syscall (user-only)
  PtDecoder decoder(code, 9);
  PtDecodeResult result = decoder.decode(stream.data(), stream.size(), 100);
  const std::vector<TakenBranch> expected = {
      {101, kLoop, kLeaf, BranchKind::Call, 9},           {103, kLeafRet, kAfterCall, BranchKind::Return, 9},
      {105, kJne, kLoop, BranchKind::Conditional, 9},     {106, kLoop, kLeaf, BranchKind::Call, 9},
      {108, kLeafRet, kAfterCall, BranchKind::Return, 9},
  };
  CHECK_EQ(result.branches, expected);
  // mov, (call, nop, ret, dec, jne) × 2 = 11 instructions before the syscall.
  CHECK(result.instructions >= 11);
  for (const auto& problem : result.problems) std::fprintf(stderr, "  (PT problem reported: %s)\n", problem.c_str());

  // An interrupt (FUP + TIP: an asynchronous branch) is a signal; an
  // overflow is reported as a problem and decoding goes on.
  PtStream async;
  async.header();
  async.mode64();
  async.ip(ppt_tip_pge, kMain);
  async.ip(ppt_fup, kLoop);       // interrupted before the call
  async.ip(ppt_tip, kLeaf);       // the "handler"
  async.ip(ppt_tip, kAfterCall);  // leaf's ret
  async.simple(ppt_ovf);
  async.ip(ppt_fup, kMain);
  PtDecodeResult withSignal = decoder.decode(async.data(), async.size());
  bool sawSignal = false;
  for (const auto& branch : withSignal.branches) {
    if (branch.kind == BranchKind::Signal && branch.from == kLoop && branch.to == kLeaf) sawSignal = true;
  }
  CHECK(sawSignal);
  bool sawOverflow = false;
  for (const auto& problem : withSignal.problems)
    sawOverflow = sawOverflow || problem.find("overflowed") != std::string::npos;
  CHECK(sawOverflow);

  // Garbage is not a trace: no branches, and a sentence saying why.
  std::vector<uint8_t> noise(256, 0xa5);
  PtDecodeResult garbage = decoder.decode(noise.data(), noise.size());
  CHECK(garbage.branches.empty());
  CHECK_EQ(garbage.instructions, uint64_t{0});
}

void auxRing() {
  std::vector<uint8_t> ring(8);
  for (size_t i = 0; i < ring.size(); ++i) ring[i] = static_cast<uint8_t>(i);
  AuxRingReader reader(ring.data(), ring.size());
  AuxRingSpan plain = reader.read(2, 5);
  CHECK_EQ(plain.bytes, (std::vector<uint8_t>{2, 3, 4}));
  CHECK_EQ(plain.streamOffset, uint64_t{2});
  AuxRingSpan wrapped = reader.read(14, 19);  // positions 6,7,0,1,2
  CHECK_EQ(wrapped.bytes, (std::vector<uint8_t>{6, 7, 0, 1, 2}));
  AuxRingSpan overrun = reader.read(3, 20);  // 17 written, only the last 8 are there
  CHECK_EQ(overrun.lostBytes, uint64_t{9});
  CHECK_EQ(overrun.streamOffset, uint64_t{12});
  CHECK_EQ(overrun.bytes, (std::vector<uint8_t>{4, 5, 6, 7, 0, 1, 2, 3}));
}

void probeVerdicts() {
  namespace fs = std::filesystem;
  const fs::path root = fs::temp_directory_path() / ("rewind-pmu-" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "cpu");
  HardwareTraceReport none = HardwareTraceProbe(root.string()).probe();
  CHECK(!none.anyUsable());
  CHECK_EQ(none.message, std::string(HardwareTraceProbe::kNoDriverMessage));
  CHECK(!none.pt.type.has_value());

  // A driver listed with a type the kernel does not know: named, and refused.
  fs::create_directories(root / "intel_pt");
  std::ofstream(root / "intel_pt" / "type") << 4000 << "\n";
  HardwareTraceReport listed = HardwareTraceProbe(root.string()).probe();
  CHECK(listed.pt.type == 4000);
  CHECK(!listed.pt.usable);
  CHECK(listed.pt.problem.find("perf_event_open refused it") != std::string::npos);
  CHECK(listed.message.find("no usable Intel PT/BTS") != std::string::npos);
  fs::remove_all(root);

  // This machine, as it is.
  HardwareTraceReport here = HardwareTraceProbe().probe();
  std::fprintf(stderr, "  (this machine: %s)\n", here.message.c_str());
  CHECK(!here.message.empty());
}

void decodedProvider() {
  TableLocator locator = loopProgramLocator();
  BufferCodeReader code(kCodeBase, loopProgramBytes());
  BtsDecoder decoder(42, &code);
  const std::vector<uint8_t> records = btsLoopRecords();
  size_t offset = 0;
  DecodedBranchProvider provider("Intel BTS", locator, [&]() {
    // Two records a pull, as a hardware buffer would fill.
    const size_t size = std::min<size_t>(48, records.size() - offset);
    decoder.decode(records.data() + offset, size, offset);
    offset += size;
    return decoder.take();
  });
  while (offset < records.size()) provider.update();
  CHECK_EQ(provider.branchCount(), uint64_t{6});
  CHECK_EQ(provider.description(), std::string("Intel BTS"));
  CHECK(provider.codeSites() == nullptr);
  CHECK_EQ(provider.branchAt(2).kind, BranchKind::Conditional);
  CHECK_EQ(provider.branchOrdinalAt(3), uint64_t{3});
  const CallSegmentBuilder& segments = provider.segments();
  STOP_UNLESS(segments.size() >= 4);
  CHECK_EQ(segments.at(0).function, std::string("main"));
  CHECK_EQ(segments.at(1).function, std::string("leaf"));
  CHECK_EQ(segments.at(1).depth, 1);
  CHECK_EQ(segments.at(2).function, std::string("main"));
  CHECK_EQ(segments.at(2).depth, 0);
  CHECK_EQ(provider.markers().indicesOf(BranchKind::Signal), (std::vector<uint64_t>{5}));
}

}  // namespace

int main() {
  btsDecoding();
  ptDecoding();
  auxRing();
  probeVerdicts();
  decodedProvider();
  return summary("branch_hardware_decoders_test");
}
