import { signal } from "@preact/signals";

// The browser's offer to install Parley, kept until the person takes it or turns it down.

interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: "accepted" | "dismissed" }>;
}

const DISMISSED_KEY = "parley.installDismissed";

export const installOffer = signal<BeforeInstallPromptEvent | null>(null, { name: "installOffer" });
export const installDismissed = signal(localStorage.getItem(DISMISSED_KEY) === "1", { name: "installDismissed" });

addEventListener("beforeinstallprompt", (event) => {
  // Keep the browser's own mini-infobar away; the app offers it in its own place.
  event.preventDefault();
  installOffer.value = event as BeforeInstallPromptEvent;
});

addEventListener("appinstalled", () => {
  installOffer.value = null;
});

export async function install() {
  const offer = installOffer.peek();
  if (!offer) return;
  installOffer.value = null;
  await offer.prompt();
}

export function dismissInstall() {
  installDismissed.value = true;
  localStorage.setItem(DISMISSED_KEY, "1");
}
