import { useComputed, useSignal } from "@preact/signals";
import { elementScroll, measureElement, observeElementOffset, observeElementRect, Virtualizer, type VirtualizerOptions } from "@tanstack/virtual-core";
import { useEffect, useLayoutEffect, useMemo, useReducer, useRef } from "preact/hooks";
import type { Room } from "../../../schema/rooms";
import type { OutboxEntry } from "../store/db";
import { t } from "../i18n";
import { networkOnline } from "../state/connectivity";
import { outboxByRoom } from "../state/outbox";
import {
  atLatest,
  bottomVisible,
  endRequest,
  focusRequest,
  hasOlder,
  historyReady,
  loadNewer,
  loadOlder,
  loadingOlder,
  messages,
  showLatest,
} from "../state/room";
import { currentUser } from "../state/session";
import { Icon } from "./Icon";
import { MessageBubble } from "./MessageBubble";
import { buildRows, estimateRow, type Row } from "./messageRows";

// The room's history, virtualized: only the rows near the viewport are in the document, so
// a room of tens of thousands of messages scrolls like a short one. Anchored to the end:
// older pages prepended above keep what is on screen in place, and new messages are
// followed while the person is at the bottom.

const LOAD_AHEAD_ROWS = 3;
const AT_BOTTOM_PX = 48;
const FAR_FROM_BOTTOM_PX = 400;
const HIGHLIGHT_MS = 2000;
// The note above the first row ("loading earlier messages", "the beginning of …").
const HISTORY_NOTE_PX = 56;

type ListVirtualizer = Virtualizer<HTMLDivElement, HTMLDivElement>;
// One empty list for every render without pending messages, so the rows are not rebuilt.
const NO_PENDING: readonly OutboxEntry[] = [];

export function MessageList({ room }: { room: Room }) {
  const scroller = useRef<HTMLDivElement>(null);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const farFromBottom = useSignal(false);
  const highlighted = useSignal<number | null>(null);
  const me = currentUser.value?.id ?? null;
  const pending = outboxByRoom.value.get(room.id) ?? NO_PENDING;
  const rows = useMemo(
    () => buildRows(messages.value, atLatest.value ? pending : NO_PENDING, me),
    [messages.value, pending, atLatest.value, me],
  );
  const rowsRef = useRef<Row[]>(rows);
  rowsRef.current = rows;

  const options = (): VirtualizerOptions<HTMLDivElement, HTMLDivElement> => ({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: (index) => estimateRow(rowsRef.current[index]),
    getItemKey: (index) => rowsRef.current[index]?.key ?? index,
    observeElementRect,
    observeElementOffset,
    scrollToFn: elementScroll,
    measureElement,
    overscan: 6,
    paddingStart: HISTORY_NOTE_PX,
    anchorTo: "end",
    followOnAppend: true,
    scrollEndThreshold: AT_BOTTOM_PX,
    onChange: () => rerender(0),
  });
  const virtualizer = useMemo<ListVirtualizer>(() => new Virtualizer(options()), []);
  virtualizer.setOptions(options());

  useLayoutEffect(() => virtualizer._didMount(), []);
  useLayoutEffect(() => virtualizer._willUpdate());

  // When older rows arrive above, the virtualizer keeps the first visible row's start in
  // place; but that row itself can change at its top (its day label or sender name moves
  // to the new rows above it). Holding the bottom edge of the message on screen for a
  // moment, while the new rows are measured, keeps what the person reads where it was.
  const firstKey = rows[0]?.key ?? null;
  const previousFirstKey = useRef(firstKey);
  const anchor = useRef<Anchor | null>(null);
  if (firstKey !== previousFirstKey.current) {
    const before = previousFirstKey.current;
    previousFirstKey.current = firstKey;
    if (before !== null && rows.some((row) => row.key === before)) anchor.current = captureAnchor(scroller.current);
  }
  useLayoutEffect(() => {
    if (anchor.current) holdAnchor(scroller.current, anchor);
  });

  // The first rows of a room open at its newest message.
  const opened = useRef(false);
  useLayoutEffect(() => {
    if (opened.current || messages.value.length === 0) return;
    opened.current = true;
    virtualizer.scrollToEnd();
  }, [rows]);

  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (!opened.current) return;
    if (firstIndex <= LOAD_AHEAD_ROWS && hasOlder.peek() && !loadingOlder.peek()) void loadOlder();
    if (lastIndex >= rows.length - LOAD_AHEAD_ROWS && !atLatest.peek()) void loadNewer();
  }, [firstIndex, lastIndex, rows.length]);

  // Measured once per frame: reading the scroll sizes after every render and scroll event
  // forced a layout each time, the main cost of scrolling a long room.
  const edgesFrame = useRef(0);
  const onScroll = () => {
    if (edgesFrame.current !== 0) return;
    edgesFrame.current = requestAnimationFrame(() => {
      edgesFrame.current = 0;
      const element = scroller.current;
      if (!element) return;
      const distance = element.scrollHeight - element.scrollTop - element.clientHeight;
      bottomVisible.value = distance <= AT_BOTTOM_PX;
      farFromBottom.value = distance > FAR_FROM_BOTTOM_PX;
    });
  };
  useLayoutEffect(onScroll);
  useEffect(() => () => {
    cancelAnimationFrame(edgesFrame.current);
    bottomVisible.value = false;
  }, []);

  // Requests to scroll are handled after the render that holds their rows.
  const endWanted = endRequest.value;
  const focusWanted = focusRequest.value;
  const handledEnd = useRef(endWanted);
  const handledFocus = useRef<number | null>(null);
  const highlightTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(highlightTimer.current), []);
  useLayoutEffect(() => {
    if (endWanted !== handledEnd.current) {
      handledEnd.current = endWanted;
      virtualizer.scrollToEnd();
    }
    if (!focusWanted || focusWanted.nonce === handledFocus.current) return;
    const index = rows.findIndex((row) => row.type === "message" && row.message.seq === focusWanted.seq);
    if (index < 0) return;
    handledFocus.current = focusWanted.nonce;
    virtualizer.scrollToIndex(index, { align: "center" });
    highlighted.value = focusWanted.seq;
    clearTimeout(highlightTimer.current);
    highlightTimer.current = setTimeout(() => {
      highlighted.value = null;
    }, HIGHLIGHT_MS);
    focusWhenRendered(scroller.current, focusWanted.seq);
  });

  const showJump = useComputed(() => farFromBottom.value || !atLatest.value);

  return (
    <div class="message-list">
      <div
        ref={scroller}
        class="message-scroller"
        role="log"
        aria-label={t("room.messages", { title: room.title })}
        // New rows also appear while scrolling back (virtualization); announcing them would be
        // noise. Arrivals are announced on their own (RoomView's live region).
        aria-live="off"
        tabIndex={0}
        onScroll={onScroll}
      >
        <div class="message-canvas" style={{ height: `${virtualizer.getTotalSize()}px` }}>
          <div class="history-top" style={{ height: `${HISTORY_NOTE_PX}px` }}>
            <HistoryStart room={room} />
          </div>
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <div key={item.key} data-index={item.index} ref={virtualizer.measureElement} class="message-slot" style={{ transform: `translateY(${item.start}px)` }}>
                {row.day !== null && (
                  <div class="day-separator">
                    <span>{row.day}</span>
                  </div>
                )}
                {row.type === "message" ? (
                  <MessageBubble message={row.message} room={room} grouped={row.grouped} highlighted={row.message.seq === highlighted.value} />
                ) : (
                  <MessageBubble pending={row.entry} room={room} grouped={row.grouped} highlighted={false} />
                )}
              </div>
            );
          })}
        </div>
      </div>
      {showJump.value && (
        <button type="button" class="jump-latest" onClick={() => void showLatest()}>
          <Icon name="down" size={18} />
          {t("room.jumpToLatest")}
        </button>
      )}
    </div>
  );
}

