/// <reference lib="dom" />
// VirtualList: a list of any length (10,000,000 rows and more) that keeps in
// the page only the rows that can be seen. Browsers cap an element's height
// far below what ten million rows need, so the list does not scroll a tall
// element: it keeps a fractional top row itself, moves a small pool of row
// elements, and draws its own scroll bar. Rows come in pages from the host
// (requestPage), are cached by row number, and missing ones show as
// placeholders until their page arrives. Wheel, scroll-bar drag and click,
// and the keyboard (arrows, Page Up/Down, Home/End, Enter, T) all work.

import { element } from './dom';

export interface VirtualListOptions<Row> {
  role: 'tree' | 'listbox';
  label: string;
  rowHeight: number;
  pageSize: number;
  /** Fills a row element (its content is replaced every time). */
  renderRow(target: HTMLElement, row: Row | undefined, index: number): void;
  /** Rows [start, start + count) are needed. */
  requestPage(start: number, count: number): void;
  /** Enter, or a click on a row. */
  onActivate(index: number, row: Row): void;
  /** T, or a click on an element with data-action="travel" inside a row. */
  onTravel(index: number, row: Row): void;
}

/** Cached rows beyond this are dropped, farthest from the view first. */
const maxCachedRows = 20000;

export class VirtualList<Row> {
  readonly root: HTMLElement;
  private readonly rowsElement: HTMLElement;
  private readonly track: HTMLElement;
  private readonly thumb: HTMLElement;
  private readonly pool: HTMLElement[] = [];
  private readonly cache = new Map<number, Row>();
  private readonly requested = new Set<number>();
  private total = 0;
  private top = 0;
  private selected: number | undefined;
  private current: number | undefined;
  private frame = 0;
  /** A scroll asked for while the list was hidden (it has no height then). */
  private pendingScroll: { index: number; align: 'center' | 'nearest' } | undefined;

  constructor(private readonly options: VirtualListOptions<Row>) {
    this.rowsElement = element('div', { className: 'vlist-rows' });
    this.thumb = element('div', { className: 'vlist-thumb' });
    this.track = element('div', { className: 'vlist-scrollbar', attributes: { 'aria-hidden': 'true' } }, [this.thumb]);
    this.root = element(
      'div',
      {
        className: 'vlist',
        attributes: { role: options.role, tabindex: '0', 'aria-label': options.label },
      },
      [this.rowsElement, this.track],
    );
    this.root.addEventListener('wheel', (event) => this.onWheel(event), { passive: false });
    this.root.addEventListener('keydown', (event) => this.onKey(event));
    this.rowsElement.addEventListener('click', (event) => this.onClick(event));
    this.track.addEventListener('pointerdown', (event) => this.onTrackDown(event));
    new ResizeObserver(() => this.render()).observe(this.root);
  }

  get rowCount(): number {
    return this.total;
  }
  get topRow(): number {
    return this.top;
  }
  get selectedRow(): number | undefined {
    return this.selected;
  }

  /** Forgets every row (a new search, or a history that changed) and takes a new length. */
  reset(total: number): void {
    this.cache.clear();
    this.requested.clear();
    this.total = Math.max(0, total);
    if (this.selected !== undefined && this.selected >= this.total) this.selected = undefined;
    this.top = Math.min(this.top, this.maxTop());
    this.render();
  }

  /** A new length for the same rows (the history grew). */
  setTotal(total: number): void {
    if (total === this.total) return;
    this.total = Math.max(0, total);
    for (const index of [...this.cache.keys()]) if (index >= this.total) this.cache.delete(index);
    this.top = Math.min(this.top, this.maxTop());
    this.render();
  }

  rowAt(index: number): Row | undefined {
    return this.cache.get(index);
  }

  putRows(start: number, rows: readonly Row[]): void {
    rows.forEach((row, offset) => {
      if (start + offset < this.total) this.cache.set(start + offset, row);
    });
    const firstPage = Math.floor(start / this.options.pageSize);
    const lastPage = Math.floor((start + Math.max(rows.length, 1) - 1) / this.options.pageSize);
    for (let page = firstPage; page <= lastPage; page++) this.requested.delete(page);
    this.evict();
    this.render();
  }

