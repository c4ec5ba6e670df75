import { useSignalEffect } from "@preact/signals";
import { UpdateBanner } from "./components/UpdateBanner";
import { lazyComponent } from "./components/lazyComponent";
import { t } from "./i18n";
import { Messenger } from "./pages/Messenger";
import { SignIn } from "./pages/SignIn";
import { SignUp } from "./pages/SignUp";
import { roomById } from "./state/rooms";
import { currentPath, redirectFor, route } from "./state/router";
import { sessionStatus } from "./state/session";

// Most people arrive through an invite link once, if ever.
const Join = lazyComponent(() => import("./pages/Join").then((m) => m.Join), () => t("app.loading"));

const TITLES: Record<string, string> = {
  "/signin": "Sign in · Parley",
  "/signup": "Create your account · Parley",
};

export function App() {
  useSignalEffect(() => {
    const current = route.value;
    const room = current.name === "room" ? roomById(current.roomId) : undefined;
    document.title = room ? `${room.title} · ${t("app.name")}` : (TITLES[currentPath.value] ?? t("app.name"));
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
  const current = route.value;
  // The splash covers the moment between a state change and the router's redirect, so a
  // signed-out visitor never glimpses the messenger (or the reverse).
  if (status === "loading" || redirectFor(status, path) !== null) return <Splash />;
  // An invite's page stands alone, for visitors and members alike.
  if (current.name === "join") return <Join token={current.token} />;
  if (status === "signed-in") return <Messenger />;
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
