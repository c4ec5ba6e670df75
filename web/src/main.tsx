import { render } from "preact";
import { App } from "./App";
import { startRouting } from "./state/router";
import { restore } from "./state/session";
import { applyTheme } from "./state/theme";
import { watchForUpdates } from "./state/update";
import "./styles.css";

applyTheme();
startRouting();
void restore();
watchForUpdates();
render(<App />, document.getElementById("app")!);
