import { render } from "preact";
import { App } from "./App";
import { startAccountLifecycle } from "./state/account";
import { listenForNotificationClicks } from "./state/push";
import { startRouting } from "./state/router";
import { restore } from "./state/session";
import { applyTheme } from "./state/theme";
import { watchForUpdates } from "./state/update";
import "./styles.css";

applyTheme();
startRouting();
startAccountLifecycle();
void restore();
watchForUpdates();
listenForNotificationClicks();
render(<App />, document.getElementById("app")!);
