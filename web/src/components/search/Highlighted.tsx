import type { SearchSegment } from "../../../../schema/search";

/** Matched words in <mark>, the rest as plain text: never parsed as HTML. */
export function Highlighted({ segments }: { segments: readonly SearchSegment[] }) {
  return <>{segments.map((segment, index) => (segment.match ? <mark key={index}>{segment.text}</mark> : segment.text))}</>;
}
