import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";

let pagesShown = 0;

// The first page after a load is where the person already is. Every later one replaces
// what they were on, so focus moves to its heading and screen readers announce it.
interface PageHeadingProps {
  children: ComponentChildren;
  id?: string;
}

export function PageHeading({ children, id }: PageHeadingProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (pagesShown++ > 0) heading.current?.focus();
  }, []);
  return (
    <h1 ref={heading} id={id} tabIndex={-1}>
      {children}
    </h1>
  );
}
