import { useSignal } from "@preact/signals";
import { useId, useMemo } from "preact/hooks";
import type { Invite } from "../../../../schema/rooms";
import { createInvite } from "../../api";
import { t } from "../../i18n";
import { createSubmission } from "../../state/form";
import { FormAlert } from "../FormAlert";
import { DateTime } from "../screens/DateTime";
import { Panel } from "../screens/Panel";

const DAY = 24 * 3600;
const EXPIRY_CHOICES = [
  { seconds: 3600, key: "details.invite.hour" },
  { seconds: DAY, key: "details.invite.day" },
  { seconds: 7 * DAY, key: "details.invite.week" },
  { seconds: 30 * DAY, key: "details.invite.month" },
] as const;
const DEFAULT_EXPIRY = 7 * DAY;

/** Creates a link that lets people join by themselves, and hands it on. */
export function InviteLink({ roomId, roomTitle }: { roomId: string; roomTitle: string }) {
  const expiry = useSignal(DEFAULT_EXPIRY);
  const maxUses = useSignal("");
  const invite = useSignal<Invite | null>(null);
  const shared = useSignal<string | null>(null);
  const form = useMemo(() => createSubmission(["expires_in_seconds", "max_uses"]), []);
  const expiryId = useId();
  const usesId = useId();
  const linkId = useId();
  const usesError = form.fieldErrors.value.max_uses;

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    shared.value = null;
    const uses = maxUses.value.trim();
    void form.submit(async () => {
      invite.value = await createInvite(roomId, {
        expires_in_seconds: expiry.value,
        max_uses: uses === "" ? null : Number(uses),
      });
    });
  };

  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      shared.value = t("details.invite.copied");
    } catch {
      // Denied or unavailable: the link is selected instead, for the person to copy.
      (document.getElementById(linkId) as HTMLInputElement | null)?.select();
      shared.value = t("details.invite.copyFailed");
    }
  };

  const share = async (url: string) => {
    try {
      await navigator.share({ title: roomTitle, text: t("details.invite.shareText", { title: roomTitle }), url });
    } catch {
      // Dismissing the share sheet rejects too; there is nothing to report.
    }
  };

  const created = invite.value;
  return (
    <Panel title={t("details.invite.title")} lead={t("details.invite.lead")}>
      <form class="form form-inline" onSubmit={onSubmit} noValidate>
        <div class="field">
          <label for={expiryId}>{t("details.invite.expires")}</label>
          <select id={expiryId} value={expiry.value} onChange={(event) => (expiry.value = Number(event.currentTarget.value))}>
            {EXPIRY_CHOICES.map((choice) => (
              <option key={choice.seconds} value={choice.seconds}>
                {t(choice.key)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={usesId}>
            {t("details.invite.maxUses")}
            <span class="field-optional"> {t("field.optional")}</span>
          </label>
          <input
            id={usesId}
            type="number"
            inputMode="numeric"
            min={1}
            max={10000}
            value={maxUses.value}
            placeholder={t("details.invite.unlimited")}
            onInput={(event) => {
              maxUses.value = event.currentTarget.value;
              form.clearFieldError("max_uses");
            }}
            aria-invalid={usesError ? "true" : undefined}
            aria-describedby={usesError ? `${usesId}-error` : undefined}
          />
          {usesError && (
            <p id={`${usesId}-error`} class="field-error">
              <span aria-hidden="true">⚠ </span>
              {`${t("details.invite.maxUses")}: ${usesError}`}
            </p>
          )}
        </div>
        <FormAlert message={form.alert} />
        <button type="submit" class="button button-primary" disabled={form.pending.value}>
          {form.pending.value ? t("details.invite.creating") : created ? t("details.invite.createAnother") : t("details.invite.create")}
        </button>
      </form>
      {created && (
        <div class="invite-result">
          <div class="field">
            <label for={linkId}>{t("details.invite.link")}</label>
            <input id={linkId} type="text" class="invite-url" value={created.url} readOnly onFocus={(event) => event.currentTarget.select()} />
          </div>
          <p class="muted">
            {t("details.invite.expiresAt")} <DateTime iso={created.expires_at} />
            {" · "}
            {created.max_uses === null ? t("details.invite.anyUses") : t("details.invite.usesLeft", { count: created.max_uses })}
          </p>
          <div class="button-row">
            <button type="button" class="button button-quiet button-small" onClick={() => void copy(created.url)}>
              {t("details.invite.copy")}
            </button>
            {typeof navigator.share === "function" && (
              <button type="button" class="button button-quiet button-small" onClick={() => void share(created.url)}>
                {t("details.invite.share")}
              </button>
            )}
          </div>
          <p class="form-status" role="status">
            {shared.value ?? ""}
          </p>
        </div>
      )}
    </Panel>
  );
}
