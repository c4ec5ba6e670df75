import { useSignalEffect } from "@preact/signals";
import { UpdateBanner } from "./components/UpdateBanner";
import { Shell } from "./pages/Shell";
import { SignIn } from "./pages/SignIn";
import { SignUp } from "./pages/SignUp";
import { currentPath, redirectFor } from "./state/router";
import { sessionStatus } from "./state/session";

const TITLES: Record<string, string> = {
  "/signin": "Sign in · Parley",
  "/signup": "Create your account · Parley",
  "/": "Parley",
};

export function App() {
  useSignalEffect(() => {
    document.title = TITLES[currentPath.value] ?? "Parley";
  });
  return (
    <>
      <Page />
      <UpdateBanner />
    </>
  );
}

function Page() {
  const status = sessionStatus.value;
  const path = currentPath.value;
  // The splash covers the moment between a state change and the router's redirect, so a
  // signed-out visitor never glimpses the shell (or the reverse).
  if (status === "loading" || redirectFor(status, path) !== null) return <Splash />;
  if (status === "signed-in") return <Shell />;
  return path === "/signup" ? <SignUp /> : <SignIn />;
}

function Splash() {
  return (
    <div class="splash" role="status">
      <img src="/icons/icon.svg" alt="" width={56} height={56} />
      <p>Opening Parley…</p>
    </div>
  );
}
