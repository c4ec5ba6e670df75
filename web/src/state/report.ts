import { signal } from "@preact/signals";
import type { Message } from "../../../schema/messages";

/** The message a member is reporting: its dialog is open while this is set. */
export const reportTarget = signal<Message | null>(null, { name: "reportTarget" });
/** Set by the first report: from then on the dialog stays mounted, so closing it hands focus back. */
export const reportUsed = signal(false, { name: "reportUsed" });

export const openReport = (message: Message) => {
  reportUsed.value = true;
  reportTarget.value = message;
};

export const closeReport = () => {
  reportTarget.value = null;
};
