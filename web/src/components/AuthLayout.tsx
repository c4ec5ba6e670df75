import type { ComponentChildren } from "preact";
import { restore, restoreProblem } from "../state/session";
import { PageHeading } from "./PageHeading";

interface AuthLayoutProps {
  title: string;
  lead: string;
  children: ComponentChildren;
  footer: ComponentChildren;
}

export function AuthLayout({ title, lead, children, footer }: AuthLayoutProps) {
  return (
    <div class="auth">
      <header class="auth-brand">
        <img src="/icons/icon.svg" alt="" width={40} height={40} />
        <span>Parley</span>
      </header>
      <main class="auth-card">
        <PageHeading>{title}</PageHeading>
        <p class="auth-lead">{lead}</p>
        <RestoreNotice />
        {children}
      </main>
      <footer class="auth-footer">{footer}</footer>
    </div>
  );
}

function RestoreNotice() {
  switch (restoreProblem.value) {
    case "offline":
      return (
        <p class="notice" role="status">
          You're offline, so Parley can't check for an existing session. It will pick up where you left off once
          you're back online.
        </p>
      );
    case "unavailable":
      return (
        <div class="notice" role="status">
          <p>Parley's server isn't answering, so your existing session, if any, couldn't be checked.</p>
          <button type="button" class="button button-quiet button-small" onClick={() => void restore()}>
            Check again
          </button>
        </div>
      );
    default:
      return null;
  }
}
