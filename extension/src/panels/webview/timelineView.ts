/// <reference lib="dom" />
// The Timeline panel's script: the recorded history as a horizontal
// scrubber — one lane of markers per kind (breakpoint hits, system calls,
// signals, thread switches; each marker a bucket of the history holding one
// or more events), then one lane per thread (a bar over its life, a marker
// where each of its runs began), a cursor at the program's current position, and a
// preview that follows the pointer while dragging. A click or a drag that
// ends on the track travels there; a click on a marker travels to its first
// event; the keyboard moves the preview (arrows, Page Up/Down, Home/End)
// and Enter travels.
import type { HistoryMarkerRow, HostMessage, ThreadLaneRow, TimelineMessage } from '../panelMessages';
import { element, formatCount } from './dom';
import { onHostMessage, vscodeApi } from './vscodeApi';

const api = vscodeApi();
const lanes = ['breakpoint', 'syscall', 'signal', 'threadSwitch'] as const;
const laneTitles: Record<string, string> = {
  breakpoint: 'Breakpoint hits',
  syscall: 'System calls',
  signal: 'Signals',
  threadSwitch: 'Thread switches',
};
const singular: Record<string, string> = {
  breakpoint: 'breakpoint hit',
  syscall: 'system call',
  signal: 'signal',
  threadSwitch: 'thread switch',
};

const laneHeight = 24; // pixels, as the track's stripes in panels.css

let historySize = 0;
let position: number | null = null;
let preview: number | null = null;
let available = false;

const where = element('span', { className: 'where' });
const source = element('span', { className: 'source' });
const notice = element('div', { className: 'notice', attributes: { role: 'note' } });
const markerLayer = element('div', { className: 'timeline-markers' });
const cursor = element('div', { className: 'timeline-cursor', attributes: { 'aria-hidden': 'true' } });
const previewLine = element('div', { className: 'timeline-preview', attributes: { 'aria-hidden': 'true' } });
const laneLabels = element('div', { className: 'timeline-lanes', attributes: { 'aria-hidden': 'true' } });
const scrubber = element(
  'div',
  {
    className: 'timeline',
    attributes: { role: 'slider', tabindex: '0', 'aria-label': 'Recorded history: travel to a position', 'aria-valuemin': '0' },
  },
  [element('div', { className: 'timeline-track' }), markerLayer, cursor, previewLine],
);
const legend = element('div', { className: 'timeline-legend' });
const detail = element('div', { className: 'timeline-detail', attributes: { role: 'status', 'aria-live': 'polite' } });
const body = element('div', { className: 'timeline-body' }, [laneLabels, scrubber]);

function fraction(index: number): number {
  return historySize > 0 ? Math.min(1, Math.max(0, index / historySize)) : 0;
}

function indexAt(clientX: number): number {
  const box = scrubber.getBoundingClientRect();
  const part = box.width > 0 ? (clientX - box.left) / box.width : 0;
  return Math.round(Math.min(1, Math.max(0, part)) * historySize);
}

function describePosition(): void {
  if (position === null) {
    where.textContent = `${formatCount(historySize)} entries`;
  } else {
    where.textContent =
      position >= historySize ? `live end · ${formatCount(historySize)} entries recorded` : `history ${formatCount(position)} / ${formatCount(historySize)}`;
  }
  scrubber.setAttribute('aria-valuemax', String(historySize));
  scrubber.setAttribute('aria-valuenow', String(preview ?? position ?? 0));
  scrubber.setAttribute('aria-valuetext', preview !== null ? `travel to ${preview}` : (where.textContent ?? ''));
  cursor.hidden = position === null;
  if (position !== null) cursor.style.left = `${fraction(position) * 100}%`;
  previewLine.hidden = preview === null;
  if (preview !== null) previewLine.style.left = `${fraction(preview) * 100}%`;
}

function setPreview(index: number | null): void {
  preview = index === null ? null : Math.max(0, Math.min(index, historySize));
  detail.textContent = preview === null ? '' : `Travel to history position ${formatCount(preview)}`;
  describePosition();
}

function travel(index: number): void {
  setPreview(null);
  api.postMessage({ type: 'travel', index: Math.max(0, Math.min(index, historySize)) });
}

function markerTitle(marker: HistoryMarkerRow): string {
  const what = singular[marker.kind] ?? marker.kind;
  return marker.count === 1
    ? `${what} at #${formatCount(marker.index)}`
    : `${formatCount(marker.count)} ${what}${what.endsWith('h') ? 'es' : 's'} from #${formatCount(marker.index)}`;
}

function runTitle(lane: ThreadLaneRow, run: { index: number; count: number }): string {
  const who = `thread ${lane.tid}${lane.name ? ` (${lane.name})` : ''}`;
  return run.count === 1 ? `${who} runs from #${formatCount(run.index)}` : `${formatCount(run.count)} runs of ${who} from #${formatCount(run.index)}`;
}

/** The thread lanes below the kinds' lanes: a bar over each thread's life, a marker per bucket of its runs. */
function threadLaneElements(threads: ThreadLaneRow[]): HTMLElement[] {
  return threads.flatMap((lane, n) => {
    const top = (lanes.length + n) * laneHeight + laneHeight / 2;
    const parts: HTMLElement[] = [];
    if (lane.first !== null && lane.last !== null) {
      const life = element('div', {
        className: 'thread-life',
        title: `thread ${lane.tid} exists from #${formatCount(lane.first)} to #${formatCount(lane.last)}`,
        attributes: { 'data-tid': String(lane.tid), 'data-first': String(lane.first), 'data-last': String(lane.last) },
      });
      life.style.left = `${fraction(lane.first) * 100}%`;
      life.style.width = `${(fraction(lane.last) - fraction(lane.first)) * 100}%`;
      life.style.top = `${top}px`;
      parts.push(life);
    }
    for (const run of lane.switches) {
      const dot = element('div', {
        className: 'marker marker-run',
        title: runTitle(lane, run),
        attributes: { 'data-index': String(run.index), 'data-kind': 'run', 'data-count': String(run.count), 'data-tid': String(lane.tid) },
      });
      dot.style.left = `${fraction(run.index) * 100}%`;
      dot.style.top = `${top}px`;
      parts.push(dot);
    }
    return parts;
  });
}

