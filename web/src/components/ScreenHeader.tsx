import type { ComponentChildren } from "preact";
import { t } from "../i18n";
import { navigate } from "../state/router";
import { PageHeading } from "./PageHeading";
import "../styles/screens.css";

interface ScreenHeaderProps {
  title: string;
  /** Where Back leads when this screen was opened directly (a link, a reload, a notification). */
  backTo: string;
  /** Controls shown at the end of the header, such as a screen's main action. */
  children?: ComponentChildren;
}

/**
 * A screen's title bar. On a phone one screen fills the window, so it carries a Back
 * button; wider windows keep the room list in view and hide it.
 */
export function ScreenHeader({ title, backTo, children }: ScreenHeaderProps) {
  return (
    <header class="screen-header">
      <button type="button" class="screen-back" onClick={() => goBack(backTo)}>
        <span aria-hidden="true" class="screen-back-arrow">
          ←
        </span>
        <span class="visually-hidden">{t("screen.back")}</span>
      </button>
      <div class="screen-title">
        <PageHeading>{title}</PageHeading>
      </div>
      {children && <div class="screen-actions">{children}</div>}
    </header>
  );
}

// The Navigation API only lists this origin's entries, so canGoBack means the previous page
// is Parley's own; without it (or when this is the first page) Back goes to the fallback.
function goBack(fallback: string) {
  if (globalThis.navigation?.canGoBack) history.back();
  else navigate(fallback, { replace: true });
}