  /** Marks the row of the program's current position (null: none). */
  setCurrent(index: number | undefined): void {
    this.current = index;
    this.render();
  }

  select(index: number | undefined): void {
    this.selected = index === undefined ? undefined : Math.max(0, Math.min(index, this.total - 1));
    this.render();
  }

  /** Scrolls so that `index` is in the middle, or just visible. */
  scrollTo(index: number, align: 'center' | 'nearest'): void {
    if (this.rowsElement.clientHeight === 0) {
      this.pendingScroll = { index, align };
      return;
    }
    this.pendingScroll = undefined;
    const visible = this.visibleRows();
    if (align === 'center') {
      this.top = index - visible / 2 + 0.5;
    } else if (index < this.top) {
      this.top = index;
    } else if (index + 1 > this.top + visible) {
      this.top = index + 1 - visible;
    }
    this.top = Math.max(0, Math.min(this.top, this.maxTop()));
    this.render();
  }

  private visibleRows(): number {
    return this.rowsElement.clientHeight / this.options.rowHeight;
  }

  private maxTop(): number {
    return Math.max(0, this.total - Math.floor(this.visibleRows()));
  }

  private evict(): void {
    if (this.cache.size <= maxCachedRows) return;
    const middle = this.top + this.visibleRows() / 2;
    const far = [...this.cache.keys()].sort((a, b) => Math.abs(b - middle) - Math.abs(a - middle));
    for (const index of far.slice(0, this.cache.size - maxCachedRows / 2)) this.cache.delete(index);
  }

  private need(index: number): void {
    if (index < 0 || index >= this.total || this.cache.has(index)) return;
    const page = Math.floor(index / this.options.pageSize);
    if (this.requested.has(page)) return;
    this.requested.add(page);
    this.options.requestPage(page * this.options.pageSize, this.options.pageSize);
  }

  render(): void {
    const rowHeight = this.options.rowHeight;
    const height = this.rowsElement.clientHeight;
    if (height > 0 && this.pendingScroll) {
      this.scrollTo(this.pendingScroll.index, this.pendingScroll.align);
      return;
    }
    const first = Math.floor(this.top);
    const shown = height > 0 ? Math.min(Math.ceil(height / rowHeight) + 1, Math.max(0, this.total - first)) : 0;
    while (this.pool.length < shown) {
      const row = element('div', { className: 'vlist-row' });
      this.pool.push(row);
      this.rowsElement.appendChild(row);
    }
    const offset = (this.top - first) * rowHeight;
    this.pool.forEach((target, slot) => {
      const index = first + slot;
      if (slot >= shown) {
        target.hidden = true;
        return;
      }
      target.hidden = false;
      target.style.transform = `translateY(${slot * rowHeight - offset}px)`;
      target.dataset.row = String(index);
      target.id = `row-${slot}`;
      target.setAttribute('role', this.options.role === 'tree' ? 'treeitem' : 'option');
      target.setAttribute('aria-selected', String(index === this.selected));
      target.classList.toggle('selected', index === this.selected);
      target.classList.toggle('current', index === this.current);
      if (index === this.current) target.setAttribute('aria-current', 'true');
      else target.removeAttribute('aria-current');
      const row = this.cache.get(index);
      target.classList.toggle('placeholder', row === undefined);
      this.options.renderRow(target, row, index);
      if (row === undefined) this.need(index);
    });
    if (shown > 0) {
      // The pages just past either end of the view, so scrolling finds them ready.
      this.need(first + shown + Math.floor(this.options.pageSize / 2));
      this.need(first - Math.floor(this.options.pageSize / 2));
    }
    const selectedSlot = this.selected !== undefined ? this.selected - first : -1;
    if (selectedSlot >= 0 && selectedSlot < shown) this.root.setAttribute('aria-activedescendant', `row-${selectedSlot}`);
    else this.root.removeAttribute('aria-activedescendant');
    this.drawScrollbar();
  }

