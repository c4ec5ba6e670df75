import type { ComponentChildren } from "preact";
import { useId } from "preact/hooks";

interface PanelProps {
  title: string;
  /** A line under the title saying what the section is for. */
  lead?: string;
  tone?: "danger";
  children: ComponentChildren;
}

/** One titled section of a screen; screen readers list it as a region by its title. */
export function Panel({ title, lead, tone, children }: PanelProps) {
  const id = useId();
  return (
    <section class="panel" data-tone={tone} aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {lead && <p class="panel-lead">{lead}</p>}
      {children}
    </section>
  );
}
