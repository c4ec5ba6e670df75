import { useSignal, useSignalEffect } from "@preact/signals";
import { t } from "../i18n";
import { connectivity } from "../state/connectivity";

// A moment of "connecting" is normal at start and after a blip; only a longer one is worth a word.
const CONNECTING_NOTICE_DELAY_MS = 1500;

export function OfflineBanner() {
  const showConnecting = useSignal(false);
  useSignalEffect(() => {
    if (connectivity.value !== "connecting") {
      showConnecting.value = false;
      return;
    }
    const timer = setTimeout(() => {
      showConnecting.value = true;
    }, CONNECTING_NOTICE_DELAY_MS);
    return () => clearTimeout(timer);
  });
  const state = connectivity.value;
  const text = state === "offline" ? t("connection.offline") : state === "connecting" && showConnecting.value ? t("connection.connecting") : null;
  return (
    <div class="connection-banner" role="status" data-state={state} data-empty={text === null ? "" : undefined}>
      {text}
    </div>
  );
}
