import { signal } from "@preact/signals";
import type { ComponentType } from "preact";

/**
 * A component whose code loads the first time it is shown, keeping it out of the first
 * download. Until then (or if loading failed, until the next render) it shows `fallback`.
 */
export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>, fallback: () => string) {
  const loaded = signal<ComponentType<P> | null>(null);
  let loading: Promise<void> | null = null;
  return function Lazy(props: P) {
    const Component = loaded.value;
    if (Component) return <Component {...props} />;
    loading ??= load().then(
      (component) => {
        loaded.value = component;
      },
      () => {
        loading = null;
      },
    );
    return (
      <p class="lazy-loading" role="status">
        {fallback()}
      </p>
    );
  };
}
