import { signal } from "@preact/signals";
import { EmptyPane } from "../components/EmptyPane";
import { FirstRun } from "../components/FirstRun";
import { RoomList } from "../components/RoomList";
import { lazyComponent } from "../components/lazyComponent";
import { RoomView } from "../components/RoomView";
import { t } from "../i18n";
import { rooms, roomsKnown } from "../state/rooms";
import { route, type Route } from "../state/router";
import { currentUser } from "../state/session";
import "../styles/chat.css";
import { NotFound } from "./NotFound";

// Visited now and then, so their code loads on first visit rather than with the messenger.
const loading = () => t("app.loading");
const RoomDetails = lazyComponent(() => import("./RoomDetails").then((m) => m.RoomDetails), loading);
const NewChat = lazyComponent(() => import("./NewChat").then((m) => m.NewChat), loading);
const Settings = lazyComponent(() => import("./Settings").then((m) => m.Settings), loading);
const Admin = lazyComponent(() => import("./Admin").then((m) => m.Admin), loading);

// The signed-in layout. A desktop shows the room list beside whatever the route names; a
// phone shows one of them at a time, and the browser's Back walks from a room to the list.

const WIDE = matchMedia("(min-width: 768px)");
const wide = signal(WIDE.matches, { name: "wide" });
WIDE.addEventListener("change", () => {
  wide.value = WIDE.matches;
});

export function Messenger() {
  const current = route.value;
  if (!wide.value) {
    return <main class="messenger messenger-single">{current.name === "home" ? <RoomList standalone /> : <MainPane route={current} phone />}</main>;
  }
  return (
    <div class="messenger">
      <nav class="messenger-list" aria-labelledby="room-list-title">
        <RoomList standalone={false} />
      </nav>
      <main class="messenger-main">
        <MainPane route={current} phone={false} />
      </main>
    </div>
  );
}

function MainPane({ route: current, phone }: { route: Route; phone: boolean }) {
  switch (current.name) {
    case "room":
      return <RoomView roomId={current.roomId} showBack={phone} />;
    case "room-details":
      return <RoomDetails roomId={current.roomId} />;
    case "new-chat":
      return <NewChat />;
    case "settings":
      return <Settings />;
    case "admin":
      // Only administrators learn the area exists; the API refuses everyone else anyway.
      return currentUser.value?.is_admin ? <Admin section={current.section} /> : <NotFound />;
    case "home":
      return roomsKnown.value && rooms.value.length === 0 ? <FirstRun /> : <EmptyPane />;
    default:
      return <NotFound />;
  }
}