interface Anchor {
  seq: string;
  /** Where the message's bottom edge was, from the top of the list's viewport. */
  offset: number;
  until: number;
  holding: boolean;
}

// Long enough for a slow device to measure the new rows; the person's own scrolling ends
// the hold at once, so holding longer never fights them.
const ANCHOR_HOLD_MS = 1500;

// Read before the new rows reach the document: the first message on screen. Its bottom is
// held rather than its top, since what changes in it when rows arrive above is at its top.
function captureAnchor(scroller: HTMLElement | null): Anchor | null {
  if (!scroller) return null;
  const top = scroller.getBoundingClientRect().top;
  for (const element of scroller.querySelectorAll<HTMLElement>("[data-seq]")) {
    const bounds = element.getBoundingClientRect();
    if (bounds.top >= top) return { seq: element.dataset.seq!, offset: bounds.bottom - top, until: performance.now() + ANCHOR_HOLD_MS, holding: false };
  }
  return null;
}

function holdAnchor(scroller: HTMLElement | null, anchor: { current: Anchor | null }) {
  const held = anchor.current;
  if (!scroller || !held || held.holding) return;
  held.holding = true;
  const release = () => {
    if (anchor.current === held) anchor.current = null;
    for (const type of ["wheel", "touchstart", "keydown", "pointerdown"] as const) scroller.removeEventListener(type, release);
  };
  // The person scrolling takes over at once.
  for (const type of ["wheel", "touchstart", "keydown", "pointerdown"] as const) scroller.addEventListener(type, release, { passive: true });
  const step = () => {
    if (anchor.current !== held) return;
    if (performance.now() > held.until) return release();
    const element = scroller.querySelector<HTMLElement>(`[data-seq="${held.seq}"]`);
    if (element) {
      const drift = element.getBoundingClientRect().bottom - scroller.getBoundingClientRect().top - held.offset;
      if (Math.abs(drift) >= 1) scroller.scrollTop += drift;
    }
    requestAnimationFrame(step);
  };
  step();
}

// Keyboard and screen reader users land on the message they asked for, once the list has
// scrolled far enough to render it.
function focusWhenRendered(scroller: HTMLElement | null, seq: number, framesLeft = 20) {
  const element = scroller?.querySelector<HTMLElement>(`[data-seq="${seq}"]`);
  if (element) element.focus({ preventScroll: true });
  else if (framesLeft > 0) requestAnimationFrame(() => focusWhenRendered(scroller, seq, framesLeft - 1));
}

function HistoryStart({ room }: { room: Room }) {
  if (hasOlder.value) {
    return (
      <p class="history-note" role="status">
        {loadingOlder.value ? t("room.loadingOlder") : t("room.scrollForOlder")}
      </p>
    );
  }
  if (!historyReady.value) {
    return (
      <p class="history-note" role="status">
        {networkOnline.value ? t("room.loading") : t("room.offlineNoHistory")}
      </p>
    );
  }
  return <p class="history-note">{room.kind === "direct" ? t("room.startDirect", { name: room.title }) : t("room.start", { title: room.title })}</p>;
}
