import { useSignal } from "@preact/signals";
import { useEffect, useMemo } from "preact/hooks";
import type { NotificationSetting } from "../../../../schema/api";
import { t, type MessageKey } from "../../i18n";
import { createSubmission } from "../../state/form";
import { chooseNotifications, deviceSubscribed, loadNotificationSetting, notificationSetting, pushProblem, pushSupported } from "../../state/push";
import { FormAlert } from "../FormAlert";
import { ChoiceGroup } from "../screens/ChoiceGroup";
import { Panel } from "../screens/Panel";

const PROBLEMS = {
  unsupported: "settings.notifications.unsupported",
  blocked: "settings.notifications.blocked",
  unavailable: "settings.notifications.unavailable",
} as const satisfies Record<string, MessageKey>;

/** New-message notifications for the account, and this device's part in them. */
export function NotificationChoice() {
  const form = useMemo(() => createSubmission([]), []);
  // Shown while the browser asks for permission and the server saves; refused, it falls back.
  const choosing = useSignal<NotificationSetting | null>(null);
  useEffect(() => {
    void form.submit(loadNotificationSetting);
  }, [form]);

  const setting = notificationSetting.value;
  const problem = pushProblem.value;
  const choices = [
    { value: "on", label: t("settings.notifications.on"), description: t("settings.notifications.onHint") },
    { value: "no_preview", label: t("settings.notifications.noPreview"), description: t("settings.notifications.noPreviewHint") },
    { value: "off", label: t("settings.notifications.off"), description: t("settings.notifications.offHint") },
  ] as const satisfies readonly { value: NotificationSetting; label: string; description: string }[];
  // On for the account, but not here: this device never subscribed, or signed in anew.
  const elsewhere = setting !== null && setting !== "off" && pushSupported && !deviceSubscribed.value && problem === null;

  return (
    <Panel title={t("settings.notifications.title")} lead={t("settings.notifications.lead")}>
      {setting !== null && (
        <ChoiceGroup
          legend={t("settings.notifications.legend")}
          choices={choices}
          value={choosing.value ?? setting}
          onChange={(next) => {
            choosing.value = next;
            void form.submit(() => chooseNotifications(next)).finally(() => (choosing.value = null));
          }}
        />
      )}
      <p role="status">
        {form.pending.value ? t("settings.notifications.saving") : problem ? t(PROBLEMS[problem]) : elsewhere ? t("settings.notifications.elsewhere") : null}
      </p>
      <FormAlert message={form.alert} />
    </Panel>
  );
}
