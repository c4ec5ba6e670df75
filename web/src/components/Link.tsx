import type { ComponentChildren } from "preact";
import { navigate } from "../state/router";

interface LinkProps {
  href: string;
  class?: string;
  /** Marks the link to the page being shown (aria-current="page"). */
  current?: boolean;
  label?: string;
  children: ComponentChildren;
}

/** An ordinary link that stays in the app; modified clicks keep their browser meaning. */
export function Link({ href, class: className, current, label, children }: LinkProps) {
  const onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    navigate(href);
  };
  return (
    <a href={href} class={className} onClick={onClick} aria-current={current ? "page" : undefined} aria-label={label}>
      {children}
    </a>
  );
}