  private drawScrollbar(): void {
    const trackHeight = this.track.clientHeight;
    const visible = this.visibleRows();
    const hidden = this.total <= visible || trackHeight === 0;
    this.track.classList.toggle('idle', hidden);
    if (hidden) return;
    const thumbHeight = Math.max(24, (trackHeight * visible) / this.total);
    const maxTop = this.maxTop();
    const thumbTop = maxTop > 0 ? (this.top / maxTop) * (trackHeight - thumbHeight) : 0;
    this.thumb.style.height = `${thumbHeight}px`;
    this.thumb.style.transform = `translateY(${thumbTop}px)`;
  }

  private scrollBy(rows: number): void {
    this.top = Math.max(0, Math.min(this.top + rows, this.maxTop()));
    this.scheduleRender();
  }

  private scheduleRender(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private onWheel(event: WheelEvent): void {
    event.preventDefault();
    const unit = event.deltaMode === 1 ? this.options.rowHeight : event.deltaMode === 2 ? this.rowsElement.clientHeight : 1;
    this.scrollBy((event.deltaY * unit) / this.options.rowHeight);
  }

  private onTrackDown(event: PointerEvent): void {
    event.preventDefault();
    const trackHeight = this.track.clientHeight;
    const thumbHeight = this.thumb.getBoundingClientRect().height;
    const travel = Math.max(1, trackHeight - thumbHeight);
    const maxTop = this.maxTop();
    if (event.target !== this.thumb) {
      // A click on the track jumps there (the thumb's middle under the pointer).
      const y = event.clientY - this.track.getBoundingClientRect().top - thumbHeight / 2;
      this.top = Math.max(0, Math.min((y / travel) * maxTop, maxTop));
      this.render();
    }
    const startY = event.clientY;
    const startTop = this.top;
    this.track.setPointerCapture(event.pointerId);
    const move = (moved: PointerEvent) => {
      this.top = Math.max(0, Math.min(startTop + ((moved.clientY - startY) / travel) * maxTop, maxTop));
      this.scheduleRender();
    };
    const up = () => {
      this.track.removeEventListener('pointermove', move);
      this.track.removeEventListener('pointerup', up);
      this.track.removeEventListener('pointercancel', up);
    };
    this.track.addEventListener('pointermove', move);
    this.track.addEventListener('pointerup', up);
    this.track.addEventListener('pointercancel', up);
  }

  private onClick(event: MouseEvent): void {
    const target = event.target as Element | null;
    const rowElement = target?.closest<HTMLElement>('.vlist-row');
    if (!rowElement || rowElement.dataset.row === undefined) return;
    const index = Number(rowElement.dataset.row);
    const row = this.cache.get(index);
    this.select(index);
    this.root.focus();
    if (row === undefined) return;
    if (target?.closest('[data-action="travel"]')) this.options.onTravel(index, row);
    else this.options.onActivate(index, row);
  }

  private onKey(event: KeyboardEvent): void {
    const page = Math.max(1, Math.floor(this.visibleRows()) - 1);
    const from = this.selected ?? Math.floor(this.top);
    let to: number | undefined;
    switch (event.key) {
      case 'ArrowDown':
        to = from + 1;
        break;
      case 'ArrowUp':
        to = from - 1;
        break;
      case 'PageDown':
        to = from + page;
        break;
      case 'PageUp':
        to = from - page;
        break;
      case 'Home':
        to = 0;
        break;
      case 'End':
        to = this.total - 1;
        break;
      case 'Enter':
      case 't':
      case 'T': {
        const row = this.selected !== undefined ? this.cache.get(this.selected) : undefined;
        if (this.selected !== undefined && row !== undefined) {
          if (event.key === 'Enter') this.options.onActivate(this.selected, row);
          else this.options.onTravel(this.selected, row);
        }
        event.preventDefault();
        return;
      }
      default:
        return;
    }
    event.preventDefault();
    if (this.total === 0) return;
    this.selected = Math.max(0, Math.min(to, this.total - 1));
    this.scrollTo(this.selected, 'nearest');
  }
}