function drawLaneLabels(threads: ThreadLaneRow[]): void {
  laneLabels.replaceChildren(
    ...lanes.map((kind) => element('span', { className: `lane-label lane-${kind}`, text: laneTitles[kind] })),
    ...threads.map((lane) =>
      element('span', { className: 'lane-label lane-thread', text: `Thread ${lane.tid}${lane.name ? ` ${lane.name}` : ''}`, title: lane.name }),
    ),
  );
  scrubber.style.height = `${(lanes.length + threads.length) * laneHeight}px`;
}

function drawMarkers(message: TimelineMessage): void {
  const counts = new Map<string, number>();
  const threads = message.threads ?? [];
  drawLaneLabels(threads);
  const elements = message.markers.map((marker) => {
    const lane = Math.max(0, lanes.indexOf(marker.kind as (typeof lanes)[number]));
    counts.set(marker.kind, (counts.get(marker.kind) ?? 0) + marker.count);
    const dot = element('div', {
      className: `marker marker-${marker.kind}`,
      title: markerTitle(marker),
      attributes: { 'data-index': String(marker.index), 'data-kind': marker.kind, 'data-count': String(marker.count) },
    });
    dot.style.left = `${fraction(marker.index) * 100}%`;
    dot.style.top = `${lane * laneHeight + laneHeight / 2}px`;
    return dot;
  });
  markerLayer.replaceChildren(...elements, ...threadLaneElements(threads));
  legend.replaceChildren(
    ...lanes.map((kind) => element('span', { className: `legend legend-${kind}`, text: `${laneTitles[kind]}: ${formatCount(counts.get(kind) ?? 0)}` })),
  );
  source.textContent = message.source;
}

function requestMarkers(): void {
  const width = scrubber.getBoundingClientRect().width;
  api.postMessage({ type: 'markers', buckets: Math.max(50, Math.min(2000, Math.round(width / 3) || 400)) });
}

function onMessage(message: HostMessage): void {
  switch (message.type) {
    case 'state':
      available = message.available;
      notice.textContent = message.message ?? '';
      notice.hidden = available;
      body.hidden = !available;
      legend.hidden = !available;
      return;
    case 'position':
      position = message.position;
      historySize = message.historySize;
      describePosition();
      requestMarkers();
      return;
    case 'timeline':
      historySize = message.historySize;
      if (message.position !== null) position = message.position;
      drawMarkers(message);
      describePosition();
      return;
    case 'error':
      detail.textContent = message.message;
      return;
    default:
      return;
  }
}

function wire(): void {
  scrubber.addEventListener('pointerdown', (event) => {
    if (!available || historySize === 0) return;
    const marker = (event.target as Element).closest<HTMLElement>('.marker');
    if (marker) {
      travel(Number(marker.dataset.index));
      return;
    }
    scrubber.setPointerCapture(event.pointerId);
    setPreview(indexAt(event.clientX));
    const move = (moved: PointerEvent) => setPreview(indexAt(moved.clientX));
    const up = (ended: PointerEvent) => {
      scrubber.removeEventListener('pointermove', move);
      scrubber.removeEventListener('pointerup', up);
      scrubber.removeEventListener('pointercancel', cancel);
      travel(indexAt(ended.clientX));
    };
    const cancel = () => {
      scrubber.removeEventListener('pointermove', move);
      scrubber.removeEventListener('pointerup', up);
      scrubber.removeEventListener('pointercancel', cancel);
      setPreview(null);
    };
    scrubber.addEventListener('pointermove', move);
    scrubber.addEventListener('pointerup', up);
    scrubber.addEventListener('pointercancel', cancel);
  });
  scrubber.addEventListener('keydown', (event) => {
    if (!available) return;
    const from = preview ?? position ?? 0;
    const step = Math.max(1, Math.round(historySize / 100));
    const moves: Record<string, number> = {
      ArrowRight: from + step,
      ArrowLeft: from - step,
      PageUp: from - step * 10,
      PageDown: from + step * 10,
      Home: 0,
      End: historySize,
    };
    if (event.key in moves) {
      setPreview(moves[event.key]);
      event.preventDefault();
    } else if (event.key === 'Enter' && preview !== null) {
      travel(preview);
      event.preventDefault();
    } else if (event.key === 'Escape') {
      setPreview(null);
    }
  });
  let resizeTimer: ReturnType<typeof setTimeout> | undefined;
  new ResizeObserver(() => {
    if (!available) return;
    if (resizeTimer) clearTimeout(resizeTimer);
    resizeTimer = setTimeout(requestMarkers, 150);
  }).observe(scrubber);
}

function build(): void {
  drawLaneLabels([]);
  notice.hidden = true;
  body.hidden = true;
  legend.hidden = true;
  document.body.append(element('header', {}, [where, source]), notice, body, legend, detail);
  describePosition();
  wire();
}

build();
onHostMessage(onMessage);
api.postMessage({ type: 'ready' });
